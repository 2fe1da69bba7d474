// ALPN, SNI-based certificate choice, signature-scheme-based choice, server preference for
// suites and groups, and the info the client records.
#include <gtest/gtest.h>

#include "harness.h"

namespace tlskit::test {
namespace {

TEST(Alpn, ServerPreferenceWins) {
  World w;
  auto cc = w.client_config();
  cc->alpn = {"http/1.1", "h2"};
  auto sc = w.server_config();
  sc->alpn = {"h2", "http/1.1"};
  Pair p = handshake(cc, sc);
  ASSERT_TRUE(p.client->handshake_complete()) << err_text(p.client_error);
  EXPECT_EQ(p.client->info().alpn, "h2");
  EXPECT_EQ(p.server->info().alpn, "h2");
}

TEST(Alpn, NoOverlapIsNoApplicationProtocol) {
  World w;
  auto cc = w.client_config();
  cc->alpn = {"h2"};
  auto sc = w.server_config();
  sc->alpn = {"imap"};
  Pair p = handshake(cc, sc);
  ASSERT_TRUE(p.server_error);
  EXPECT_EQ(p.server_error->code, ErrorCode::no_application_protocol);
  EXPECT_EQ(p.server_error->alert, Alert::no_application_protocol);
  EXPECT_EQ(p.server_error->step, Step::client_hello);
  ASSERT_TRUE(p.client_error);
  EXPECT_EQ(p.client_error->code, ErrorCode::peer_alert);
  EXPECT_EQ(p.client_error->alert, Alert::no_application_protocol);
  EXPECT_EQ(p.client_error->party, Party::peer);
  EXPECT_NE(p.client_error->detail.find("no_application_protocol"), std::string::npos);
  EXPECT_FALSE(p.client->handshake_complete());
  EXPECT_TRUE(p.client->error());
}

TEST(Alpn, ClientWithoutAlpnGetsNone) {
  World w;
  auto sc = w.server_config();
  sc->alpn = {"h2"};
  Pair p = handshake(w.client_config(), sc);
  ASSERT_TRUE(p.client->handshake_complete());
  EXPECT_EQ(p.client->info().alpn, "");
}

TEST(Sni, ChoosesTheCertificateForTheName) {
  for (LeafKind k : kAllLeafKinds) {
    World w;
    Pair p = handshake(w.client_config(leaf_host(k)), w.server_config());
    ASSERT_TRUE(p.client->handshake_complete()) << err_text(p.client_error);
    EXPECT_EQ(p.client->info().peer_chain.at(0), pki().leaf(k)->chain.at(0)) << leaf_kind_name(k);
    EXPECT_EQ(p.server->info().server_name, leaf_host(k));
  }
}

TEST(Sni, UnknownNameGetsTheFirstCertificate) {
  World w;
  Pair p = handshake(w.client_config("other.example"),
                     w.server_config({LeafKind::rsa2048, LeafKind::ecdsa_p256}));
  ASSERT_TRUE(p.client->handshake_complete());
  EXPECT_EQ(p.client->info().peer_chain.at(0), pki().leaf(LeafKind::rsa2048)->chain.at(0));
  auto calls = w.client_verifier->calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].host, "other.example");
}

TEST(Sni, WildcardNameMatches) {
  World w;
  Pair p = handshake(w.client_config("x.wild.tlskit.test"),
                     w.server_config({LeafKind::rsa2048, LeafKind::ed25519}));
  ASSERT_TRUE(p.client->handshake_complete());
  EXPECT_EQ(p.client->info().peer_chain.at(0), pki().leaf(LeafKind::rsa2048)->chain.at(0));
}

TEST(Sni, IpLiteralIsNotSent) {
  World w;
  Pair p = handshake(w.client_config("127.0.0.1"), w.server_config());
  ASSERT_TRUE(p.client->handshake_complete());
  EXPECT_EQ(p.server->info().server_name, "");
  auto calls = w.client_verifier->calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].host, "127.0.0.1");  // still checked against the certificate
}

TEST(SignatureSchemes, ClientSchemesPickTheCertificate) {
  World w;
  auto cc = w.client_config("p256.tlskit.test");  // the name points at the P-256 leaf ...
  cc->signature_schemes = {SignatureScheme::ed25519};  // ... but only Ed25519 is accepted
  Pair p = handshake(cc, w.server_config());
  ASSERT_TRUE(p.client->handshake_complete()) << err_text(p.client_error);
  EXPECT_EQ(p.client->info().peer_chain.at(0), pki().leaf(LeafKind::ed25519)->chain.at(0));
  EXPECT_EQ(p.client->info().peer_signature_scheme, SignatureScheme::ed25519);
}

