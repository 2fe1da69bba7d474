// The inspector: runs a client Connection over a byte transport and records a Report (every
// message with its time, the negotiated parameters, the error), then finishes the report
// (certificate summaries, flights, diagnosis, exit code).
#pragma once
#include <functional>
#include <memory>

#include "base/clock.h"
#include "inspector/report.h"
#include "inspector/transport.h"
#include "io/tcp.h"
#include "tlskit/connection.h"

namespace tlskit::tools {

// Limits of one inspected handshake.
struct RunOptions {
  int io_timeout_ms = 10000;         // one read or write
  int handshake_timeout_ms = 15000;  // the whole handshake
  // After the handshake: keep reading this long for a late alert (TLS 1.3 servers reject a
  // client certificate after the client's Finished) and for session tickets.
  int linger_ms = 300;
  // Longer linger when the server asked for a client certificate (its verdict comes late).
  int linger_client_auth_ms = 1000;
  // 0-RTT data to send with the ClientHello when the config's session allows it.
  Bytes early_data;
};

// Upper bound on read/feed rounds in one handshake (a handshake needs a few dozen).
inline constexpr int kMaxHandshakeRounds = 10000;

// Runs a client handshake over transport with config (record_events is forced on) and records
// into report: events (decoded), info, error, handshake_complete, first_bytes_received.
// report.origin_us must be set (the monotonic time of the start of the TCP connect).
// Returns the connection (for relaying application data), or nullptr when it could not be
// created (report.error says why).
std::unique_ptr<Connection> run_client_handshake(std::shared_ptr<const Config> config,
                                                 Transport& transport, const Clock& clock,
                                                 const RunOptions& options, Report& report);

// Drains the connection's events into report.events, decoding each message.
void drain_events(Connection& conn, Report& report);

// Summarizes a DER certificate for display (uses the x509 module); never fails: a certificate
// that does not parse gets parse_error and the fields that could be read.
CertSummary summarize_certificate(ByteView der, int depth);

// Replaces report.settings' versions, cipher suites, groups and ALPN with what the first
// ClientHello sent actually offered. Returns false when there is no parsable ClientHello.
bool settings_from_client_hello(Report& report);

// Summarizes a DER OCSPResponse (uses the x509 module); never fails.
OcspSummary summarize_ocsp(ByteView der);

// Opens a fresh transport to the same peer (for follow-up probes).
using Connector = std::function<Result<std::unique_ptr<Transport>>()>;

// Fills report.chain (from info.peer_chain), flights and timings, probes (when connector is
// set and the failure calls for them), the diagnosis and the exit code.
void finish_report(Report& report, const Config& config, const Connector& connector,
                   const Clock& clock);

}  // namespace tlskit::tools
