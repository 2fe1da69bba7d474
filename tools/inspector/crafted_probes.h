// Crafted probes for the debugger: when the first handshake failed and tlskit's own probes
// (probes.h) found nothing the server accepts, the probe engine (src/probe/, tools/probe/) offers
// what tlskit cannot (SSL 3.0 .. TLS 1.1, DHE, RSA key transport, CBC, FFDHE groups, ...) and
// names what the server wants. Bounded: at most kMaxCraftedProbes connections.
#pragma once
#include <string>
#include <vector>

#include "inspector/diagnosis.h"
#include "inspector/inspector.h"
#include "probe/probe_request.h"

namespace tlskit::tools {

// Most crafted probes after one failure (versions 5, suites 4 per version, groups 17).
inline constexpr size_t kMaxCraftedProbes = 48;
// Most suites named per version (each costs a connection).
inline constexpr size_t kMaxCraftedSuitesPerVersion = 4;
// Prefix of every crafted probe id ("crafted_tls1_0", "crafted_tls1_2_suites_2", ...).
inline constexpr const char* kCraftedPrefix = "crafted_";

// True when the crafted probes should run: the failure called for probes (need != none), none
// of tlskit's own probes was accepted, and (for ProbeNeed::post_quantum) the plan went on to the
// negotiation probes, i.e. the server answers something.
bool crafted_probes_wanted(ProbeNeed need, const std::vector<ProbeResult>& native);

// The crafted plan (pure over run): 1. every version SSL 3.0 .. TLS 1.3 alone, offering every
// registered suite and group for it (one batch); 2. for each version accepted, the suites by
// elimination (at most kMaxCraftedSuitesPerVersion); 3. when TLS 1.3 was accepted, each group
// alone with its key share (only the accepted ones are reported). Results are ProbeResults
// with crafted = true.
std::vector<ProbeResult> run_crafted_probe_plan(const Report& report, const probe::BatchRunner& run);

// Runs the plan over connections from connector (4 at once, 3 s per read, one retry on resets).
std::vector<ProbeResult> run_crafted_probes(const Report& report, const Connector& connector,
                                            const Clock& clock);

// Why tlskit does not offer s in v, one clause for the diagnosis: "a finite-field DHE suite
// tlskit does not offer because its TLS 1.2 does ECDHE key exchange only (...)"; empty when
// tlskit implements s.
std::string suite_not_offered_reason(CipherSuite s, ProtocolVersion v);

// Why tlskit does not offer group g: "a finite-field (RFC 7919) group tlskit does not offer
// because it does ECDHE and ML-KEM key exchange only (...)"; empty when it implements g.
std::string group_not_offered_reason(NamedGroup g);

// True when tlskit implements version v (TLS 1.2 and 1.3).
bool version_implemented(ProtocolVersion v);

}  // namespace tlskit::tools
