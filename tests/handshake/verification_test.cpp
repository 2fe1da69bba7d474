// Certificate verification through Config::verifier: fail closed with the verifier's verdict,
// and the insecure mode that skips the chain but still checks CertificateVerify.
#include <gtest/gtest.h>

#include "crypto/provider.h"
#include "harness.h"

namespace tlskit::test {
namespace {

TEST(Verification, RejectedChainFailsClosedWithTheVerifiersAlert) {
  World w;
  CertVerifyResult bad;
  bad.ok = false;
  bad.code = 10;
  bad.code_text = "certificate has expired";
  bad.depth = 0;
  bad.subject = "CN = p256.tlskit.test";
  bad.cause = "expired";
  bad.explanation = "the server certificate expired on 2020-01-01; renew it";
  bad.alert = Alert::certificate_expired;
  w.client_verifier = std::make_shared<FakeVerifier>(bad);
  Pair p = handshake(w.client_config(), w.server_config());
  ASSERT_TRUE(p.client_error);
  const Error& e = *p.client_error;
  EXPECT_EQ(e.code, ErrorCode::certificate_invalid);
  EXPECT_EQ(e.alert, Alert::certificate_expired);
  EXPECT_EQ(e.step, Step::certificate_validation);
  EXPECT_EQ(e.verify_code, 10);
  EXPECT_EQ(e.verify_depth, 0);
  EXPECT_NE(e.detail.find("renew it"), std::string::npos) << e.detail;
  EXPECT_FALSE(p.client->handshake_complete());
  ASSERT_TRUE(p.client->info().peer_verify);
  EXPECT_FALSE(p.client->info().peer_verify->ok);
  EXPECT_FALSE(p.client->info().peer_verified);
  // The server learns it from the alert (encrypted under the client's handshake keys).
  ASSERT_TRUE(p.server_error);
  EXPECT_EQ(p.server_error->code, ErrorCode::peer_alert);
  EXPECT_EQ(p.server_error->alert, Alert::certificate_expired);
  EXPECT_EQ(p.server_error->step, Step::client_finished);
  EXPECT_EQ(p.server->info().alert_received_step, Step::client_finished);
}

TEST(Verification, VerifierWithoutAlertMeansBadCertificate) {
  World w;
  CertVerifyResult bad;
  bad.ok = false;
  bad.code = 62;
  bad.code_text = "hostname mismatch";
  w.client_verifier = std::make_shared<FakeVerifier>(bad);
  Pair p = handshake(w.client_config(), w.server_config());
  ASSERT_TRUE(p.client_error);
  EXPECT_EQ(p.client_error->alert, Alert::bad_certificate);
  EXPECT_EQ(p.client_error->verify_code, 62);
}

TEST(Verification, InsecureModeRecordsThatNothingWasVerified) {
  World w;
  auto cc = w.client_config();
  cc->verify_peer = false;
  cc->verifier = nullptr;
  Pair p = handshake(cc, w.server_config());
  ASSERT_TRUE(p.client->handshake_complete()) << err_text(p.client_error);
  EXPECT_FALSE(p.client->info().peer_verified);
  EXPECT_FALSE(p.client->info().peer_verify.has_value());
  EXPECT_EQ(p.client->info().peer_chain.size(), 2u);
  EXPECT_TRUE(p.client->info().peer_signature_scheme.has_value());
}

TEST(Verification, InsecureModeStillChecksTheSignatureAgainstTheLeaf) {
  // The server presents the P-256 leaf but signs with another P-256 key.
  World w;
  auto other = std::make_shared<CertifiedKey>(*pki().leaf(LeafKind::ecdsa_p256));
  other->key = pki().client()->key;
  auto cc = w.client_config();
  cc->verify_peer = false;
  cc->verifier = nullptr;
  auto sc = w.server_config({});
  sc->certificates = {other};
  Pair p = handshake(cc, sc);
  ASSERT_TRUE(p.client_error);
  EXPECT_EQ(p.client_error->code, ErrorCode::bad_signature);
  EXPECT_EQ(p.client_error->alert, Alert::decrypt_error);
  EXPECT_EQ(p.client_error->step, Step::server_certificate_verify);
  EXPECT_EQ(p.server_error->alert, Alert::decrypt_error);
}

TEST(Verification, ServerKeyTypeMismatchIsIllegalParameter) {
  // The server presents the RSA leaf but its key is Ed25519: the scheme does not fit the leaf.
  World w;
  auto odd = std::make_shared<CertifiedKey>(*pki().leaf(LeafKind::rsa2048));
  odd->key = pki().leaf(LeafKind::ed25519)->key;
  auto sc = w.server_config({});
  sc->certificates = {odd};
  Pair p = handshake(w.client_config(), sc);
  ASSERT_TRUE(p.client_error);
  EXPECT_EQ(p.client_error->code, ErrorCode::illegal_parameter);
  EXPECT_EQ(p.client_error->alert, Alert::illegal_parameter);
  EXPECT_EQ(p.client_error->step, Step::server_certificate_verify);
}

TEST(Verification, ClientWithoutVerifierIsAConfigError) {
  World w;
  auto cc = w.client_config();
  cc->verifier = nullptr;
  auto c = Connection::client(cc);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::config_invalid);
  EXPECT_EQ(c.error().party, Party::config);
}

}  // namespace
}  // namespace tlskit::test
