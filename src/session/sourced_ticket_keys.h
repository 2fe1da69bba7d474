// The key ring of a TicketKeys whose keys come from a TicketKeySource (servers sharing keys):
// it seals with the key of the period it is in, opens with every key it holds, asks the source
// again when the period changes, and keeps working with the keys it holds while the source
// fails. Internal to TicketKeys (session/ticket_keys.h: TicketKeys::from_source).
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "base/rng.h"
#include "crypto/provider.h"
#include "session/ticket_key_source.h"
#include "session/ticket_keys.h"

namespace tlskit::session {

// How often the held keys are compared with the source within one period, in seconds: if the
// source lost its keys and made new ones (e.g. Redis restarted without persistence), servers
// converge on the new ones this fast, and still open tickets sealed with the lost ones.
inline constexpr uint32_t kSharedTicketKeyRecheck = 60;
// After a failed fetch, the source is asked again at most once per this many seconds.
inline constexpr uint32_t kSharedTicketKeyRetry = 1;

// Keys from a source, held with the period each seals in. Thread-safe (one mutex); the source
// is called outside the mutex, by one thread at a time, while the others use the held keys.
class SourcedTicketKeys {
 public:
  // Fetches the keys for now once; fails with the source's error (there is nothing to hold
  // yet), or crypto_failure / config_invalid when a key cannot be used.
  static Result<std::unique_ptr<SourcedTicketKeys>> create(const crypto::Provider& provider,
                                                           std::shared_ptr<TicketKeySource> source,
                                                           int64_t now, uint32_t ticket_lifetime,
                                                           uint32_t recheck_interval);

  // Seals with the key of now's period (the held key nearest below it while the source is
  // unreachable). Errors as seal_ticket.
  Result<Bytes> seal(ByteView plaintext, Rng& rng, int64_t now);
  // Opens with any held key whose tickets can still be alive at now; renew when the ticket's
  // key is not the one sealing at now. nullopt when no held key opens it.
  std::optional<OpenedTicket> open(ByteView ticket, int64_t now);

  // The name of the key of the held period (the period of the last successful fetch).
  std::array<uint8_t, kTicketKeyNameSize> current_name() const;
  // True when a key of an earlier period (or one the source no longer hands out) is held.
  bool has_previous() const;
  // The period of the last successful fetch.
  int64_t held_period() const;

  ~SourcedTicketKeys();

 private:
  struct Slot {
    TicketKeyMaterial material;
    std::unique_ptr<crypto::Aead> aead;
    int64_t period = 0;
    int64_t open_until = 0;  // the last second a ticket it sealed may still be alive
    bool from_source = true;  // false: the source no longer hands it out; kept to open tickets
  };
  SourcedTicketKeys(const crypto::Provider& provider, std::shared_ptr<TicketKeySource> source,
                    uint32_t ticket_lifetime, uint32_t recheck_interval);
  // Asks the source when the period changed or the recheck is due (not more often than
  // kSharedTicketKeyRetry after a failure); keeps the held keys when it fails.
  void refresh_if_due(int64_t now);
  Result<void> install_locked(const SharedTicketKeys& keys, int64_t now);
  Result<Slot> make_slot(const TicketKeyMaterial& m, int64_t period, uint32_t interval);
  Slot* seal_slot_locked(int64_t now);

  const crypto::Provider& provider_;
  std::shared_ptr<TicketKeySource> source_;
  const uint32_t ticket_lifetime_;
  const uint32_t recheck_interval_;
  const uint32_t interval_;
  mutable std::mutex mu_;
  std::vector<Slot> slots_;
  int64_t held_period_ = 0;
  int64_t recheck_at_ = 0;  // compare with the source again from this second
  int64_t retry_at_ = 0;    // after a failure: not before this second
  bool refreshing_ = false; // a thread is calling the source
};

}  // namespace tlskit::session
