// Session ticket protection: AEAD-encrypted tickets under rotating keys (current + previous).
// Shared by TLS 1.2 tickets (RFC 5077) and TLS 1.3 tickets (RFC 8446 §4.6.1).
// The keys are either a local ring (create, from_keys) or come from a TicketKeySource shared by
// a fleet of servers (from_source; session/ticket_key_source.h).
//
// Ticket layout, following the structure RFC 5077 §4 recommends, with an AEAD in place of
// AES-CBC + HMAC (the key name and nonce are authenticated as associated data):
//
//   opaque key_name[16];      names the key that sealed it (random per key)
//   opaque nonce[12];         random per ticket
//   opaque encrypted_state[]; AES-256-GCM of a serialized SessionState
//   opaque tag[16];
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>

#include "base/bytes.h"
#include "base/result.h"
#include "base/rng.h"
#include "crypto/provider.h"
#include "session/session_state.h"

namespace tlskit::session {

class TicketKeySource;
class SourcedTicketKeys;

inline constexpr size_t kTicketKeyNameSize = 16;
inline constexpr size_t kTicketKeySize = 32;    // AES-256-GCM
inline constexpr size_t kTicketNonceSize = 12;
inline constexpr size_t kTicketTagSize = 16;
inline constexpr size_t kTicketOverhead = kTicketKeyNameSize + kTicketNonceSize + kTicketTagSize;
// Tickets sealed with one key before it is rotated automatically: random 96-bit GCM nonces
// keep the collision probability below 2^-40 at this count (NIST SP 800-38D §8.3 asks < 2^-32).
inline constexpr uint64_t kMaxTicketsPerKey = uint64_t{1} << 28;
// Default time a key seals tickets before it is replaced (and then still opens tickets for one
// more ticket lifetime as the previous key).
inline constexpr uint32_t kDefaultTicketKeyRotation = 12 * 3600;

// One ticket key: its public name and its secret AEAD key.
struct TicketKeyMaterial {
  std::array<uint8_t, kTicketKeyNameSize> name{};
  SecretBytes key;       // kTicketKeySize bytes
  int64_t created = 0;   // Unix seconds when it started sealing tickets
};

// A ticket that opened.
struct OpenedTicket {
  SecretBytes plaintext;
  // The ticket was sealed by the previous key: the server should issue a fresh ticket.
  bool renew = false;
};

// Settings of a key ring.
struct TicketKeyOptions {
  // A key seals tickets for this many seconds, then is replaced by a fresh random key.
  // 0 = never rotate by time (only by rotate() or by the per-key ticket count).
  uint32_t rotation_interval = kDefaultTicketKeyRotation;
  // The longest lifetime of a ticket sealed by this ring: the previous key keeps opening
  // tickets for this long after it stopped sealing.
  uint32_t ticket_lifetime = kDefaultSessionLifetime;
};

// A ring of ticket keys: the current key seals, the current and the previous key open.
// Safe to share between connections and threads (one internal mutex).
class TicketKeys {
 public:
  // A ring with one fresh random key from rng. Fails with crypto_failure if the provider
  // cannot make the AEAD, config_invalid if ticket_lifetime is over 7 days.
  static Result<std::shared_ptr<TicketKeys>> create(const crypto::Provider& provider, Rng& rng,
                                                    int64_t now, TicketKeyOptions options = {});
  // A ring from given keys (servers sharing keys, tests). previous may be absent.
  // config_invalid when a key is not kTicketKeySize bytes or both keys have the same name.
  static Result<std::shared_ptr<TicketKeys>> from_keys(const crypto::Provider& provider,
                                                       TicketKeyMaterial current,
                                                       std::optional<TicketKeyMaterial> previous,
                                                       TicketKeyOptions options = {});
  // A ring whose keys come from source (servers sharing keys): it seals with the source's key
  // for the current period, opens with every key it holds (previous periods, current, next),
  // asks the source again when the period changes (at most once a second while it fails,
  // keeping the keys it holds meanwhile) and every recheck_interval seconds within a period.
  // options.rotation_interval is taken from the source. Fails with the source's error when
  // the first fetch fails (no key is held yet), config_invalid when ticket_lifetime is over 7
  // days or the source returns unusable keys, crypto_failure if the AEAD cannot be made.
  static Result<std::shared_ptr<TicketKeys>> from_source(const crypto::Provider& provider,
                                                         std::shared_ptr<TicketKeySource> source,
                                                         int64_t now, TicketKeyOptions options,
                                                         uint32_t recheck_interval = 60);

  // Encrypts plaintext into a ticket (layout above). Rotates first when the current key is
  // older than the rotation interval or has sealed kMaxTicketsPerKey tickets. Fails with
  // limit_exceeded when the ticket would exceed 65535 bytes, crypto_failure if the AEAD fails.
  Result<Bytes> seal(ByteView plaintext, Rng& rng, int64_t now);

  // Decrypts a ticket. nullopt when it is malformed, names no key we hold (including a
  // previous key past its grace period), or fails authentication; a server then simply does a
  // full handshake (RFC 5077 §3.3), so no reason is returned.
  std::optional<OpenedTicket> open(ByteView ticket, int64_t now) const;

  // Seals a serialized SessionState; errors as serialize_session and seal.
  Result<Bytes> seal_session(const SessionState& state, Rng& rng, int64_t now);
  // seal_session(), and when the state is too large with the peer's chain (client
  // certificates), again with a SHA-256 of the chain instead of the chain.
  Result<Bytes> seal_session_compact(SessionState state, Rng& rng, int64_t now);
  // Opens a ticket and parses its SessionState. nullopt when the ticket does not open, does
  // not parse, or the session has expired at `now`.
  std::optional<std::pair<SessionState, bool>> open_session(ByteView ticket, int64_t now) const;

  // Makes a fresh random key current; the old current becomes the previous key. With keys from
  // a source, config_invalid: the source rotates them by period.
  Result<void> rotate(Rng& rng, int64_t now);

  // The name of the key that currently seals (for tests and diagnostics); with a source, the
  // key of the period of its last successful fetch.
  std::array<uint8_t, kTicketKeyNameSize> current_name() const;
  // True when a previous key is held (with a source: a key of an earlier period).
  bool has_previous() const;
  // True when the keys come from a TicketKeySource.
  bool shared() const { return sourced_ != nullptr; }
  const TicketKeyOptions& options() const { return options_; }

  TicketKeys(const TicketKeys&) = delete;
  TicketKeys& operator=(const TicketKeys&) = delete;
  ~TicketKeys();

 private:
  struct Slot {
    TicketKeyMaterial material;
    std::unique_ptr<crypto::Aead> aead;
    uint64_t sealed = 0;     // tickets sealed with this key
    int64_t retired = 0;     // when it stopped sealing (previous key only)
  };
  TicketKeys(const crypto::Provider& provider, TicketKeyOptions options);
  Result<Slot> make_slot(TicketKeyMaterial m) const;
  Result<void> rotate_locked(Rng& rng, int64_t now);
  bool previous_usable(int64_t now) const;

  const crypto::Provider& provider_;
  TicketKeyOptions options_;
  mutable std::mutex mu_;
  Slot current_;
  std::optional<Slot> previous_;
  // Set by from_source: then every operation goes to it and the slots above stay empty.
  std::unique_ptr<SourcedTicketKeys> sourced_;
};

}  // namespace tlskit::session
