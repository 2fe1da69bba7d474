// TLS 1.3 resumption with tickets (RFC 8446 §2.2, §4.2.9, §4.2.11, §4.6.1): what a client
// offers in pre_shared_key, the binders over the truncated ClientHello, the server's choice of
// an identity, and the tickets a server issues and a client keeps.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "base/bytes.h"
#include "base/result.h"
#include "crypto/provider.h"
#include "handshake/engine.h"
#include "handshake/transcript.h"
#include "session/session_state.h"
#include "wire/ext_pre_shared_key.h"
#include "wire/msg_client_hello.h"

namespace tlskit::handshake {

// A ticket a client offers (one identity; tlskit clients keep one session per server).
struct ResumptionOffer {
  session::ClientSession session;  // for an external PSK: identity as ticket, key as secret
  bool external = false;           // an external PSK (binder label "ext binder", RFC 8446 §7.1)
  crypto::HashAlg hash{};  // the hash of the session's suite: only suites with it may resume
  OfferedPsks psks;        // the extension as sent (binders patched after writing)
};

// The PSK to offer with this configuration at `now`, or nullopt: a TLS 1.3 session with a
// ticket that is not expired, for the same server name (RFC 8446 §4.6.1: clients SHOULD only
// resume under the original SNI), whose suite is among the offered ones; else the first
// external PSK whose hash some offered TLS 1.3 suite uses.
std::optional<ResumptionOffer> choose_resumption(const Config& config, std::string_view sni,
                                                 std::span<const CipherSuite> offered_suites,
                                                 int64_t now);

// The obfuscated ticket age (RFC 8446 §4.2.11.1): milliseconds since the ticket was received
// plus ticket_age_add, modulo 2^32.
uint32_t obfuscated_ticket_age(const session::ClientSession& s, int64_t now_ms);

// binder = HMAC(finished_key(binder_key), Transcript-Hash(Truncate(ClientHello))), with the
// binder key from the early secret of psk (RFC 8446 §4.2.11.2, §7.1). external picks
// "ext binder" over "res binder".
Result<Bytes> psk_binder(const crypto::Provider& p, crypto::HashAlg h, ByteView psk,
                         ByteView truncated_transcript_hash, bool external);

// The PSK identity a server accepted.
struct AcceptedPsk {
  uint16_t index = 0;             // selected_identity
  session::SessionState state;    // the ticket's contents
  bool external = false;          // an external PSK, not a ticket
  Bytes identity;                 // the identity as offered (the ticket)
  uint32_t obfuscated_ticket_age = 0;  // as offered (RFC 8446 §4.2.11.1)
  bool psk_ke = false;            // psk_ke: no (EC)DHE in this handshake (RFC 8446 §4.2.9)
};

// Server: picks the first offered identity that is one of our external PSKs, or opens with our
// ticket keys (or is in the session cache, for stateful tickets) and may resume
// here (RFC 8446 §4.2.11): TLS 1.3, not expired, a suite with the negotiated hash, the same
// SNI and ALPN as now; then checks its binder in constant time over transcript (the messages
// before this ClientHello) + the truncated ClientHello. An identity that cannot be used means
// a full handshake, not an error; a wrong binder for the chosen identity is decrypt_error
// (RFC 8446 §4.2.11). The key exchange mode (§4.2.9): psk_ke when Config::psk_ke is set and the
// client lists it; else psk_dhe_ke when the client lists it and have_share (a key share for our
// group came); else no PSK. Errors carry Step::client_hello.
Result<std::optional<AcceptedPsk>> server_accept_psk(const EngineEnv& env,
                                                     const ClientHello& ch,
                                                     ByteView client_hello_message,
                                                     const Transcript& transcript,
                                                     crypto::HashAlg hash,
                                                     std::string_view sni,
                                                     std::string_view alpn, bool have_share);

// Server: the ClientHello lists psk_ke and Config::psk_ke allows it, so a PSK may be accepted
// without a key share (malformed modes count as no).
bool psk_ke_possible(const Config& config, const ClientHello& ch);

// Tickets a server sends after a TLS 1.3 handshake, by default (RFC 8446 §4.6.1 lets it send
// several; two lets a client open two connections, as OpenSSL does).
inline constexpr uint32_t kDefaultTls13Tickets = 2;

}  // namespace tlskit::handshake
