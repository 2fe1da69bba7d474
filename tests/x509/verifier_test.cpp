// Unit tests for the verifier: chains, codes, causes, alerts, explanations, OCSP, CRLs,
// the trust store and the text dump.
#include "x509/verifier.h"

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

#include "x509/cert_text.h"
#include "x509/crl.h"
#include "x509/ocsp.h"
#include "x509/verify_codes.h"

namespace tlskit::x509 {
namespace {

std::string data(const std::string& f) {
  return std::string(TLSKIT_SOURCE_DIR) + "/tests/x509/data/" + f;
}

CertPtr load(const std::string& f) {
  auto certs = parse_certificates(*read_file_bytes(data(f)));
  EXPECT_TRUE(certs);
  return certs->front();
}

Bytes der_of(const std::string& f) {
  auto c = load(f);
  return Bytes(c->der().begin(), c->der().end());
}

class VerifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    VerifierOptions o;
    o.ca_file = data("root.pem");
    auto v = make_x509_verifier(o);
    ASSERT_TRUE(v) << v.error().detail;
    verifier = *v;
    now = load("leaf.pem")->not_before + 3600;
  }
  CertVerifyResult verify(std::vector<std::string> files, const std::string& host, int64_t at,
                          CertPurpose purpose = CertPurpose::server, ByteView ocsp = {}) {
    std::vector<Bytes> chain;
    for (const auto& f : files) chain.push_back(der_of(f));
    return verifier->verify(chain, host, purpose, ocsp, at);
  }
  std::shared_ptr<const X509Verifier> verifier;
  int64_t now = 0;
};

TEST_F(VerifierTest, GoodChainVerifiesWithHost) {
  auto r = verify({"leaf.pem", "inter.pem"}, "www.example.test", now);
  EXPECT_TRUE(r.ok) << r.explanation;
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.code_text, "ok");
  EXPECT_TRUE(r.verified_host);
  EXPECT_EQ(r.alert, Alert::none);
  EXPECT_NE(r.summary.find("tlskit Test Root"), std::string::npos);
}

TEST_F(VerifierTest, MissingIntermediateNamesIssuerAndUrl) {
  auto r = verify({"leaf.pem"}, "www.example.test", now);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.code, 20);
  EXPECT_EQ(r.code_text, "unable to get local issuer certificate");
  EXPECT_EQ(r.depth, 0);
  EXPECT_EQ(r.cause, "missing_intermediate");
  EXPECT_EQ(r.alert, Alert::unknown_ca);
  EXPECT_NE(r.explanation.find("tlskit Test Intermediate"), std::string::npos);
  EXPECT_NE(r.explanation.find("http://ca.example.test/inter.der"), std::string::npos);
  EXPECT_NE(r.explanation.find("configure the server to send the full chain"), std::string::npos) << r.explanation;
  // A client certificate chain: the fix is the client's to make.
  auto c = verify({"leaf.pem"}, "", now, CertPurpose::client);
  EXPECT_NE(c.explanation.find("configure the client to send the full chain"), std::string::npos) << c.explanation;
  EXPECT_EQ(c.explanation.find("server"), std::string::npos) << c.explanation;
}

TEST_F(VerifierTest, IntermediateWithoutItsRootIsAnUntrustedRoot) {
  // leaf + intermediate against a store without their root: OpenSSL's code 20 at depth 1. The
  // server sent its intermediate, so the cause is the root this client does not trust.
  VerifierOptions o;
  o.ca_file = data("self.pem");
  auto other = make_x509_verifier(o);
  ASSERT_TRUE(other);
  std::vector<Bytes> chain = {der_of("leaf.pem"), der_of("inter.pem")};
  auto r = (*other)->verify(chain, "www.example.test", CertPurpose::server, {}, now);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.code, 20);
  EXPECT_EQ(r.depth, 1);
  EXPECT_EQ(r.cause, "untrusted_root");
  EXPECT_EQ(r.alert, Alert::unknown_ca);
  EXPECT_NE(r.explanation.find("tlskit Test Root"), std::string::npos) << r.explanation;
  EXPECT_NE(r.explanation.find("trust store"), std::string::npos) << r.explanation;
}

