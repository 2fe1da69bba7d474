// The public factories of tlskit/trust.h and tlskit/resumption.h: verifiers (CA file, system
// store, pinning), ticket keys, the server session cache, the client session cache.
#include <gtest/gtest.h>

#include "scoped_env.h"

#include <cstdlib>
#include <optional>
#include <string>

#include "crypto/provider.h"
#include "session/session_access.h"
#include "session/session_state.h"
#include "tlskit/resumption.h"
#include "tlskit/trust.h"
#include "x509/certificate.h"
#include "x509/system_roots.h"
#include "x509/trust_store.h"

namespace tlskit {
namespace {

std::string data(const std::string& f) {
  return std::string(TLSKIT_SOURCE_DIR) + "/tests/x509/data/" + f;
}

x509::CertPtr load(const std::string& f) {
  auto certs = x509::parse_certificates(*x509::read_file_bytes(data(f)));
  EXPECT_TRUE(certs);
  return certs->front();
}

Bytes der_of(const std::string& f) {
  auto c = load(f);
  return Bytes(c->der().begin(), c->der().end());
}

// SHA-256 of a certificate's SubjectPublicKeyInfo: a pin.
Bytes pin_of(const std::string& f) {
  Bytes d(32);
  crypto::default_provider().hash(crypto::HashAlg::sha256, load(f)->key.spki, d);
  return d;
}

using test::ScopedEnv;

TEST(PublicFactories, CaFileVerifierVerifiesAChain) {
  auto v = make_ca_file_verifier(data("root.pem"));
  ASSERT_TRUE(v) << v.error().to_string();
  std::vector<Bytes> chain = {der_of("leaf.pem"), der_of("inter.pem")};
  int64_t now = load("leaf.pem")->not_before + 3600;
  auto r = (*v)->verify(chain, "www.example.test", CertPurpose::server, {}, now);
  EXPECT_TRUE(r.ok) << r.explanation;
  auto bad = (*v)->verify(chain, "other.example", CertPurpose::server, {}, now);
  EXPECT_FALSE(bad.ok);
}

TEST(PublicFactories, UnreadableCaFileIsAFileError) {
  auto v = make_ca_file_verifier(data("does-not-exist.pem"));
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().code, ErrorCode::file_error);
}

TEST(PublicFactories, NoSystemStoreIsASpecificError) {
  ScopedEnv f("SSL_CERT_FILE", data("does-not-exist.pem")), d("SSL_CERT_DIR", data("no-dir")),
      l(x509::kSystemCaPathsEnv, "");
  auto v = make_system_verifier();
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().code, ErrorCode::file_error);
  EXPECT_NE(v.error().detail.find("no system trust store"), std::string::npos) << v.error().detail;
  EXPECT_NE(v.error().detail.find("ca-certificates"), std::string::npos) << v.error().detail;
}

TEST(PublicFactories, SslCertFileIsTheSystemStore) {
  ScopedEnv f("SSL_CERT_FILE", data("root.pem")), d("SSL_CERT_DIR", std::nullopt),
      l(x509::kSystemCaPathsEnv, "");
  auto v = make_system_verifier();
  ASSERT_TRUE(v) << v.error().to_string();
  std::vector<Bytes> chain = {der_of("leaf.pem"), der_of("inter.pem")};
  auto r = (*v)->verify(chain, "www.example.test", CertPurpose::server, {},
                        load("leaf.pem")->not_before + 3600);
  EXPECT_TRUE(r.ok) << r.explanation;
}

TEST(PublicFactories, PinnedVerifierNeedsAPinnedKey) {
  std::vector<Bytes> chain = {der_of("leaf.pem"), der_of("inter.pem")};
  auto good = make_pinned_verifier({pin_of("inter.pem")}, nullptr);
  ASSERT_TRUE(good);
  EXPECT_TRUE((*good)->verify(chain, "", CertPurpose::server, {}, 0).ok);

  auto wrong = make_pinned_verifier({pin_of("root.pem")}, nullptr);
  ASSERT_TRUE(wrong);
  auto r = (*wrong)->verify(chain, "", CertPurpose::server, {}, 0);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.cause, "pin_mismatch");
  EXPECT_EQ(r.code, 50);
  EXPECT_EQ(r.alert, Alert::bad_certificate);
}

TEST(PublicFactories, PinnedVerifierKeepsTheChainVerdict) {
  auto ca = make_ca_file_verifier(data("root.pem"));
  ASSERT_TRUE(ca);
  auto v = make_pinned_verifier({pin_of("leaf.pem")}, *ca);
  ASSERT_TRUE(v);
  std::vector<Bytes> chain = {der_of("leaf.pem"), der_of("inter.pem")};
  int64_t now = load("leaf.pem")->not_before + 3600;
  EXPECT_TRUE((*v)->verify(chain, "www.example.test", CertPurpose::server, {}, now).ok);
  auto r = (*v)->verify(chain, "other.example", CertPurpose::server, {}, now);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.cause, "pin_mismatch");  // the host name failed first
}

TEST(PublicFactories, PinsAreChecked) {
  EXPECT_EQ(make_pinned_verifier({}, nullptr).error().code, ErrorCode::config_invalid);
  EXPECT_EQ(make_pinned_verifier({Bytes(31)}, nullptr).error().code, ErrorCode::config_invalid);
}

TEST(PublicFactories, TicketKeysAndServerCache) {
  auto keys = make_ticket_keys();
  ASSERT_TRUE(keys) << keys.error().to_string();
  EXPECT_NE(keys->get(), nullptr);
  TicketKeySettings too_long;
  too_long.ticket_lifetime = 8 * 24 * 3600;
  EXPECT_FALSE(make_ticket_keys(too_long));
  EXPECT_NE(make_server_session_cache(16, true), nullptr);
}

TEST(PublicFactories, ClientSessionCacheRoundTrip) {
  session::ClientSession cs;
  cs.state.version = ProtocolVersion::tls1_2;
  cs.state.suite = CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
  cs.state.server_name = "localhost";
  cs.state.created = 1000;
  cs.session_id = Bytes(32, 7);
  ClientSessionCache cache;
  cache.put("LocalHost", 443, Session(cs));
  EXPECT_FALSE(cache.take("localhost", 444, 1001));
  auto s = cache.take("localhost", 443, 1001);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->server_name(), "localhost");
  EXPECT_EQ(session::client_session_of(*s).session_id, Bytes(32, 7));
  cache.remove("localhost", 443);
  EXPECT_FALSE(cache.take("localhost", 443, 1001));
}

}  // namespace
}  // namespace tlskit
