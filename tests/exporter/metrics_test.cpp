// Metrics rendered from probe outcomes: label sets, absent facts, no duplicates; certificate
// facts checked against the `openssl` command.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "codec/pem.h"
#include "exporter/metrics.h"
#include "x509/certificate.h"

namespace tlskit::tools::exporter {
namespace {

const std::string kData = std::string(TLSKIT_SOURCE_DIR) + "/tests/tools/data/";

std::string sh(const std::string& cmd) {
  std::string out;
  std::FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return out;
  char buf[512];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  ::pclose(p);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

std::vector<std::string> lines_with(const std::string& text, const std::string& prefix) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);)
    if (l.rfind(prefix, 0) == 0) out.push_back(l);
  return out;
}

ProbeOutcome failed_outcome() {
  ProbeOutcome o;
  o.success = false;
  o.duration_seconds = 0.012;
  o.version = "TLS 1.3";
  o.cipher = "TLS_AES_128_GCM_SHA256";
  o.group = "x25519";
  o.certs.push_back({0, "", "expired.localhost", "tlskit fixture intermediate", "4097",
                     ",expired.localhost,", 1577836800, 1609459200});
  o.certs.push_back({1, "", "tlskit fixture intermediate", "tlskit fixture root", "4096", "", 1700000000, 2000000000});
  o.earliest_expiry = 1609459200;
  o.ocsp_possible = true;
  o.verify_code = 10;
  o.cause = "certificate_expired";
  return o;
}