TEST_F(VerifierTest, SClientStyleCode21ForALoneLeaf) {
  VerifierOptions o;
  o.ca_file = data("root.pem");
  o.leaf_only_code_21 = true;
  auto v = make_x509_verifier(o);
  ASSERT_TRUE(v);
  auto r = (*v)->verify(std::vector<Bytes>{der_of("leaf.pem")}, "www.example.test",
                        CertPurpose::server, {}, now);
  EXPECT_EQ(r.code, 21);
  EXPECT_EQ(r.code_text, "unable to verify the first certificate");
  EXPECT_EQ(r.cause, "missing_intermediate");
  EXPECT_EQ(r.alert, Alert::unknown_ca);
}

TEST_F(VerifierTest, ExpiredAndNotYetValid) {
  auto leaf = load("leaf.pem");
  auto r = verify({"leaf.pem", "inter.pem"}, "www.example.test", leaf->not_after + 86400);
  EXPECT_EQ(r.code, 10);
  EXPECT_EQ(r.depth, 0);
  EXPECT_EQ(r.cause, "expired");
  EXPECT_EQ(r.alert, Alert::certificate_expired);
  auto early =
      verify({"leaf.pem", "inter.pem"}, "www.example.test", leaf->not_before - 86400 * 400);
  EXPECT_EQ(early.code, 9);
  EXPECT_EQ(early.cause, "not_yet_valid");
  EXPECT_EQ(early.depth, 2);  // checked from the root down, as OpenSSL does
}

TEST_F(VerifierTest, HostnameMismatch) {
  auto r = verify({"leaf.pem", "inter.pem"}, "evil.example.test", now);
  EXPECT_EQ(r.code, 62);
  EXPECT_EQ(r.cause, "hostname_mismatch");
  EXPECT_EQ(r.alert, Alert::bad_certificate);
  EXPECT_NE(r.explanation.find("DNS:www.example.test"), std::string::npos);
  auto ip = verify({"leaf.pem", "inter.pem"}, "192.0.2.99", now);
  EXPECT_EQ(ip.code, 64);
}

TEST_F(VerifierTest, SelfSignedLeafAndUntrustedRoot) {
  auto r = verify({"self.pem"}, "self.example.test", now);
  EXPECT_EQ(r.code, 18);
  EXPECT_EQ(r.cause, "self_signed");
  EXPECT_EQ(r.alert, Alert::unknown_ca);
  VerifierOptions o;
  o.ca_file = data("self.pem");
  auto other = make_x509_verifier(o);
  ASSERT_TRUE(other);
  std::vector<Bytes> chain = {der_of("leaf.pem"), der_of("inter.pem"), der_of("root.pem")};
  auto u = (*other)->verify(chain, "www.example.test", CertPurpose::server, {}, now);
  EXPECT_EQ(u.code, 19);
  EXPECT_EQ(u.depth, 2);
  EXPECT_EQ(u.cause, "untrusted_root");
  // A trusted self-signed leaf verifies (it is its own anchor).
  auto s = (*other)->verify(std::vector<Bytes>{der_of("self.pem")}, "self.example.test",
                            CertPurpose::server, {}, now);
  EXPECT_TRUE(s.ok) << s.explanation;
}

