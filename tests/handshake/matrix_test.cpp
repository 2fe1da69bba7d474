// The TLS 1.3 matrix: 5 suites x 3 groups x 4 certificate types, each with application data
// both ways and matching key log lines on both sides.
#include <gtest/gtest.h>

#include <map>
#include <tuple>

#include "harness.h"

namespace tlskit::test {
namespace {

constexpr CipherSuite kSuites[] = {
    CipherSuite::TLS_AES_128_GCM_SHA256, CipherSuite::TLS_AES_256_GCM_SHA384,
    CipherSuite::TLS_CHACHA20_POLY1305_SHA256, CipherSuite::TLS_AES_128_CCM_SHA256,
    CipherSuite::TLS_AES_128_CCM_8_SHA256};
constexpr NamedGroup kGroups[] = {NamedGroup::x25519, NamedGroup::secp256r1,
                                  NamedGroup::secp384r1};

SignatureScheme expected_scheme(LeafKind k) {
  switch (k) {
    case LeafKind::ecdsa_p256: return SignatureScheme::ecdsa_secp256r1_sha256;
    case LeafKind::ecdsa_p384: return SignatureScheme::ecdsa_secp384r1_sha384;
    case LeafKind::rsa2048: return SignatureScheme::rsa_pss_rsae_sha256;
    case LeafKind::ed25519: return SignatureScheme::ed25519;
  }
  return SignatureScheme::ed25519;
}

using MatrixParam = std::tuple<CipherSuite, NamedGroup, LeafKind>;

class Matrix : public ::testing::TestWithParam<MatrixParam> {};

TEST_P(Matrix, HandshakeDataAndKeyLog) {
  auto [suite, group, kind] = GetParam();
  World w;
  std::vector<std::string> client_log, server_log;
  auto cc = w.client_config(leaf_host(kind));
  cc->cipher_suites = {suite};
  cc->groups = {group};
  cc->key_log = [&](std::string_view l) { client_log.emplace_back(l); };
  auto sc = w.server_config({kind});
  sc->cipher_suites = {suite};
  sc->groups = {group};
  sc->key_log = [&](std::string_view l) { server_log.emplace_back(l); };
  Pair p = handshake(cc, sc);
  ASSERT_TRUE(p.client && p.server);
  ASSERT_FALSE(p.client_error) << err_text(p.client_error);
  ASSERT_FALSE(p.server_error) << err_text(p.server_error);
  ASSERT_TRUE(p.client->handshake_complete());
  ASSERT_TRUE(p.server->handshake_complete());
  EXPECT_EQ(p.client->info().cipher_suite, suite);
  EXPECT_EQ(p.server->info().cipher_suite, suite);
  EXPECT_EQ(p.client->info().group, group);
  EXPECT_EQ(p.client->info().peer_signature_scheme, expected_scheme(kind));
  EXPECT_EQ(p.client->info().peer_chain.at(0), pki().leaf(kind)->chain.at(0));

  // Data both ways, larger than one record.
  Bytes big(40000);
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<uint8_t>(i * 7 + 3);
  ASSERT_TRUE(p.client->write(big));
  ASSERT_TRUE(p.server->write(big));
  pump(p);
  Bytes got(big.size() + 10);
  EXPECT_EQ(p.server->read(got), big.size());
  EXPECT_TRUE(std::equal(big.begin(), big.end(), got.begin()));
  EXPECT_EQ(p.client->read(got), big.size());
  EXPECT_TRUE(std::equal(big.begin(), big.end(), got.begin()));

  // NSS key log: the same five lines on both sides, in the client random's name.
  ASSERT_EQ(client_log.size(), 5u);
  std::sort(client_log.begin(), client_log.end());
  std::sort(server_log.begin(), server_log.end());
  EXPECT_EQ(client_log, server_log);
  std::map<std::string, int> labels;
  for (const auto& l : client_log) labels[l.substr(0, l.find(' '))]++;
  EXPECT_EQ(labels["CLIENT_HANDSHAKE_TRAFFIC_SECRET"], 1);
  EXPECT_EQ(labels["SERVER_HANDSHAKE_TRAFFIC_SECRET"], 1);
  EXPECT_EQ(labels["CLIENT_TRAFFIC_SECRET_0"], 1);
  EXPECT_EQ(labels["SERVER_TRAFFIC_SECRET_0"], 1);
  EXPECT_EQ(labels["EXPORTER_SECRET"], 1);
  const size_t hash_hex = suite == CipherSuite::TLS_AES_256_GCM_SHA384 ? 96 : 64;
  for (const auto& l : client_log) EXPECT_EQ(l.size(), l.find(' ') + 1 + 64 + 1 + hash_hex) << l;
}

std::string param_name(const ::testing::TestParamInfo<MatrixParam>& info) {
  auto [suite, group, kind] = info.param;
  return cipher_suite_name(suite) + "_" + group_name(group) + "_" + leaf_kind_name(kind);
}

INSTANTIATE_TEST_SUITE_P(AllSuitesGroupsCerts, Matrix,
                         ::testing::Combine(::testing::ValuesIn(kSuites),
                                            ::testing::ValuesIn(kGroups),
                                            ::testing::ValuesIn(kAllLeafKinds)),
                         param_name);

}  // namespace
}  // namespace tlskit::test
