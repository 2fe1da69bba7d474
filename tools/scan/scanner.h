// The scan of one target: protocol support (SSLv2 .. TLS 1.3), cipher suites per version with
// the server's order, groups, signature schemes, connection features (EMS, secure
// renegotiation, TLS_FALLBACK_SCSV, heartbeat, session IDs and tickets, OCSP stapling, ALPN,
// X25519MLKEM768), the certificate chain with and without SNI, HSTS and security headers from
// one HTTP request, the client simulation; then findings and the grade. Probes go through the
// probe engine (one Prober per target, its own connection bound); the full handshakes through
// the inspector. Never fails: a target that cannot be scanned gets `error` with the debugger's
// cause id.
#pragma once
#include <functional>
#include <memory>
#include <string>

#include "base/clock.h"
#include "scan/certificates.h"
#include "scan/scan_report.h"
#include "scan/targets.h"
#include "starttls/starttls.h"
#include "x509/verifier.h"

namespace tlskit::tools::scan {

// How to scan.
struct ScanOptions {
  std::string servername;       // SNI and name checked (default: the host unless an IP)
  bool servername_set = false;  // --servername was given
  StartTls starttls = StartTls::none;
  bool quick = false;           // protocols, suites, certificate and grade only
  int connections = 4;          // connections to one target at once (the Prober's bound)
  int timeout_ms = 5000;        // connect and each read
  bool http = true;             // one GET / for HSTS and security headers (not with STARTTLS)
  bool clients = true;          // client simulation
  bool aia = true;              // AIA chasing
  AiaFetcher aia_fetch;         // empty: http_aia_fetcher()
};

// Called with a short phase name as the scan of one target advances ("protocols", "suites", ...).
using PhaseCallback = std::function<void(const char* phase)>;

// Scans one target with verifier (the system store or --CAfile). Never throws or fails.
TargetReport scan_target(const ScanTarget& target, const ScanOptions& options, const x509::X509Verifier& verifier,
                         const Clock& clock, const PhaseCallback& phase = {});

// Fills the suite facts (kx, auth, cipher, bits, flags) of an IANA suite value.
SuiteFact suite_fact(CipherSuite s);

// Finishes a report after its facts are in: forward secrecy / AEAD summaries, findings, grade.
void finish_target(TargetReport& t);

}  // namespace tlskit::tools::scan
