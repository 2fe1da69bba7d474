// One probe of one target: a TLS handshake through the inspector (connect, optional STARTTLS,
// run_client_handshake, finish_report and its diagnosis), or a read of certificate files;
// reduced to a small ProbeOutcome that the metrics are rendered from.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "exporter/config.h"
#include "inspector/report.h"

namespace tlskit::tools::exporter {

// Bounds of file targets.
inline constexpr size_t kMaxGlobFiles = 1000;
inline constexpr size_t kMaxCertFileBytes = 1024 * 1024;
inline constexpr size_t kMaxCertsPerFile = 100;

// One certificate, in the label vocabulary of ssl_exporter.
struct CertFacts {
  int depth = 0;              // position in the chain as sent (or in the file)
  std::string file;           // file targets: the file it came from
  std::string cn;             // subject commonName ("" when none)
  std::string issuer_cn;      // issuer commonName
  std::string serial_no;      // decimal, as ssl_exporter prints it
  std::string dnsnames;       // ",a.example,b.example," (ssl_exporter's form), "" when none
  int64_t not_before = 0;     // Unix seconds
  int64_t not_after = 0;
};

// The stapled OCSP response, when there was one.
// status and the times are absent when the response does not parse, is not "successful"
// (e.g. tryLater) or has no SingleResponse: never a made-up "good".
struct OcspFacts {
  std::optional<int> status;               // 0 good, 1 revoked, 2 unknown (ssl_exporter's values)
  int response_status = 0;                 // OCSPResponseStatus: 0 successful, 3 tryLater, ...
  std::optional<int64_t> produced_at;
  std::optional<int64_t> this_update;
  std::optional<int64_t> next_update;
  std::optional<int64_t> revoked_at;
  std::string parse_error;                 // non-empty when the DER did not parse
};

// Everything the metrics and the status page need from one probe.
struct ProbeOutcome {
  bool success = false;
  bool file_target = false;
  int64_t finished_unix = 0;                  // wall clock when the probe ended
  double duration_seconds = 0;                // whole probe (connect, STARTTLS, handshake)
  std::optional<double> handshake_seconds;    // ClientHello to handshake complete
  std::optional<double> connect_seconds;      // TCP connect
  std::string version;                        // "TLS 1.3" (blackbox/ssl_exporter spelling), "" if none
  std::string cipher;                         // IANA name, "" if none
  std::string group;                          // "x25519", "" if none
  bool post_quantum = false;                  // the group is a hybrid post-quantum one
  std::vector<CertFacts> certs;               // the chain as sent, or the files' certificates
  std::optional<int64_t> earliest_expiry;     // min notAfter of certs
  std::optional<int64_t> last_chain_expiry;   // min notAfter over the verified path (incl. root)
  std::optional<OcspFacts> ocsp;              // absent: nothing stapled
  bool ocsp_possible = false;                 // the handshake got as far as the certificate
  std::optional<int> verify_code;             // OpenSSL verify code when verification ran
  std::string cause = "none";                 // diagnosis cause id (all_cause_ids())
  std::string explanation;                    // the diagnosis' explanation, for the page and logs
  std::string fix;                            // the diagnosis' fix
};

// Probes a network target with setup (built at load or retargeted for /probe) within
// timeout_ms: TCP connect, STARTTLS when asked, the handshake, the diagnosis (with the
// debugger's follow-up probes when follow_up is set). Never fails: failures are outcomes.
ProbeOutcome probe_network(const ClientSetup& setup, StartTls starttls, int64_t timeout_ms,
                           bool follow_up, const Clock& clock);

// Reads the certificates of every file matching the glob pattern (bounded by the constants
// above). Success needs at least one certificate and no unreadable or unparsable file (cause
// config_error or certificate_invalid otherwise).
ProbeOutcome probe_files(const std::string& pattern, const Clock& clock);

// The outcome of a finished inspector report (exposed for tests): version, suite, chain, OCSP,
// cause, verify code; config's verifier (when it is the x509 module's) gives the verified
// path's expiry.
ProbeOutcome outcome_from_report(const Report& report, const Config& config);

// Facts of a DER OCSPResponse (see OcspFacts).
OcspFacts ocsp_facts(ByteView der);

// Facts of one DER certificate (labels as ssl_exporter makes them); nullopt if it does not parse.
std::optional<CertFacts> cert_facts(ByteView der, int depth);

// The decimal text of a DER INTEGER's contents (two's complement, big-endian): "4096", "-1".
std::string integer_to_decimal(ByteView twos_complement);

// "TLS 1.3" for TLSv1.3 (the label value blackbox_exporter and ssl_exporter use).
std::string version_label(ProtocolVersion v);

}  // namespace tlskit::tools::exporter
