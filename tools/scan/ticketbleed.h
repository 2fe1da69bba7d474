// A safe ticketbleed probe (CVE-2016-9244, F5 BIG-IP): resume a TLS 1.2 ticket while sending a
// 1-byte session ID. RFC 5077 §3.4 has the server echo the client's session ID when it accepts
// the ticket; an affected server echoes 32 bytes, the 31 after ours being its memory. The
// ticket comes from one full TLS 1.2 handshake with tlskit's own client (ECDHE, AEAD, with the
// extended master secret: tlskit keeps no session without it). The echoed bytes are compared,
// never kept.
#pragma once
#include <optional>
#include <string>

#include "base/clock.h"
#include "base/rng.h"
#include "probe/prober.h"
#include "scan/ccs_injection.h"

namespace tlskit::tools::scan {

// The session ID byte the probe sends.
inline constexpr uint8_t kTicketbleedSessionIdByte = 0x5a;

// A TLS 1.2 ticket from a full handshake over one connection from dial (no verification; the
// scan checks the chain elsewhere); nullopt when the server gives none or the handshake fails.
std::optional<Bytes> fetch_tls12_ticket(const probe::Dialer& dial, const std::string& sni,
                                        const Clock& clock, int timeout_ms);

// Runs the probe with ticket over one connection from dial.
ProbeVerdict probe_ticketbleed(const probe::Dialer& dial, const Bytes& ticket,
                               const std::string& sni, Rng& rng, const Clock& clock,
                               int timeout_ms);

// The verdict from the ServerHello's session ID and whether the server resumed (no Certificate
// followed the ServerHello).
ProbeVerdict judge_ticketbleed(ByteView echoed_session_id, bool resumed);

}  // namespace tlskit::tools::scan
