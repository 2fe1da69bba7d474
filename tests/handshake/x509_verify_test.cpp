// Happy and unhappy paths with the real X.509 verifier (src/x509/) instead of a fake one:
// chain to the test root, host names, purposes, unknown CAs.
#include <gtest/gtest.h>

#include "../../fuzz/fuzz_conn_common.h"
#include "harness.h"
#include "x509/verifier.h"

namespace tlskit::test {
namespace {

std::shared_ptr<const CertVerifier> root_verifier() {
  x509::VerifierOptions o;
  o.ca_file = pki().root_pem;
  auto v = x509::make_verifier(o);
  EXPECT_TRUE(v) << v.error().to_string();
  return v ? *v : nullptr;
}

TEST(X509Verify, EveryLeafKindVerifiesByName) {
  auto verifier = root_verifier();
  for (LeafKind k : kAllLeafKinds) {
    World w;
    auto cc = w.client_config(leaf_host(k));
    cc->verifier = verifier;
    Pair p = handshake(cc, w.server_config());
    ASSERT_TRUE(p.client->handshake_complete()) << leaf_kind_name(k) << ": " << err_text(p.client_error);
    const auto& info = p.client->info();
    EXPECT_TRUE(info.peer_verified);
    ASSERT_TRUE(info.peer_verify);
    EXPECT_TRUE(info.peer_verify->ok);
    EXPECT_TRUE(info.peer_verify->verified_host);
  }
}

TEST(X509Verify, WrongHostNameFailsClosed) {
  World w;
  auto cc = w.client_config("www.example.com");
  cc->verifier = root_verifier();
  Pair p = handshake(cc, w.server_config());
  ASSERT_TRUE(p.client_error);
  EXPECT_EQ(p.client_error->code, ErrorCode::certificate_invalid);
  EXPECT_EQ(p.client_error->verify_code, 62);  // X509_V_ERR_HOSTNAME_MISMATCH
  EXPECT_EQ(p.client_error->step, Step::certificate_validation);
  EXPECT_NE(p.client_error->alert, Alert::none);
  ASSERT_TRUE(p.server_error);
  EXPECT_EQ(p.server_error->code, ErrorCode::peer_alert);
  EXPECT_EQ(p.server_error->alert, p.client_error->alert);
}

TEST(X509Verify, UnknownRootIsUnknownCa) {
  World w;
  x509::VerifierOptions o;
  o.roots = {Bytes(fuzzing::kFuzzCertPem.begin(), fuzzing::kFuzzCertPem.end())};
  auto v = x509::make_verifier(o);
  ASSERT_TRUE(v) << v.error().to_string();
  auto cc = w.client_config();
  cc->verifier = *v;
  Pair p = handshake(cc, w.server_config());
  ASSERT_TRUE(p.client_error);
  EXPECT_EQ(p.client_error->code, ErrorCode::certificate_invalid);
  EXPECT_EQ(p.client_error->alert, Alert::unknown_ca) << p.client_error->to_string();
  EXPECT_TRUE(p.client_error->verify_code == 20 || p.client_error->verify_code == 2)
      << p.client_error->verify_code;
}

TEST(X509Verify, MutualTlsWithClientPurpose) {
  World w;
  auto verifier = root_verifier();
  auto cc = w.client_config();
  cc->verifier = verifier;
  cc->client_certificate = pki().client();
  auto sc = w.server_config();
  sc->verifier = verifier;
  sc->client_auth = ClientAuth::require;
  Pair p = handshake(cc, sc);
  ASSERT_TRUE(p.server->handshake_complete()) << err_text(p.server_error);
  EXPECT_TRUE(p.server->info().peer_verified);
}

TEST(X509Verify, ServerCertificateAsClientCertificateIsRefused) {
  World w;
  auto verifier = root_verifier();
  auto cc = w.client_config();
  cc->verifier = verifier;
  cc->client_certificate = pki().leaf(LeafKind::ecdsa_p256);  // EKU serverAuth only
  auto sc = w.server_config();
  sc->verifier = verifier;
  sc->client_auth = ClientAuth::require;
  Pair p = handshake(cc, sc);
  ASSERT_TRUE(p.server_error);
  EXPECT_EQ(p.server_error->code, ErrorCode::certificate_invalid);
  EXPECT_NE(p.server_error->verify_code, 0);
  ASSERT_TRUE(p.client_error);
  EXPECT_EQ(p.client_error->alert, p.server_error->alert);
}

}  // namespace
}  // namespace tlskit::test
