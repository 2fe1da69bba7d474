// Synthetic scan facts for the unit tests: a modern server and helpers to change it.
#pragma once
#include "scan/scan_report.h"
#include "scan/scanner.h"

namespace tlskit::tools::scan::testing {

// A suite fact from its IANA value, with the key exchange size given.
inline SuiteFact suite(uint16_t id, int kx_bits = 0) {
  SuiteFact f = suite_fact(static_cast<CipherSuite>(id));
  f.kx_bits = kx_bits;
  return f;
}

// A protocol entry.
inline ProtocolFacts proto(Protocol p, std::vector<SuiteFact> suites, std::optional<bool> order = true) {
  ProtocolFacts f;
  f.protocol = p;
  f.supported = !suites.empty();
  f.suites = std::move(suites);
  f.server_order = f.suites.size() > 1 ? order : std::nullopt;
  return f;
}

// A trusted ECDSA P-256 certificate for example.test, 200 days left.
inline CertificateFacts good_cert() {
  CertificateFacts c;
  c.sni = "example.test";
  c.hostname_checked = "example.test";
  c.hostname_ok = true;
  c.trusted = true;
  c.days_left = 200;
  c.key_type = "EC";
  c.key_bits = 256;
  c.signature_algorithm = "ecdsa-with-SHA256";
  CertSummary s;
  s.subject = "CN = example.test";
  s.issuer = "CN = Test CA";
  s.pem = "leaf";
  c.chain.push_back(s);
  return c;
}

// A modern server: TLS 1.2 (ECDHE-GCM) and TLS 1.3, HSTS, fallback protection, trusted cert.
inline TargetReport modern() {
  TargetReport t;
  t.target = "example.test:443";
  t.host = "example.test";
  t.port = 443;
  t.server_name = "example.test";
  for (Protocol p : all_protocols()) {
    if (p == Protocol::tls1_2)
      t.protocols.push_back(proto(p, {suite(0xc02b, 256), suite(0xc02c, 256), suite(0xcca9, 256)}));
    else if (p == Protocol::tls1_3)
      t.protocols.push_back(proto(p, {suite(0x1301), suite(0x1302), suite(0x1303)}));
    else
      t.protocols.push_back(proto(p, {}));
  }
  t.certificates.push_back(good_cert());
  t.features.extended_master_secret = true;
  t.features.secure_renegotiation = true;
  t.features.fallback_scsv = true;
  t.features.ocsp_stapling = true;
  t.features.x25519mlkem768 = true;
  t.features.http.requested = true;
  t.features.http.status = 200;
  t.features.http.hsts = true;
  t.features.http.hsts_max_age = 31536000;
  t.features.http.security_headers = {"content-security-policy", "x-content-type-options", "x-frame-options"};
  return t;
}

// Replaces protocol p's suites (supported when not empty).
inline void set_protocol(TargetReport& t, Protocol p, std::vector<SuiteFact> suites) {
  for (auto& f : t.protocols)
    if (f.protocol == p) f = proto(p, std::move(suites));
}

// Finishes t (findings, grade) and returns it.
inline TargetReport finished(TargetReport t) {
  finish_target(t);
  return t;
}

// True when t has a finding with this id.
inline bool has_finding(const TargetReport& t, const std::string& id) {
  for (const auto& f : t.findings)
    if (f.id == id) return true;
  return false;
}

// True when the grade has a cap with this id.
inline bool has_cap(const TargetReport& t, const std::string& id) {
  for (const auto& c : t.grade.caps)
    if (c.id == id) return true;
  return false;
}

}  // namespace tlskit::tools::scan::testing
