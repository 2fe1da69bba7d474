// A safe CCS injection probe (CVE-2014-0224): after the server's first flight, a
// ChangeCipherSpec before any key exchange. A fixed server refuses it (unexpected_message,
// RFC 5246 §7.1) or closes; an affected OpenSSL (before 0.9.8za / 1.0.0m / 1.0.1h) takes it
// silently and switches to keys derived from an empty master secret, so the next record fails
// to decrypt: bad_record_mac or decryption_failed. No secret is derived or read.
#pragma once
#include <optional>
#include <string>

#include "base/clock.h"
#include "base/rng.h"
#include "probe/prober.h"

namespace tlskit::tools::scan {

// How long the probe waits for the server's reaction to each record.
inline constexpr int kCcsInjectionWaitMs = 1500;

// The verdict of one vulnerability probe.
struct ProbeVerdict {
  std::optional<bool> vulnerable;  // null: could not tell (no handshake to probe)
  std::string detail;
};

// Runs the probe over one connection from dial, for `version` (SSL 3.0 .. TLS 1.2).
ProbeVerdict probe_ccs_injection(const probe::Dialer& dial, ProtocolVersion version,
                                 const std::string& sni, Rng& rng, const Clock& clock,
                                 int timeout_ms);

// The verdict from the alert (if any) that answered the early ChangeCipherSpec, and the one
// that answered the record sent after it (nullopt: none, or the first one already decided).
ProbeVerdict judge_ccs_injection(std::optional<uint8_t> alert_after_ccs, bool answered_after_ccs,
                                 std::optional<uint8_t> alert_after_record);

}  // namespace tlskit::tools::scan