TEST(Metrics, IntegerToDecimal) {
  const uint8_t a[] = {0x10, 0x00};
  EXPECT_EQ(integer_to_decimal(ByteView(a, 2)), "4096");
  const uint8_t b[] = {0x00, 0xff};
  EXPECT_EQ(integer_to_decimal(ByteView(b, 2)), "255");
  const uint8_t neg[] = {0xff};
  EXPECT_EQ(integer_to_decimal(ByteView(neg, 1)), "-1");
  const uint8_t neg2[] = {0x80, 0x00};
  EXPECT_EQ(integer_to_decimal(ByteView(neg2, 2)), "-32768");
  const uint8_t zero[] = {0x00};
  EXPECT_EQ(integer_to_decimal(ByteView(zero, 1)), "0");
  // 20 octets: 2^159 - 1 + ... compare with a known value.
  const uint8_t big[] = {0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                         0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  EXPECT_EQ(integer_to_decimal(ByteView(big, 20)), "730750818665451459101842416358141509827966271487");
}

TEST(Metrics, CertFactsMatchOpenssl) {
  std::ifstream f(kData + "server.pem");
  std::stringstream text;
  text << f.rdbuf();
  std::string pem = text.str();
  auto certs = x509::parse_certificates(as_bytes(pem));
  ASSERT_TRUE(certs);
  ASSERT_FALSE(certs->empty());
  auto facts = cert_facts((*certs)[0]->der(), 0);
  ASSERT_TRUE(facts);
  std::string file = kData + "server.pem";
  // openssl prints the serial in hex; python3 (a dependency of the test suites) makes it decimal.
  std::string hex = sh("openssl x509 -in " + file + " -noout -serial | cut -d= -f2");
  ASSERT_FALSE(hex.empty());
  EXPECT_EQ(facts->serial_no, sh("python3 -c 'print(int(\"" + hex + "\", 16))'"));
  std::string end = sh("date -u -d \"$(openssl x509 -in " + file + " -noout -enddate | cut -d= -f2)\" +%s");
  std::string start = sh("date -u -d \"$(openssl x509 -in " + file + " -noout -startdate | cut -d= -f2)\" +%s");
  EXPECT_EQ(std::to_string(facts->not_after), end);
  EXPECT_EQ(std::to_string(facts->not_before), start);
  std::string cn = sh("openssl x509 -in " + file + " -noout -subject -nameopt multiline | sed -n 's/^ *commonName *= //p'");
  EXPECT_EQ(facts->cn, cn);
  std::string icn = sh("openssl x509 -in " + file + " -noout -issuer -nameopt multiline | sed -n 's/^ *commonName *= //p'");
  EXPECT_EQ(facts->issuer_cn, icn);
  std::string sans = sh("openssl x509 -in " + file + " -noout -ext subjectAltName | tail -n +2");
  std::string want;  // "DNS:a, DNS:b, IP Address:..." -> ",a,b,"
  std::istringstream in(sans);
  for (std::string item; std::getline(in, item, ',');) {
    size_t p = item.find("DNS:");
    if (p != std::string::npos) want += (want.empty() ? "," : "") + item.substr(p + 4) + ",";
  }
  EXPECT_EQ(facts->dnsnames, want);
}

TEST(Metrics, FailedProbeSeries) {
  std::string m = render_probe(failed_outcome());
  EXPECT_NE(m.find("# HELP probe_success "), std::string::npos);
  EXPECT_NE(m.find("\nprobe_success 0\n"), std::string::npos);
  EXPECT_NE(m.find("\nprobe_duration_seconds 0.012\n"), std::string::npos);
  EXPECT_NE(m.find("\nprobe_tls_version_info{version=\"TLS 1.3\"} 1\n"), std::string::npos);
  EXPECT_NE(m.find("\nprobe_tls_cipher_info{cipher=\"TLS_AES_128_GCM_SHA256\"} 1\n"), std::string::npos);
  EXPECT_NE(m.find("\ntlskit_probe_tls_group_info{group=\"x25519\",post_quantum=\"false\"} 1\n"), std::string::npos);
  EXPECT_NE(m.find("\nprobe_ssl_earliest_cert_expiry 1609459200\n"), std::string::npos);
  EXPECT_EQ(m.find("probe_ssl_last_chain_expiry_timestamp_seconds"), std::string::npos);  // not verified
  EXPECT_NE(m.find("\nssl_cert_not_after{depth=\"0\",cn=\"expired.localhost\",issuer_cn=\"tlskit fixture "
                   "intermediate\",serial_no=\"4097\",dnsnames=\",expired.localhost,\"} 1609459200\n"),
            std::string::npos);
  EXPECT_NE(m.find("\nssl_cert_not_before{depth=\"1\",cn=\"tlskit fixture intermediate\",issuer_cn=\"tlskit "
                   "fixture root\",serial_no=\"4096\",dnsnames=\"\"} 1700000000\n"),
            std::string::npos);
  EXPECT_NE(m.find("\nssl_ocsp_response_stapled 0\n"), std::string::npos);
  EXPECT_EQ(m.find("ssl_ocsp_response_status"), std::string::npos);  // nothing stapled: absent
  EXPECT_NE(m.find("\ntlskit_probe_failure_info{cause=\"certificate_expired\"} 1\n"), std::string::npos);
  EXPECT_NE(m.find("\ntlskit_probe_verify_code 10\n"), std::string::npos);
  EXPECT_EQ(m.find("target="), std::string::npos);  // /probe output has no target label
}

TEST(Metrics, SuccessWithOcspAndFiles) {
  ProbeOutcome ok;
  ok.success = true;
  ok.handshake_seconds = 0.002;
  ok.last_chain_expiry = 1900000000;
  ok.ocsp_possible = true;
  OcspFacts revoked;
  revoked.status = 1;
  revoked.next_update = 1800003600;
  revoked.revoked_at = 1700000000;
  revoked.parse_error = "";
  ok.ocsp.emplace(revoked);
  ok.verify_code = 0;
  ProbeOutcome files;
  files.success = true;
  files.file_target = true;
  files.certs.push_back({0, "/a/x.pem", "a", "ca", "1", "", 1, 2});
  files.certs.push_back({0, "/a/y.pem", "a", "ca", "1", "", 1, 2});  // same cert, another file
  auto spec = [](const char* name) {
    auto t = std::make_shared<TargetSpec>();
    t->name = name;
    return std::shared_ptr<const TargetSpec>(t);
  };
  std::vector<TargetResult> results = {{spec("web"), std::make_shared<ProbeOutcome>(ok)},
                                       {spec("disk"), std::make_shared<ProbeOutcome>(files)},
                                       {spec("new"), nullptr}};
  ExporterStats st;
  st.probes_success = 7;
  st.probes_failure = 2;
  st.targets = 3;
  std::string m = render_metrics(results, st);
  EXPECT_NE(m.find("\nprobe_success{target=\"web\"} 1\n"), std::string::npos);
  EXPECT_NE(m.find("\nprobe_success{target=\"disk\"} 1\n"), std::string::npos);
  EXPECT_EQ(m.find("target=\"new\""), std::string::npos);  // not probed yet: no series
  EXPECT_NE(m.find("\nprobe_ssl_last_chain_expiry_timestamp_seconds{target=\"web\"} 1900000000\n"), std::string::npos);
  EXPECT_NE(m.find("\nssl_ocsp_response_status{target=\"web\"} 1\n"), std::string::npos);
  EXPECT_NE(m.find("\nssl_ocsp_response_next_update{target=\"web\"} 1800003600\n"), std::string::npos);
  EXPECT_NE(m.find("\nssl_ocsp_response_revoked_at{target=\"web\"} 1700000000\n"), std::string::npos);
  EXPECT_EQ(m.find("ssl_ocsp_response_this_update"), std::string::npos);  // unknown: absent
  EXPECT_EQ(m.find("tlskit_probe_failure_info"), std::string::npos);     // nobody failed
  EXPECT_EQ(lines_with(m, "ssl_cert_not_after{target=\"disk\",file=").size(), 2u);
  EXPECT_EQ(m.find("ssl_ocsp_response_stapled{target=\"disk\"}"), std::string::npos);  // files: n/a
  EXPECT_NE(m.find("\ntlskit_exporter_probes_total{result=\"success\"} 7\n"), std::string::npos);
  EXPECT_NE(m.find("\ntlskit_exporter_probes_total{result=\"failure\"} 2\n"), std::string::npos);
  EXPECT_NE(m.find("# TYPE tlskit_exporter_probes_total counter\n"), std::string::npos);
  EXPECT_NE(m.find("\ntlskit_exporter_build_info{version=\"" + std::string(kExporterVersion) + "\"} 1\n"),
            std::string::npos);
  // Every family appears once, HELP then TYPE then its samples, never split.
  std::vector<std::string> seen;
  std::istringstream in(m);
  std::string current;
  for (std::string l; std::getline(in, l);) {
    if (l.rfind("# HELP ", 0) == 0) {
      current = l.substr(7, l.find(' ', 7) - 7);
      EXPECT_EQ(std::count(seen.begin(), seen.end(), current), 0) << current;
      seen.push_back(current);
      continue;
    }
    if (l.rfind("# TYPE ", 0) == 0) {
      EXPECT_EQ(l.substr(7, current.size()), current);
      continue;
    }
    EXPECT_EQ(l.substr(0, current.size()), current) << l;
  }
  EXPECT_GT(seen.size(), 15u);
}

}  // namespace
}  // namespace tlskit::tools::exporter
