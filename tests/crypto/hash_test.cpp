// Hashes (known answers, incremental use, peek without finalising, copy), HMAC (RFC 4231),
// HKDF (RFC 5869) and the provider-independent tables (sizes, names, signature parameters).
#include <gtest/gtest.h>

#include "base/default_alert.h"

#include <string>
#include <thread>

#include "crypto/provider.h"
#include "crypto_test_util.h"

namespace tlskit::crypto {
namespace {

using testutil::hex;

std::string digest_hex(HashAlg h, std::string_view data) {
  uint8_t out[kMaxHashSize];
  default_provider().hash(h, as_bytes(data), MutableByteView(out, hash_size(h)));
  return to_hex(ByteView(out, hash_size(h)));
}

std::string peek_hex(const Hash& h) {
  uint8_t out[kMaxHashSize];
  h.peek(MutableByteView(out, hash_size(h.alg())));
  return to_hex(ByteView(out, hash_size(h.alg())));
}

TEST(Hash, SizesAndNames) {
  EXPECT_EQ(hash_size(HashAlg::sha256), 32u);
  EXPECT_EQ(hash_size(HashAlg::sha384), 48u);
  EXPECT_EQ(hash_size(HashAlg::sha512), 64u);
  EXPECT_EQ(hash_size(HashAlg::sha1), 20u);
  EXPECT_EQ(hash_size(HashAlg::md5), 16u);
  EXPECT_STREQ(hash_name(HashAlg::sha384), "SHA384");
  EXPECT_STREQ(hash_name(HashAlg::md5), "MD5");
}

// FIPS 180-4 / RFC 1321 "abc" examples.
TEST(Hash, KnownAnswersForAbc) {
  EXPECT_EQ(digest_hex(HashAlg::sha256, "abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(digest_hex(HashAlg::sha384, "abc"),
            "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7");
  EXPECT_EQ(digest_hex(HashAlg::sha512, "abc"),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
            "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
  EXPECT_EQ(digest_hex(HashAlg::sha1, "abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(digest_hex(HashAlg::md5, "abc"), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(digest_hex(HashAlg::sha256, ""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Hash, IncrementalMillionA) {
  auto h = default_provider().make_hash(HashAlg::sha256);
  std::string chunk(1000, 'a');
  for (int i = 0; i < 1000; ++i) h->update(as_bytes(chunk));
  EXPECT_EQ(peek_hex(*h), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Hash, PeekDoesNotFinalise) {
  for (HashAlg alg : {HashAlg::sha256, HashAlg::sha384, HashAlg::sha512}) {
    auto h = default_provider().make_hash(alg);
    EXPECT_EQ(h->alg(), alg);
    EXPECT_EQ(peek_hex(*h), digest_hex(alg, ""));
    h->update(as_bytes("a"));
    h->update(as_bytes("bc"));
    EXPECT_EQ(peek_hex(*h), digest_hex(alg, "abc"));
    EXPECT_EQ(peek_hex(*h), digest_hex(alg, "abc"));  // twice: same answer
    h->update(as_bytes("def"));
    EXPECT_EQ(peek_hex(*h), digest_hex(alg, "abcdef"));
  }
}

TEST(Hash, CopySnapshotsTheRunningState) {
  auto h = default_provider().make_hash(HashAlg::sha384);
  h->update(as_bytes("client hello|"));
  auto snap = h->copy();
  h->update(as_bytes("server hello"));
  snap->update(as_bytes("hello retry"));
  EXPECT_EQ(peek_hex(*h), digest_hex(HashAlg::sha384, "client hello|server hello"));
  EXPECT_EQ(peek_hex(*snap), digest_hex(HashAlg::sha384, "client hello|hello retry"));
  EXPECT_EQ(snap->alg(), HashAlg::sha384);
}

// RFC 4231 test cases 2 (short key) and 6 (key longer than the block).
TEST(Hmac, Rfc4231) {
  const Provider& p = default_provider();
  auto mac = [&](HashAlg h, ByteView key, std::string_view data) {
    uint8_t out[kMaxHashSize];
    p.hmac(h, key, as_bytes(data), MutableByteView(out, hash_size(h)));
    return to_hex(ByteView(out, hash_size(h)));
  };
  const std::string data2 = "what do ya want for nothing?";
  EXPECT_EQ(mac(HashAlg::sha256, as_bytes("Jefe"), data2),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(mac(HashAlg::sha384, as_bytes("Jefe"), data2),
            "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649");
  EXPECT_EQ(mac(HashAlg::sha512, as_bytes("Jefe"), data2),
            "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
            "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737");
  Bytes long_key(131, 0xaa);
  const std::string data6 = "Test Using Larger Than Block-Size Key - Hash Key First";
  EXPECT_EQ(mac(HashAlg::sha256, long_key, data6),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  EXPECT_EQ(mac(HashAlg::sha512, long_key, data6),
            "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
            "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598");
}

TEST(Hmac, IsCorrectFromSeveralThreads) {
  const std::string want = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
  auto work = [&](int* mismatches) {
    for (int i = 0; i < 500; ++i) {
      uint8_t out[32];
      default_provider().hmac(HashAlg::sha256, as_bytes("Jefe"), as_bytes("what do ya want for nothing?"), out);
      if (to_hex(out) != want) ++*mismatches;
    }
  };
  int m1 = 0, m2 = 0;
  std::thread t1(work, &m1), t2(work, &m2);
  t1.join();
  t2.join();
  EXPECT_EQ(m1 + m2, 0);
}

// RFC 5869 test case 1 (SHA-256), checking the PRK too.
TEST(Hkdf, Rfc5869Case1) {
  const Provider& p = default_provider();
  Bytes ikm(22, 0x0b);
  Bytes salt = hex("000102030405060708090a0b0c"), info = hex("f0f1f2f3f4f5f6f7f8f9");
  uint8_t prk[32];
  p.hkdf_extract(HashAlg::sha256, salt, ikm, prk);
  EXPECT_EQ(to_hex(prk), "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
  Bytes okm(42);
  ASSERT_TRUE(p.hkdf_expand(HashAlg::sha256, prk, info, okm).ok());
  EXPECT_EQ(to_hex(okm),
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
  // Asking for less gives a prefix; zero bytes is allowed.
  Bytes shorter(10);
  ASSERT_TRUE(p.hkdf_expand(HashAlg::sha256, prk, info, shorter).ok());
  EXPECT_EQ(Bytes(okm.begin(), okm.begin() + 10), shorter);
  Bytes none;
  EXPECT_TRUE(p.hkdf_expand(HashAlg::sha256, prk, info, none).ok());
}

TEST(Hkdf, ExpandRefusesMoreThan255Blocks) {
  const Provider& p = default_provider();
  uint8_t prk[48] = {1};
  Bytes max(255 * 48), over(255 * 48 + 1);
  EXPECT_TRUE(p.hkdf_expand(HashAlg::sha384, prk, {}, max).ok());
  auto r = p.hkdf_expand(HashAlg::sha384, prk, {}, over);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::internal_error);
  EXPECT_EQ(r.error().party, Party::us);
  EXPECT_NE(r.error().detail.find("255"), std::string::npos) << r.error().detail;
}

TEST(Tables, AeadSizesAndNames) {
  EXPECT_EQ(aead_key_size(AeadAlg::aes_128_gcm), 16u);
  EXPECT_EQ(aead_key_size(AeadAlg::aes_256_gcm), 32u);
  EXPECT_EQ(aead_key_size(AeadAlg::chacha20_poly1305), 32u);
  EXPECT_EQ(aead_key_size(AeadAlg::aes_128_ccm), 16u);
  EXPECT_EQ(aead_key_size(AeadAlg::aes_128_ccm_8), 16u);
  EXPECT_EQ(aead_tag_size(AeadAlg::aes_128_ccm_8), 8u);
  EXPECT_EQ(aead_tag_size(AeadAlg::aes_128_ccm), 16u);
  EXPECT_EQ(aead_tag_size(AeadAlg::chacha20_poly1305), 16u);
  EXPECT_STREQ(aead_name(AeadAlg::chacha20_poly1305), "ChaCha20-Poly1305");
  EXPECT_STREQ(aead_name(AeadAlg::aes_128_ccm_8), "AES-128-CCM-8");
}

TEST(Tables, KeyTypeNames) {
  EXPECT_STREQ(key_type_name(KeyType::rsa), "RSA");
  EXPECT_STREQ(key_type_name(KeyType::rsa_pss), "RSA-PSS");
  EXPECT_STREQ(key_type_name(KeyType::ec_p256), "EC P-256");
  EXPECT_STREQ(key_type_name(KeyType::ec_p384), "EC P-384");
  EXPECT_STREQ(key_type_name(KeyType::ed25519), "Ed25519");
}

TEST(Tables, SignatureParams) {
  auto pss384 = signature_params(SignatureScheme::rsa_pss_rsae_sha384);
  ASSERT_TRUE(pss384.ok());
  EXPECT_EQ(pss384->kind, SignatureParams::Kind::rsa_pss);
  EXPECT_EQ(pss384->hash, HashAlg::sha384);
  EXPECT_EQ(pss384->mgf1_hash, HashAlg::sha384);
  EXPECT_EQ(pss384->pss_salt_len, 48u);  // RFC 8446 §4.2.3: salt length = digest length
  auto pss_pss = signature_params(SignatureScheme::rsa_pss_pss_sha512);
  ASSERT_TRUE(pss_pss.ok());
  EXPECT_EQ(pss_pss->pss_salt_len, 64u);
  auto ec = signature_params(SignatureScheme::ecdsa_secp384r1_sha384);
  ASSERT_TRUE(ec.ok());
  EXPECT_EQ(ec->kind, SignatureParams::Kind::ecdsa);
  EXPECT_EQ(ec->hash, HashAlg::sha384);
  auto pk = signature_params(SignatureScheme::rsa_pkcs1_sha1);
  ASSERT_TRUE(pk.ok());
  EXPECT_EQ(pk->kind, SignatureParams::Kind::rsa_pkcs1);
  EXPECT_EQ(pk->hash, HashAlg::sha1);
  auto ed = signature_params(SignatureScheme::ed25519);
  ASSERT_TRUE(ed.ok());
  EXPECT_EQ(ed->kind, SignatureParams::Kind::ed25519);
  for (auto s : {SignatureScheme::ed448, static_cast<SignatureScheme>(0x0202),
                 static_cast<SignatureScheme>(0xfefe)}) {
    auto r = signature_params(s);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::illegal_parameter);
    EXPECT_EQ(r.error().alert, Alert::none);  // the crypto layer names no alert
    EXPECT_EQ(default_alert(r.error().code), Alert::illegal_parameter);
    EXPECT_EQ(r.error().party, Party::peer);
    EXPECT_NE(r.error().detail.find("not supported"), std::string::npos);
  }
}

}  // namespace
}  // namespace tlskit::crypto
