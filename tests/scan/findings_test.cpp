// Findings from synthetic facts: each id appears when its fact is there and not otherwise.
#include <gtest/gtest.h>

#include <set>

#include "scan/findings.h"
#include "scan_facts_util.h"

namespace tlskit::tools::scan {
namespace {
using namespace testing;

TEST(ScanFindings, ModernServerHasNoProblem) {
  TargetReport t = finished(modern());
  EXPECT_EQ(worst_severity(t.findings), std::nullopt) << (t.findings.empty() ? "" : t.findings[0].id);
}

TEST(ScanFindings, EveryIdIsDocumentedOnceAndStable) {
  std::set<std::string> seen;
  for (const auto& id : all_finding_ids()) EXPECT_TRUE(seen.insert(id).second) << id;
  EXPECT_TRUE(seen.count("sslv2_drown"));
  EXPECT_TRUE(seen.count("chain_incomplete"));
}

TEST(ScanFindings, OldStyleServer) {
  TargetReport t = modern();
  set_protocol(t, Protocol::tls1_3, {});
  set_protocol(t, Protocol::tls1_2, {});
  set_protocol(t, Protocol::tls1_0, {suite(0xc014, 256), suite(0x000a), suite(0x0034, 2048)});  // CBC, 3DES, ADH
  t.features.fallback_scsv = false;
  t.features.secure_renegotiation = false;
  t = finished(t);
  for (const char* id : {"tls1_0", "sweet32", "beast", "anonymous_suites", "no_tls1_2", "no_tls1_3",
                         "no_fallback_scsv", "no_secure_renegotiation", "partial_forward_secrecy", "no_aead"})
    EXPECT_TRUE(has_finding(t, id)) << id;
  EXPECT_FALSE(has_finding(t, "rc4"));
  EXPECT_FALSE(has_finding(t, "sslv3_poodle"));
  // Sorted: critical/high first.
  for (size_t i = 1; i < t.findings.size(); ++i) EXPECT_GE(t.findings[i - 1].severity, t.findings[i].severity);
  for (const auto& f : t.findings) {
    EXPECT_FALSE(f.title.empty()) << f.id;
    EXPECT_FALSE(f.detail.empty()) << f.id;
    EXPECT_TRUE(f.method == "probed" || f.method == "inferred") << f.id;
  }
}

TEST(ScanFindings, Sslv3WithCbcIsPoodle) {
  TargetReport t = modern();
  set_protocol(t, Protocol::ssl3, {suite(0x002f)});
  t = finished(t);
  ASSERT_TRUE(has_finding(t, "sslv3_poodle"));
  for (const auto& f : t.findings)
    if (f.id == "sslv3_poodle") {
      EXPECT_NE(f.title.find("POODLE"), std::string::npos);
    }
}

TEST(ScanFindings, ExportAndRc4AndNull) {
  TargetReport t = modern();
  set_protocol(t, Protocol::tls1_0, {suite(0x0003, 512), suite(0x0005), suite(0x0002)});
  t = finished(t);
  EXPECT_TRUE(has_finding(t, "export_freak"));
  EXPECT_TRUE(has_finding(t, "rc4"));
  EXPECT_TRUE(has_finding(t, "null_cipher"));
  EXPECT_EQ(worst_severity(t.findings), Severity::critical);
}

TEST(ScanFindings, WeakDh) {
  TargetReport t = modern();
  set_protocol(t, Protocol::tls1_2, {suite(0x009e, 1024)});
  EXPECT_TRUE(has_finding(finished(t), "dh_1024"));
  set_protocol(t, Protocol::tls1_2, {suite(0x009e, 512)});
  t = finished(t);
  EXPECT_TRUE(has_finding(t, "weak_dh_logjam"));
  EXPECT_FALSE(has_finding(t, "dh_1024"));
}

TEST(ScanFindings, CertificateProblems) {
  TargetReport t = modern();
  CertificateFacts& c = t.certificates[0];
  c.expired = true;
  c.days_left = -3;
  c.trusted = false;
  c.chain[0].not_after = "Jan  1 00:00:00 2020 GMT";
  t = finished(t);
  EXPECT_TRUE(has_finding(t, "certificate_expired"));
  EXPECT_FALSE(has_finding(t, "certificate_not_trusted"));  // said once, by the expiry
  t = modern();
  t.certificates[0].trusted = false;
  t.certificates[0].chain_complete = false;
  t.certificates[0].aia_completes_chain = true;
  t.certificates[0].aia_url = "http://127.0.0.1:1/ca.der";
  t = finished(t);
  EXPECT_TRUE(has_finding(t, "chain_incomplete"));
  EXPECT_TRUE(has_finding(t, "certificate_not_trusted"));
  t = modern();
  t.certificates[0].hostname_ok = false;
  t.certificates[0].days_left = 10;
  t = finished(t);
  EXPECT_TRUE(has_finding(t, "hostname_mismatch"));
  EXPECT_TRUE(has_finding(t, "certificate_expires_soon"));
}

TEST(ScanFindings, NoSniCertificateDiffers) {
  TargetReport t = modern();
  CertificateFacts other = good_cert();
  other.with_sni = false;
  other.sni = "";
  other.chain[0].pem = "another";
  t.certificates.push_back(other);
  EXPECT_TRUE(has_finding(finished(t), "no_sni_certificate_differs"));
  t.certificates.back().chain[0].pem = "leaf";
  EXPECT_FALSE(has_finding(finished(t), "no_sni_certificate_differs"));
}

TEST(ScanFindings, HttpHeaders) {
  TargetReport t = modern();
  t.features.http.hsts = false;
  t.features.http.security_headers.clear();
  t = finished(t);
  EXPECT_TRUE(has_finding(t, "no_hsts"));
  EXPECT_TRUE(has_finding(t, "missing_security_headers"));
  t = modern();
  t.features.http.hsts_max_age = 100;
  EXPECT_TRUE(has_finding(finished(t), "hsts_short"));
  t = modern();
  t.features.http.status.reset();  // no response: nothing said about headers
  t.features.http.hsts = false;
  EXPECT_FALSE(has_finding(finished(t), "no_hsts"));
}

TEST(ScanFindings, FeatureFlags) {
  TargetReport t = modern();
  t.features.heartbeat = true;
  t.features.compression = true;
  t.features.early_data = true;
  t.features.extended_master_secret = false;
  t.features.x25519mlkem768 = false;
  t.protocols[4].server_order = false;  // TLS 1.2
  t = finished(t);
  for (const char* id : {"heartbeat_enabled", "crime", "early_data", "no_extended_master_secret",
                         "no_x25519mlkem768", "no_server_order"})
    EXPECT_TRUE(has_finding(t, id)) << id;
  EXPECT_TRUE(has_cap(t, "crime"));
}

TEST(ScanFindings, SeverityNamesRoundTrip) {
  for (Severity s : {Severity::info, Severity::low, Severity::medium, Severity::high, Severity::critical})
    EXPECT_EQ(parse_severity(severity_name(s)), s);
  EXPECT_EQ(parse_severity("severe"), std::nullopt);
}

}  // namespace
}  // namespace tlskit::tools::scan

namespace tlskit::tools::scan {
namespace {
using namespace testing;

TEST(ScanFindings, HeartbleedIsCriticalAndF) {
  TargetReport t = modern();
  t.features.heartbeat = true;
  t.features.heartbleed = true;
  t.features.heartbleed_detail = "the server answered";
  t = finished(t);
  EXPECT_TRUE(has_finding(t, "heartbleed"));
  EXPECT_EQ(worst_severity(t.findings), Severity::critical);
  EXPECT_EQ(t.grade.letter, "F");
  t.features.heartbleed = false;
  EXPECT_FALSE(has_finding(finished(t), "heartbleed"));
}

}  // namespace
}  // namespace tlskit::tools::scan
