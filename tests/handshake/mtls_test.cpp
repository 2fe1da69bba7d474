// Mutual TLS (RFC 8446 §4.3.2, §4.4.2.4): request, require, missing and rejected client
// certificates.
#include <gtest/gtest.h>

#include "harness.h"

namespace tlskit::test {
namespace {

TEST(MutualTls, RequestedAndPresented) {
  World w;
  auto cc = w.client_config();
  cc->client_certificate = pki().client();
  auto sc = w.server_config();
  sc->client_auth = ClientAuth::request;
  Pair p = handshake(cc, sc);
  ASSERT_TRUE(p.client->handshake_complete()) << err_text(p.client_error);
  ASSERT_TRUE(p.server->handshake_complete()) << err_text(p.server_error);
  EXPECT_TRUE(p.client->info().client_cert_requested);
  EXPECT_TRUE(p.client->info().client_cert_sent);
  EXPECT_EQ(p.client->info().local_signature_scheme, SignatureScheme::ecdsa_secp256r1_sha256);
  const auto& si = p.server->info();
  EXPECT_TRUE(si.client_cert_requested);
  EXPECT_TRUE(si.client_cert_sent) << "the server records that the client sent one";
  ASSERT_EQ(si.peer_chain.size(), 2u);
  EXPECT_EQ(si.peer_chain[0], pki().client()->chain[0]);
  EXPECT_EQ(si.peer_signature_scheme, SignatureScheme::ecdsa_secp256r1_sha256);
  EXPECT_TRUE(si.peer_verified);
  auto calls = w.server_verifier->calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].purpose, CertPurpose::client);
  EXPECT_EQ(calls[0].host, "");
  // Data flows after client authentication.
  ASSERT_TRUE(p.client->write(as_bytes("hello")));
  pump(p);
  EXPECT_EQ(p.server->readable(), 5u);
}

TEST(MutualTls, RequestedButNoneConfigured) {
  World w;
  auto sc = w.server_config();
  sc->client_auth = ClientAuth::request;
  Pair p = handshake(w.client_config(), sc);
  ASSERT_TRUE(p.server->handshake_complete()) << err_text(p.server_error);
  EXPECT_TRUE(p.client->info().client_cert_requested);
  EXPECT_FALSE(p.client->info().client_cert_sent);
  EXPECT_FALSE(p.server->info().client_cert_sent);
  EXPECT_TRUE(p.server->info().peer_chain.empty());
  EXPECT_FALSE(p.server->info().peer_verified);
  EXPECT_TRUE(w.server_verifier->calls().empty());
}

TEST(MutualTls, RequiredAndMissingIsCertificateRequired) {
  World w;
  auto sc = w.server_config();
  sc->client_auth = ClientAuth::require;
  Pair p = handshake(w.client_config(), sc);
  ASSERT_TRUE(p.server_error);
  EXPECT_EQ(p.server_error->code, ErrorCode::certificate_required);
  EXPECT_EQ(p.server_error->alert, Alert::certificate_required);
  EXPECT_EQ(p.server_error->step, Step::client_certificate);
  EXPECT_FALSE(p.server->handshake_complete());
  // The client finished its side, then learns of the refusal from the alert.
  ASSERT_TRUE(p.client_error);
  EXPECT_EQ(p.client_error->code, ErrorCode::peer_alert);
  EXPECT_EQ(p.client_error->alert, Alert::certificate_required);
  EXPECT_EQ(p.client_error->step, Step::client_certificate);
  EXPECT_EQ(p.client->info().alert_received, Alert::certificate_required);
  EXPECT_EQ(p.client->info().alert_received_step, Step::client_certificate);
}

TEST(MutualTls, RequiredAndPresented) {
  World w;
  auto cc = w.client_config();
  cc->client_certificate = pki().client();
  auto sc = w.server_config();
  sc->client_auth = ClientAuth::require;
  Pair p = handshake(cc, sc, 1);  // one byte at a time, too
  ASSERT_TRUE(p.server->handshake_complete()) << err_text(p.server_error);
  ASSERT_TRUE(p.client->handshake_complete()) << err_text(p.client_error);
  EXPECT_TRUE(p.client->info().client_cert_sent);
}

TEST(MutualTls, RejectedClientCertificateSendsTheVerifiersAlert) {
  World w;
  CertVerifyResult bad;
  bad.ok = false;
  bad.code = 20;
  bad.code_text = "unable to get local issuer certificate";
  bad.depth = 1;
  bad.cause = "unknown_issuer";
  bad.explanation = "the client certificate was issued by a CA this server does not trust";
  bad.alert = Alert::unknown_ca;
  w.server_verifier = std::make_shared<FakeVerifier>(bad);
  auto cc = w.client_config();
  cc->client_certificate = pki().client();
  auto sc = w.server_config();
  sc->client_auth = ClientAuth::request;
  Pair p = handshake(cc, sc);
  ASSERT_TRUE(p.server_error);
  EXPECT_EQ(p.server_error->code, ErrorCode::certificate_invalid);
  EXPECT_EQ(p.server_error->alert, Alert::unknown_ca);
  EXPECT_EQ(p.server_error->verify_code, 20);
  EXPECT_EQ(p.server_error->verify_depth, 1);
  EXPECT_NE(p.server_error->detail.find("does not trust"), std::string::npos);
  ASSERT_TRUE(p.client_error);
  EXPECT_EQ(p.client_error->alert, Alert::unknown_ca);
  EXPECT_EQ(p.client_error->step, Step::client_certificate);
}

}  // namespace
}  // namespace tlskit::test
