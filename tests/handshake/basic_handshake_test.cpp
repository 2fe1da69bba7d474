// The basic in-memory TLS 1.3 handshake and application data exchange.
#include <gtest/gtest.h>

#include "harness.h"

namespace tlskit::test {
namespace {

TEST(Handshake, Tls13EcdsaP256X25519Aes128Gcm) {
  World w;
  auto cc = w.client_config();
  cc->cipher_suites = {CipherSuite::TLS_AES_128_GCM_SHA256};
  cc->groups = {NamedGroup::x25519};
  auto sc = w.server_config({LeafKind::ecdsa_p256});
  Pair p = handshake(cc, sc);
  ASSERT_TRUE(p.client && p.server);
  ASSERT_FALSE(p.client_error) << err_text(p.client_error);
  ASSERT_FALSE(p.server_error) << err_text(p.server_error);
  EXPECT_TRUE(p.client->handshake_complete());
  EXPECT_TRUE(p.server->handshake_complete());
  const auto& ci = p.client->info();
  const auto& si = p.server->info();
  EXPECT_EQ(ci.version, ProtocolVersion::tls1_3);
  EXPECT_EQ(ci.cipher_suite, CipherSuite::TLS_AES_128_GCM_SHA256);
  EXPECT_EQ(si.cipher_suite, CipherSuite::TLS_AES_128_GCM_SHA256);
  EXPECT_EQ(ci.group, NamedGroup::x25519);
  EXPECT_EQ(si.group, NamedGroup::x25519);
  EXPECT_EQ(ci.peer_signature_scheme, SignatureScheme::ecdsa_secp256r1_sha256);
  EXPECT_EQ(si.local_signature_scheme, SignatureScheme::ecdsa_secp256r1_sha256);
  EXPECT_FALSE(ci.hello_retry);
  EXPECT_TRUE(ci.peer_verified);
  ASSERT_TRUE(ci.peer_verify);
  EXPECT_TRUE(ci.peer_verify->ok);
  ASSERT_EQ(ci.peer_chain.size(), 2u);
  EXPECT_EQ(ci.peer_chain[0], pki().leaf(LeafKind::ecdsa_p256)->chain[0]);
  EXPECT_EQ(si.server_name, "p256.tlskit.test");
  auto calls = w.client_verifier->calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].host, "p256.tlskit.test");
  EXPECT_EQ(calls[0].purpose, CertPurpose::server);
  EXPECT_EQ(calls[0].now, w.clock.unix_seconds());

  // Application data both ways.
  const std::string ping = "ping from the client", pong = "pong from the server";
  ASSERT_TRUE(p.client->write(as_bytes(ping)));
  pump(p);
  Bytes buf(100);
  ASSERT_EQ(p.server->readable(), ping.size());
  size_t n = p.server->read(buf);
  EXPECT_EQ(std::string(buf.begin(), buf.begin() + n), ping);
  ASSERT_TRUE(p.server->write(as_bytes(pong)));
  pump(p);
  n = p.client->read(buf);
  EXPECT_EQ(std::string(buf.begin(), buf.begin() + n), pong);

  // close_notify.
  p.client->close();
  pump(p);
  EXPECT_TRUE(p.server->peer_closed());
  EXPECT_FALSE(p.server->error());
  EXPECT_TRUE(p.server->feed_eof());
}

}  // namespace
}  // namespace tlskit::test
