// Follow-up probes: when the first handshake cannot tell a version, suite or group problem
// apart, a few short extra connections with one version only / wider suite or group lists find
// out what the server does accept. Bounded in number and time.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "inspector/diagnosis.h"
#include "inspector/inspector.h"

namespace tlskit::tools {

// Most probes run after one failure.
inline constexpr size_t kMaxProbes = 12;
// Most cipher suites enumerated per version (each costs a connection).
inline constexpr size_t kMaxSuiteProbesPerVersion = 4;
// Id of the probe that repeats the client's offer without its post-quantum key share.
inline constexpr const char* kProbeWithoutPostQuantum = "without_post_quantum";

// One planned probe: what to offer.
struct ProbeSpec {
  std::string id;
  std::string description;
  std::vector<ProtocolVersion> versions;
  std::vector<CipherSuite> cipher_suites;
  std::vector<NamedGroup> groups;
};

// Runs one probe and reports what the server chose.
using ProbeRunner = std::function<ProbeResult(const ProbeSpec&)>;

// The probing strategy, independent of sockets. For ProbeNeed::post_quantum, first the client's
// own offer without its hybrid groups (one probe); if that is answered, or the failure was a
// timeout, nothing more. Then version probes (each version alone with
// every suite and group), then for a negotiation failure the suites the server accepts (by
// elimination) and the groups it accepts (one at a time). Returns at most kMaxProbes results.
std::vector<ProbeResult> run_probe_plan(const Report& report, ProbeNeed need,
                                        const std::vector<NamedGroup>& implemented_groups,
                                        const ProbeRunner& run);

// Runs the plan with real connections made by connector, on a copy of config (verification
// off, no ALPN, no client certificate, short timeouts).
std::vector<ProbeResult> run_probes(const Report& report, ProbeNeed need, const Config& config,
                                    const Connector& connector, const Clock& clock);

// The suites tlskit implements for one version, in default preference order.
std::vector<CipherSuite> implemented_suites(ProtocolVersion v);

}  // namespace tlskit::tools