TEST(SignatureSchemes, RsaPssSha384) {
  World w;
  auto cc = w.client_config("rsa.tlskit.test");
  cc->signature_schemes = {SignatureScheme::rsa_pss_rsae_sha384};
  Pair p = handshake(cc, w.server_config({LeafKind::rsa2048}));
  ASSERT_TRUE(p.client->handshake_complete()) << err_text(p.client_error);
  EXPECT_EQ(p.client->info().peer_signature_scheme, SignatureScheme::rsa_pss_rsae_sha384);
}

TEST(SignatureSchemes, NoUsableCertificateIsHandshakeFailure) {
  World w;
  auto cc = w.client_config();
  cc->signature_schemes = {SignatureScheme::ed25519};
  Pair p = handshake(cc, w.server_config({LeafKind::ecdsa_p256, LeafKind::rsa2048}));
  ASSERT_TRUE(p.server_error);
  EXPECT_EQ(p.server_error->code, ErrorCode::no_common_signature);
  EXPECT_EQ(p.server_error->alert, Alert::handshake_failure);
  ASSERT_TRUE(p.client_error);
  EXPECT_EQ(p.client_error->alert, Alert::handshake_failure);
}

TEST(ServerPreference, SuiteAndGroupFollowTheServerOrder) {
  World w;
  auto cc = w.client_config();
  cc->cipher_suites = {CipherSuite::TLS_AES_128_GCM_SHA256, CipherSuite::TLS_CHACHA20_POLY1305_SHA256};
  cc->groups = {NamedGroup::x25519, NamedGroup::secp256r1};
  cc->key_share_count = 2;
  auto sc = w.server_config();
  sc->cipher_suites = {CipherSuite::TLS_CHACHA20_POLY1305_SHA256, CipherSuite::TLS_AES_128_GCM_SHA256};
  sc->groups = {NamedGroup::secp256r1, NamedGroup::x25519};
  Pair p = handshake(cc, sc);
  ASSERT_TRUE(p.client->handshake_complete());
  EXPECT_EQ(p.client->info().cipher_suite, CipherSuite::TLS_CHACHA20_POLY1305_SHA256);
  EXPECT_EQ(p.client->info().group, NamedGroup::secp256r1);
  EXPECT_FALSE(p.client->info().hello_retry);
}

TEST(ServerPreference, NoCommonSuiteIsHandshakeFailure) {
  World w;
  auto cc = w.client_config();
  cc->cipher_suites = {CipherSuite::TLS_AES_128_GCM_SHA256};
  auto sc = w.server_config();
  sc->cipher_suites = {CipherSuite::TLS_AES_256_GCM_SHA384};
  Pair p = handshake(cc, sc);
  ASSERT_TRUE(p.server_error);
  EXPECT_EQ(p.server_error->code, ErrorCode::no_common_cipher);
  EXPECT_EQ(p.server_error->alert, Alert::handshake_failure);
  EXPECT_EQ(p.client_error->alert, Alert::handshake_failure);
}

TEST(MiddleboxCompat, OffMeansNoSessionIdAndNoCcs) {
  World w;
  auto cc = w.client_config();
  cc->middlebox_compat = false;
  cc->record_events = true;
  auto sc = w.server_config();
  sc->record_events = true;
  Pair p = handshake(cc, sc);
  ASSERT_TRUE(p.client->handshake_complete());
  for (auto* c : {p.client.get(), p.server.get()})
    while (auto e = c->next_event()) EXPECT_NE(e->kind, EventKind::change_cipher_spec);
}

TEST(MiddleboxCompat, OnMeansCcsBothWays) {
  World w;
  auto cc = w.client_config();
  cc->record_events = true;
  Pair p = handshake(cc, w.server_config());
  ASSERT_TRUE(p.client->handshake_complete());
  int sent = 0, received = 0;
  while (auto e = p.client->next_event())
    if (e->kind == EventKind::change_cipher_spec) (e->direction == Direction::sent ? sent : received)++;
  EXPECT_EQ(sent, 1);
  EXPECT_EQ(received, 1);
}

}  // namespace
}  // namespace tlskit::test