TEST_F(VerifierTest, SameNamedRootWithAnotherKeyIsNotTheIssuer) {
  // The store holds a different root that merely shares the real root's name: the chain ends
  // in the (untrusted) real root, as with OpenSSL, rather than in a signature failure.
  VerifierOptions o;
  o.ca_file = data("impostor.pem");
  auto v = make_x509_verifier(o);
  ASSERT_TRUE(v);
  std::vector<Bytes> chain = {der_of("leaf.pem"), der_of("inter.pem"), der_of("root.pem")};
  auto r = (*v)->verify(chain, "www.example.test", CertPurpose::server, {}, now);
  EXPECT_EQ(r.code, 19);
  EXPECT_EQ(r.depth, 2);
  std::vector<Bytes> short_chain = {der_of("leaf.pem"), der_of("inter.pem")};
  auto s = (*v)->verify(short_chain, "www.example.test", CertPurpose::server, {}, now);
  EXPECT_EQ(s.code, 20);
  EXPECT_EQ(s.depth, 1);
}

TEST_F(VerifierTest, IntermediateOrderExtrasAndDuplicatesDoNotMatter) {
  auto r = verify({"leaf.pem", "self.pem", "root.pem", "inter.pem", "inter.pem"},
                  "www.example.test", now);
  EXPECT_TRUE(r.ok) << r.explanation;
}

TEST_F(VerifierTest, ClientPurposeAndEmptyHost) {
  auto r = verify({"leaf.pem", "inter.pem"}, "", now, CertPurpose::client);
  EXPECT_TRUE(r.ok) << r.explanation;
  EXPECT_FALSE(r.verified_host);
  // The OCSP responder certificate has only OCSPSigning: wrong purpose for TLS.
  auto w = verify({"responder.pem", "inter.pem"}, "", now, CertPurpose::client);
  EXPECT_EQ(w.code, 26);
  EXPECT_EQ(w.cause, "wrong_purpose");
  EXPECT_EQ(w.alert, Alert::unsupported_certificate);
}

TEST_F(VerifierTest, Sha1RefusedUnlessAllowed) {
  auto r = verify({"sha1leaf.pem", "inter.pem"}, "www.example.test", now);
  EXPECT_EQ(r.code, 68);
  EXPECT_EQ(r.cause, "weak_signature_algorithm");
  EXPECT_EQ(r.depth, 0);
  VerifierOptions o;
  o.ca_file = data("root.pem");
  o.allow_sha1 = true;
  auto v = make_x509_verifier(o);
  ASSERT_TRUE(v);
  std::vector<Bytes> chain = {der_of("sha1leaf.pem"), der_of("inter.pem")};
  EXPECT_TRUE((*v)->verify(chain, "www.example.test", CertPurpose::server, {}, now).ok);
}

TEST_F(VerifierTest, TamperedSignatureIsRejected) {
  Bytes leaf = der_of("leaf.pem");
  leaf[leaf.size() - 3] ^= 0x01;  // inside the ECDSA signature's s value
  std::vector<Bytes> chain = {leaf, der_of("inter.pem")};
  auto r = verifier->verify(chain, "www.example.test", CertPurpose::server, {}, now);
  EXPECT_EQ(r.code, 7);
  EXPECT_EQ(r.cause, "bad_signature");
  EXPECT_EQ(r.depth, 0);
}

TEST_F(VerifierTest, MalformedLeafAndEmptyChain) {
  auto r =
      verifier->verify(std::vector<Bytes>{Bytes{0x30, 0x00}}, "x", CertPurpose::server, {}, now);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.cause, "malformed_certificate");
  auto e = verifier->verify(std::vector<Bytes>{}, "x", CertPurpose::server, {}, now);
  EXPECT_FALSE(e.ok);
}

TEST_F(VerifierTest, SafeFromManyThreads) {
  std::vector<std::thread> threads;
  std::atomic<int> good{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i)
        if (verify({"leaf.pem", "inter.pem"}, "www.example.test", now).ok) ++good;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(good.load(), 80);
}

Bytes read_bytes(const std::string& f) { return *read_file_bytes(data(f)); }

