// A safe, bounded Heartbleed probe (CVE-2014-0160): a TLS <= 1.2 hello offering the heartbeat
// extension (RFC 6520), read up to ServerHelloDone, then one HeartbeatRequest record whose
// payload_length (16384) claims more than it carries (0 bytes). A patched server drops it
// silently (RFC 6520 §4) or alerts; a vulnerable one answers with a HeartbeatResponse carrying
// its memory, which is read (at most kMaxHeartbleedBytes) only to detect it, never kept.
#pragma once
#include <optional>
#include <string>

#include "base/clock.h"
#include "base/rng.h"
#include "probe/prober.h"

namespace tlskit::tools::scan {

// Bounds of the probe.
inline constexpr size_t kMaxHeartbleedBytes = 64 * 1024;
inline constexpr int kHeartbleedWaitMs = 1500;  // wait for a HeartbeatResponse after the request

// The verdict.
struct HeartbleedResult {
  std::optional<bool> vulnerable;  // null: could not tell (no heartbeat, no handshake)
  std::string detail;
};

// Runs the probe over one connection from dial, for `version` (TLS 1.0 .. 1.2). Never fails.
HeartbleedResult probe_heartbleed(const probe::Dialer& dial, ProtocolVersion version, const std::string& sni,
                                  Rng& rng, const Clock& clock, int timeout_ms);

// True when data (records from the server after the request) holds a heartbeat record
// (content type 24) with more than 3 bytes: the server answered the malformed request.
bool heartbeat_response_in(ByteView data);

}  // namespace tlskit::tools::scan
