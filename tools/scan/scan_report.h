// The facts one `tlskit scan` gathers about one target (protocols, suites, groups, signature
// schemes, certificates, features), the findings and the grade derived from them, and the
// client simulation. Built by the scanner (scanner.h) or by tests from synthetic facts, and
// rendered as text, JSON (docs/json-schema.md "tlskit.scan.report") or HTML.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "inspector/report.h"
#include "base/iana_registry.h"

namespace tlskit::tools::scan {

// Version of the scan JSON document. Bump on an incompatible change only.
inline constexpr int kScanSchemaVersion = 1;

// How bad a finding is, lowest first.
enum class Severity { info, low, medium, high, critical };
// "info", "low", "medium", "high", "critical".
const char* severity_name(Severity s);
// Parses a severity name (as above); nullopt otherwise.
std::optional<Severity> parse_severity(const std::string& s);

// The protocols a scan looks at, oldest first; sslv2 is not a ProtocolVersion value of wire/.
enum class Protocol { sslv2, ssl3, tls1_0, tls1_1, tls1_2, tls1_3 };
// Every Protocol, oldest first.
const std::vector<Protocol>& all_protocols();
// The JSON key: "SSLv2", "SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3".
const char* protocol_key(Protocol p);
// The wire version of p (nullopt for SSLv2).
std::optional<ProtocolVersion> protocol_version(Protocol p);
// The Protocol of a wire version.
Protocol protocol_of(ProtocolVersion v);

// One accepted cipher suite with what it is made of.
struct SuiteFact {
  uint16_t id = 0;          // IANA value (SSLv2: the low 16 bits of the 3-byte kind)
  std::string name;         // IANA name ("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")
  std::string openssl_name; // OpenSSL's name ("ECDHE-RSA-AES128-GCM-SHA256"), as sslscan prints it
  std::string kx;           // "ECDHE", "DHE", "RSA", "TLS 1.3 (any)", ...
  std::string auth;         // "RSA", "ECDSA", "anonymous", ...
  std::string cipher;       // "AES_128_GCM"
  int bits = 0;             // symmetric key bits
  bool aead = false;
  bool cbc = false;
  bool forward_secret = false;
  bool export_grade = false;
  bool anonymous = false;
  bool finite_field_dh = false;  // DHE, anonymous DH, DHE-PSK: kx_bits is the prime's size
  bool null_cipher = false;
  bool rc4 = false;
  bool block64 = false;     // 3DES, DES, IDEA, RC2: 64-bit blocks (SWEET32)
  std::string kx_group;     // what the server's answer used: "x25519", "ffdhe2048 (RFC 7919)", ...
  int kx_bits = 0;          // DH prime / curve / RSA export modulus bits from the answer (0: unknown)
};

// What one protocol version accepts.
struct ProtocolFacts {
  Protocol protocol = Protocol::tls1_2;
  bool supported = false;
  std::vector<SuiteFact> suites;     // in the server's order when server_order is true
  std::optional<bool> server_order;  // null: fewer than two suites
  bool complete = true;              // false: a limit or a server anomaly stopped enumeration
  std::string note;                  // why incomplete
};

// One certificate check (every check of `tlskit verify`, one line each).
struct CertCheck {
  std::string id;      // "chain_trusted", "not_expired", "hostname", "key_size", "signature", "chain_order", "chain_complete"
  bool ok = true;
  std::string detail;  // specific: dates, names, sizes
};

// The certificate chain served for one SNI name (or without SNI).
struct CertificateFacts {
  std::string sni;            // the name sent; "" when sent without SNI
  bool with_sni = true;
  std::vector<CertSummary> chain;  // as sent, leaf first
  int verify_code = 0;        // OpenSSL verify code of the chain as sent (0 ok)
  std::string verify_text;    // "ok", "unable to get local issuer certificate"
  std::string cause = "none"; // the debugger's cause id (verify_cause_id)
  std::string explanation;    // the verifier's explanation
  bool trusted = false;       // the chain verified to the system store or --CAfile
  bool hostname_ok = false;   // the leaf matches the name checked
  std::string hostname_checked;
  int64_t days_left = 0;      // leaf notAfter - now, in days (negative: expired)
  bool expired = false;
  bool not_yet_valid = false;
  bool self_signed = false;
  int key_bits = 0;           // leaf key size
  std::string key_type;       // "RSA", "EC", "Ed25519", ...
  std::string signature_algorithm;
  bool weak_signature = false;   // MD5 or SHA-1 signed (not the root)
  bool chain_in_order = true;    // each certificate is signed by the next one
  bool chain_complete = true;    // the chain as sent reaches a trust anchor without help
  // AIA chasing (the leaf's or the last certificate's caIssuers URL, http only).
  std::string aia_url;
  std::string aia_result;  // "", "fetched the issuer; the chain then verified", "fetch failed: ..."
  std::optional<bool> aia_completes_chain;  // true: the server forgot an intermediate
  bool ocsp_stapled = false;
  std::string ocsp_status;  // "good", "revoked", "unknown", "" when none
  std::vector<CertCheck> checks;
};

// The HTTP response to one GET / (security headers).
struct HttpFacts {
  bool requested = false;
  std::optional<int> status;
  std::string error;              // why there is no response
  bool hsts = false;
  int64_t hsts_max_age = 0;
  bool hsts_include_subdomains = false;
  bool hsts_preload = false;
  std::vector<std::string> security_headers;  // present: "content-security-policy", ...
  std::string server;             // the Server header
};

// Connection-level features.
struct FeatureFacts {
  std::optional<bool> extended_master_secret;  // TLS 1.2 ServerHello
  std::optional<bool> secure_renegotiation;    // RFC 5746 renegotiation_info in the ServerHello
  std::optional<bool> fallback_scsv;           // RFC 7507: refused a downgraded hello
  std::optional<bool> compression;             // DEFLATE chosen when offered before null
  std::optional<bool> heartbeat;               // RFC 6520 extension echoed
  std::optional<bool> heartbleed;              // the safe heartbeat probe got memory back (heartbleed.h)
  std::string heartbleed_detail;
  std::optional<bool> ccs_injection;           // CVE-2014-0224 probe (ccs_injection.h)
  std::string ccs_injection_detail;
  std::optional<bool> ticketbleed;             // CVE-2016-9244 probe (ticketbleed.h)
  std::string ticketbleed_detail;
  std::optional<bool> session_ids;             // TLS <= 1.2 ServerHello session_id not empty
  std::optional<bool> tls12_tickets;           // session_ticket extension echoed
  std::optional<int> tls13_tickets;            // NewSessionTickets after a TLS 1.3 handshake
  std::optional<bool> early_data;              // 0-RTT (from a ticket's early_data)
  std::string alpn_selected;                   // for an offer of h2, http/1.1
  std::optional<bool> alpn_h2;
  std::optional<bool> alpn_http11;
  std::optional<bool> x25519mlkem768;
  std::optional<bool> ocsp_stapling;
  bool forward_secrecy_all = false;            // every suite offered is forward secret
  bool forward_secrecy_any = false;
  bool aead_any = false;
  HttpFacts http;
};

// A finding: a stable id, a severity and, when it is a problem, the fix.
struct Finding {
  std::string id;        // stable: "sslv3_poodle", "rc4", ... (docs/scan.md lists them all)
  Severity severity = Severity::info;
  std::string title;
  std::string detail;
  std::string fix;       // "" when nothing needs fixing
  std::string method;    // "probed" (a probe answered it) or "inferred" (follows from the configuration)
};

// One reason that capped the grade.
struct GradeCap {
  std::string id;      // "tls1_0", "no_forward_secrecy", ...
  std::string letter;  // the cap: "B", "C", "F", "T", "M", "A-"
  std::string reason;  // why
  std::string raise;   // what would raise it
};

// The grade.
struct Grade {
  std::string letter;         // "A+", "A", "A-", "B", "C", "D", "E", "F", "T", "M"
  int score = 0;              // 0..100 (protocol 30%, key exchange 30%, cipher 40%)
  int protocol_score = 0;
  int key_exchange_score = 0;
  int cipher_score = 0;
  std::string letter_if_trusted;  // for T / M: the grade the configuration would get otherwise
  std::vector<GradeCap> caps;
  std::vector<std::string> warnings;
};

// One simulated client's outcome.
struct ClientResult {
  std::string client;   // "Chrome 120"
  bool connected = false;
  std::string version;  // "TLSv1.3"
  std::string suite;    // IANA name
  std::string group;    // "x25519", "ffdhe2048 (RFC 7919)", ""
  std::string error;    // why it would fail ("no common cipher suite", "protocol_version alert")
};

// Why a target could not be scanned.
struct TargetError {
  std::string cause;   // the debugger's cause id (tools/inspector/diagnosis.h)
  std::string detail;
};

// Everything about one target.
struct TargetReport {
  std::string target;       // as given
  std::string host;
  uint16_t port = 0;
  std::string address;      // resolved "127.0.0.1:443"
  std::string server_name;  // SNI sent ("" none)
  std::string starttls;     // "" or the protocol
  bool quick = false;
  std::vector<ProtocolFacts> protocols;  // SSLv2 .. TLS 1.3
  std::vector<std::string> groups;       // accepted (TLS 1.3 first, else TLS 1.2), server order when it has one
  std::optional<bool> group_server_order;
  std::string dhe_params;                // TLS 1.2 DHE parameters: "2048-bit ffdhe2048 (RFC 7919)"
  int dhe_bits = 0;
  std::vector<std::string> signature_schemes;
  std::vector<CertificateFacts> certificates;  // with SNI, then without
  FeatureFacts features;
  std::vector<Finding> findings;
  Grade grade;
  std::vector<ClientResult> clients;
  int64_t started_unix = 0;
  int64_t duration_ms = 0;
  size_t connections = 0;
  std::optional<TargetError> error;

  // The facts of protocol p.
  const ProtocolFacts* protocol(Protocol p) const;
  // True when p is supported.
  bool supports(Protocol p) const;
};

// The document of one run.
struct ScanDocument {
  std::vector<TargetReport> targets;
  int64_t started_unix = 0;
  int64_t duration_ms = 0;
  std::string tool_version;
};

}  // namespace tlskit::tools::scan