TEST(Ocsp, GoodRevokedUnknownAndDelegatedResponder) {
  auto leaf = load("leaf.pem"), inter = load("inter.pem"), revoked = load("revoked.pem"),
       rsa = load("rsaleaf.pem");
  auto good = read_bytes("ocsp_good.der");
  auto parsed = parse_ocsp_response(good);
  ASSERT_TRUE(parsed) << parsed.error().detail;
  ASSERT_EQ(parsed->responses.size(), 1u);
  int64_t t = parsed->responses[0].this_update + 60;
  const auto& p = crypto::default_provider();
  auto g = check_ocsp(good, *leaf, *inter, t, false, p);
  EXPECT_EQ(g.code, 0) << g.detail;
  EXPECT_EQ(g.status, OcspCertStatus::good);
  // Stale: past nextUpdate.
  EXPECT_EQ(check_ocsp(good, *leaf, *inter, t + 30 * 86400, false, p).code, 74);
  // A response for another certificate does not count.
  EXPECT_EQ(check_ocsp(good, *revoked, *inter, t, false, p).code, 74);
  auto rv = check_ocsp(read_bytes("ocsp_revoked.der"), *revoked, *inter, t, false, p);
  EXPECT_EQ(rv.code, 23) << rv.detail;  // signed by the delegated responder
  EXPECT_NE(rv.detail.find("keyCompromise"), std::string::npos);
  auto un = check_ocsp(read_bytes("ocsp_unknown.der"), *rsa, *inter, t, false, p);
  EXPECT_EQ(un.code, 75) << un.detail;
  // A flipped byte in the signed response data fails (the last byte of producedAt's seconds).
  Bytes bad = good;
  size_t tbs_at = static_cast<size_t>(parsed->tbs_response_data.data() - parsed->der.data());
  size_t pos = 0;
  for (size_t i = tbs_at; i + 15 < tbs_at + parsed->tbs_response_data.size(); ++i)
    if (bad[i] == 0x18 && bad[i + 1] == 15) {  // GeneralizedTime producedAt
      pos = i + 2 + 13;
      break;
    }
  ASSERT_NE(pos, 0u);
  bad[pos] = bad[pos] == '0' ? '1' : '0';
  EXPECT_EQ(check_ocsp(bad, *leaf, *inter, t, false, p).code, 74);
  EXPECT_FALSE(parse_ocsp_response(Bytes{0x30, 0x03, 0x0A, 0x01}));
}

TEST(Ocsp, StapledThroughTheVerifier) {
  VerifierOptions o;
  o.ca_file = data("root.pem");
  o.require_ocsp = true;
  auto v = make_x509_verifier(o);
  ASSERT_TRUE(v);
  auto resp = read_bytes("ocsp_good.der");
  int64_t t = parse_ocsp_response(resp)->responses[0].this_update + 60;
  std::vector<Bytes> chain = {der_of("leaf.pem"), der_of("inter.pem")};
  EXPECT_TRUE((*v)->verify(chain, "www.example.test", CertPurpose::server, resp, t).ok);
  auto none = (*v)->verify(chain, "www.example.test", CertPurpose::server, {}, t);
  EXPECT_EQ(none.code, 73);
  std::vector<Bytes> rchain = {der_of("revoked.pem"), der_of("inter.pem")};
  auto r = (*v)->verify(rchain, "www.example.test", CertPurpose::server,
                        read_bytes("ocsp_revoked.der"), t);
  EXPECT_EQ(r.code, 23);
  EXPECT_EQ(r.cause, "revoked");
  EXPECT_EQ(r.alert, Alert::certificate_revoked);
}

