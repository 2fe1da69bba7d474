// Client compatibility simulation: the ClientHellos of common clients (versions, cipher suites in
// their order, groups, key shares, signature schemes), written for tlskit from the clients'
// documented defaults, sent through the probe engine; the server's ServerHello tells what each
// client would negotiate, or why it would fail.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "probe/probe_request.h"
#include "scan/scan_report.h"

namespace tlskit::tools::scan {

// One client's first flight.
struct SimulatedClient {
  std::string name;                      // "Chrome 131"
  ProtocolVersion min_version = ProtocolVersion::tls1_2;
  ProtocolVersion max_version = ProtocolVersion::tls1_3;
  std::vector<uint16_t> suites;          // IANA values, in the client's order
  std::vector<uint16_t> groups;          // supported_groups
  std::vector<uint16_t> key_shares;      // TLS 1.3 key shares (a subset of groups)
  std::vector<uint16_t> signature_schemes;
  std::vector<std::string> alpn;
};

// The table (tools/scan/client_sim.cpp), newest first per family.
const std::vector<SimulatedClient>& simulated_clients();

// The probe request of client c for a server named sni ("" no SNI).
probe::ProbeRequest client_request(const SimulatedClient& c, const std::string& sni);

// What the client would get from the server's answer o.
ClientResult client_result(const SimulatedClient& c, const probe::ProbeOutcome& o);

// Runs every client in one batch.
std::vector<ClientResult> simulate_clients(const probe::BatchRunner& run, const std::string& sni);

}  // namespace tlskit::tools::scan
