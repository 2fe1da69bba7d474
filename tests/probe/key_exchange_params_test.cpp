// Tests of src/probe/key_exchange_params: DHE (RFC 7919 and RFC 3526 primes recognized),
// ECDHE, RSA export, the PSK forms, TLS 1.0 vs 1.2 signatures, truncations and bad lengths.
#include <gtest/gtest.h>

#include "probe/key_exchange_params.h"
#include "probe_test_util.h"

namespace tlskit::probe {
namespace {

TEST(KeyExchangeParams, DheWithFfdhe2048) {
  Bytes p = test::ffdhe2048_prime();
  ASSERT_EQ(p.size(), 256u);
  Bytes body = test::dhe_ske_body(p, Bytes{2}, Bytes(256, 0x42));
  auto k = parse_key_exchange_params(body, KeyExchange::dhe, ProtocolVersion::tls1_2);
  ASSERT_TRUE(k.ok()) << k.error().to_string();
  EXPECT_EQ(k->kind, KeyExchangeParams::Kind::dh);
  EXPECT_EQ(k->dh_bits, 2048u);
  EXPECT_EQ(k->key_bits(), 2048u);
  EXPECT_EQ(k->ffdhe_group, NamedGroup{0x0100});
  EXPECT_EQ(k->dh_prime_name, "ffdhe2048 (RFC 7919)");
  EXPECT_TRUE(k->is_signed);
  EXPECT_EQ(k->scheme, SignatureScheme::rsa_pss_rsae_sha256);
  EXPECT_EQ(k->signature.size(), 256u);
  for (size_t n = 0; n < body.size(); ++n)
    ASSERT_FALSE(parse_key_exchange_params(ByteView(body).first(n), KeyExchange::dhe, ProtocolVersion::tls1_2).ok()) << n;
  Bytes trailing = body;
  trailing.push_back(1);
  EXPECT_EQ(parse_key_exchange_params(trailing, KeyExchange::dhe, ProtocolVersion::tls1_2).error().code,
            ErrorCode::decode_error);
}

TEST(KeyExchangeParams, DhePrimesAndSizes) {
  // A 1024-bit RFC 2409 prime is named, an arbitrary 1024-bit one is not.
  Bytes oakley(128, 0xFF);
  const uint8_t pi[] = {0xC9, 0x0F, 0xDA, 0xA2, 0x21, 0x68, 0xC2, 0x34, 0xC4, 0xC6, 0x62, 0x8B, 0x80, 0xDC, 0x1C, 0xD1};
  std::copy(std::begin(pi), std::end(pi), oakley.begin() + 8);
  std::string name;
  EXPECT_FALSE(identify_ffdhe_prime(oakley, &name));
  EXPECT_EQ(name, "Oakley group 2, 1024 bits (RFC 2409)");
  Bytes random_prime(128, 0xA5);
  name.clear();
  EXPECT_FALSE(identify_ffdhe_prime(random_prime, &name));
  EXPECT_EQ(name, "");
  // Export-size prime with a leading zero byte: 512 bits, TLS 1.0 signature without a scheme.
  Bytes p512(65, 0xC3);
  p512[0] = 0;
  auto k = parse_key_exchange_params(test::dhe_ske_body(p512, Bytes{2}, Bytes(64, 1), false),
                                     KeyExchange::dhe, ProtocolVersion::tls1_0);
  ASSERT_TRUE(k.ok()) << k.error().to_string();
  EXPECT_EQ(k->dh_bits, 512u);
  EXPECT_FALSE(k->scheme);
  EXPECT_TRUE(k->is_signed);
  // Anonymous DH: no signature at all.
  auto anon = parse_key_exchange_params(test::dhe_ske_body(p512, Bytes{2}, Bytes(64, 1), true, false),
                                        KeyExchange::dh_anon, ProtocolVersion::tls1_2);
  ASSERT_TRUE(anon.ok());
  EXPECT_FALSE(anon->is_signed);
  // Ys longer than p, empty g, a prime over the bound.
  EXPECT_FALSE(parse_key_exchange_params(test::dhe_ske_body(Bytes(16, 0x80), Bytes{2}, Bytes(17, 1)),
                                         KeyExchange::dhe, ProtocolVersion::tls1_2).ok());
  EXPECT_FALSE(parse_key_exchange_params(test::dhe_ske_body(Bytes(16, 0x80), Bytes{}, Bytes(16, 1)),
                                         KeyExchange::dhe, ProtocolVersion::tls1_2).ok());
  EXPECT_FALSE(parse_key_exchange_params(test::dhe_ske_body(Bytes(kMaxDhPrimeBytes + 1, 0x80), Bytes{2}, Bytes(16, 1)),
                                         KeyExchange::dhe, ProtocolVersion::tls1_2).ok());
  EXPECT_FALSE(parse_key_exchange_params(test::dhe_ske_body(Bytes(16, 0), Bytes{2}, Bytes{1}),
                                         KeyExchange::dhe, ProtocolVersion::tls1_2).ok());  // p = 0
}

TEST(KeyExchangeParams, Ecdhe) {
  Bytes body = test::ecdhe_ske_body(NamedGroup::secp384r1, 97);
  auto k = parse_key_exchange_params(body, KeyExchange::ecdhe, ProtocolVersion::tls1_2);
  ASSERT_TRUE(k.ok()) << k.error().to_string();
  EXPECT_EQ(k->curve, NamedGroup::secp384r1);
  EXPECT_EQ(k->ec_point.size(), 97u);
  EXPECT_EQ(k->key_bits(), 384u);
  EXPECT_EQ(k->scheme, SignatureScheme::ecdsa_secp256r1_sha256);
  for (size_t n = 0; n < body.size(); ++n)
    ASSERT_FALSE(parse_key_exchange_params(ByteView(body).first(n), KeyExchange::ecdhe, ProtocolVersion::tls1_2).ok()) << n;
  Bytes explicit_curve = body;
  explicit_curve[0] = 1;  // RFC 8422 §5.4: explicit_prime, deprecated
  EXPECT_EQ(parse_key_exchange_params(explicit_curve, KeyExchange::ecdhe, ProtocolVersion::tls1_2).error().code,
            ErrorCode::illegal_parameter);
  Bytes unknown = body;
  unknown[0] = 9;
  EXPECT_EQ(parse_key_exchange_params(unknown, KeyExchange::ecdhe, ProtocolVersion::tls1_2).error().code,
            ErrorCode::decode_error);
  Bytes empty_point = test::ecdhe_ske_body(NamedGroup::x25519, 0);
  EXPECT_FALSE(parse_key_exchange_params(empty_point, KeyExchange::ecdhe, ProtocolVersion::tls1_2).ok());
}

TEST(KeyExchangeParams, RsaExportAndPsk) {
  Bytes rsa;
  ByteWriter w(rsa);
  w.vec16(Bytes(64, 0xE1));
  w.vec16(Bytes{1, 0, 1});
  w.vec16(Bytes(64, 0x77));  // TLS 1.0 signature
  auto k = parse_key_exchange_params(rsa, KeyExchange::rsa_export, ProtocolVersion::tls1_0);
  ASSERT_TRUE(k.ok()) << k.error().to_string();
  EXPECT_EQ(k->kind, KeyExchangeParams::Kind::rsa);
  EXPECT_EQ(k->rsa_bits, 512u);
  for (size_t n = 0; n < rsa.size(); ++n)
    ASSERT_FALSE(parse_key_exchange_params(ByteView(rsa).first(n), KeyExchange::rsa_export, ProtocolVersion::tls1_0).ok());

  Bytes psk;
  ByteWriter pw(psk);
  pw.vec16(as_bytes("hint"));
  auto hint = parse_key_exchange_params(psk, KeyExchange::psk, ProtocolVersion::tls1_2);
  ASSERT_TRUE(hint.ok());
  EXPECT_EQ(hint->kind, KeyExchangeParams::Kind::psk_hint_only);
  EXPECT_EQ(hint->psk_identity_hint->size(), 4u);
  Bytes ecdhe_psk = psk;
  Bytes ec = test::ecdhe_ske_body(NamedGroup::x25519, 32, false);
  ec.resize(1 + 2 + 1 + 32);  // the params only: RFC 5489 §2 sends no signature
  ecdhe_psk.insert(ecdhe_psk.end(), ec.begin(), ec.end());
  auto ep = parse_key_exchange_params(ecdhe_psk, KeyExchange::ecdhe_psk, ProtocolVersion::tls1_2);
  ASSERT_TRUE(ep.ok()) << ep.error().to_string();
  EXPECT_EQ(ep->curve, NamedGroup::x25519);
  EXPECT_FALSE(ep->is_signed);
  // No ServerKeyExchange for RSA key transport: unexpected_message.
  EXPECT_EQ(parse_key_exchange_params(rsa, KeyExchange::rsa, ProtocolVersion::tls1_2).error().code,
            ErrorCode::unexpected_message);
}

TEST(KeyExchangeParams, BitLength) {
  EXPECT_EQ(bit_length(Bytes{}), 0u);
  EXPECT_EQ(bit_length(Bytes{0, 0}), 0u);
  EXPECT_EQ(bit_length(Bytes{0, 1}), 1u);
  EXPECT_EQ(bit_length(Bytes{0x80, 0}), 16u);
  EXPECT_EQ(bit_length(Bytes{0, 0x7F, 0xFF}), 15u);
}

}  // namespace
}  // namespace tlskit::probe