TEST(Crl, RevokedLeafIsRejected) {
  auto crls = parse_crls(read_bytes("inter.crl.pem"));
  ASSERT_TRUE(crls) << crls.error().detail;
  ASSERT_EQ(crls->size(), 1u);
  const Crl& crl = *crls->front();
  EXPECT_EQ(crl.entries.size(), 1u);
  VerifierOptions o;
  o.ca_file = data("root.pem");
  o.crls = *crls;
  o.crl_check = true;
  auto v = make_x509_verifier(o);
  ASSERT_TRUE(v);
  int64_t t = crl.this_update + 60;
  std::vector<Bytes> good = {der_of("leaf.pem"), der_of("inter.pem")};
  EXPECT_TRUE((*v)->verify(good, "www.example.test", CertPurpose::server, {}, t).ok);
  std::vector<Bytes> bad = {der_of("revoked.pem"), der_of("inter.pem")};
  auto r = (*v)->verify(bad, "www.example.test", CertPurpose::server, {}, t);
  EXPECT_EQ(r.code, 23);
  // After nextUpdate the CRL is stale.
  auto stale =
      (*v)->verify(good, "www.example.test", CertPurpose::server, {}, *crl.next_update + 60);
  EXPECT_EQ(stale.code, 12);
}

TEST(TrustStore, FilesDirectoriesAndErrors) {
  TrustStore s;
  auto n = s.add_file(data("root.pem"));
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 1u);
  EXPECT_TRUE(s.add_file(data("root.pem")));  // duplicates are ignored
  EXPECT_EQ(s.size(), 1u);
  EXPECT_FALSE(s.add_file(data("does-not-exist.pem")));
  TrustStore d;
  auto m = d.add_directory(std::string(TLSKIT_SOURCE_DIR) + "/tests/x509/data");
  ASSERT_TRUE(m);
  EXPECT_GE(*m, 8u);
  EXPECT_EQ(d.find_by_subject(load("inter.pem")->subject).size(), 1u);
}

TEST(TrustStore, SystemBundleLoadsWhenPresent) {
  std::ifstream f{std::string(kSystemBundle)};
  if (!f) GTEST_SKIP() << "no system bundle";
  TrustStore s;
  auto n = s.add_file(std::string(kSystemBundle));
  ASSERT_TRUE(n) << n.error().detail;
  EXPECT_GT(*n, 50u);
}

TEST(VerifyCodes, TextsAndAlerts) {
  EXPECT_STREQ(verify_code_text(0), "ok");
  EXPECT_STREQ(verify_code_text(10), "certificate has expired");
  EXPECT_STREQ(verify_code_text(19), "self-signed certificate in certificate chain");
  EXPECT_STREQ(verify_code_text(62), "hostname mismatch");
  EXPECT_STREQ(verify_code_text(79), "invalid CA certificate");
  EXPECT_STREQ(verify_code_text(1000), "unknown certificate verification error");
  EXPECT_EQ(alert_for_verify_code(9), Alert::certificate_expired);
  EXPECT_EQ(alert_for_verify_code(21), Alert::unknown_ca);
  EXPECT_EQ(alert_for_verify_code(7), Alert::bad_certificate);
  EXPECT_EQ(alert_for_verify_code(23), Alert::certificate_revoked);
  EXPECT_STREQ(default_cause(25), "path_too_long");
}

TEST(CertText, MatchesOpensslTextDump) {
  for (const char* name : {"leaf", "rsaleaf", "ed25519", "inter"}) {
    std::ifstream in(data(std::string(name) + ".txt"));
    std::stringstream want;
    want << in.rdbuf();
    EXPECT_EQ(certificate_text(*load(std::string(name) + ".pem")), want.str()) << name;
  }
  auto leaf = load("leaf.pem");
  EXPECT_EQ(key_description(*leaf), "EC P-256");
  EXPECT_EQ(key_description(*load("rsaleaf.pem")), "RSA 2048 bits");
  EXPECT_EQ(signature_algorithm_name(*leaf), "ecdsa-with-SHA256");
  EXPECT_EQ(san_list(*leaf).size(), 5u);
  EXPECT_EQ(fingerprint_sha256(*leaf).size(), 95u);
  EXPECT_EQ(days_remaining(*leaf, leaf->not_after - 86400 * 10 - 5), 10);
  EXPECT_EQ(validity_summary(*leaf, leaf->not_after + 86400 * 3), "expired 3 days ago");
}

}  // namespace
}  // namespace tlskit::x509
