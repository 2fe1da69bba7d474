// Private keys and signatures: loading every PEM format, SPKI and supports(), sign + verify
// for every scheme, tampering, parameter mismatches, refused keys with precise errors, and
// public_key_info.
#include <gtest/gtest.h>

#include "base/default_alert.h"

#include <algorithm>
#include <string>
#include <vector>

#include "codec/pem.h"
#include "crypto/provider.h"
#include "crypto_test_util.h"
#include "test_keys.h"

namespace tlskit::crypto {
namespace {

using testutil::flipped;
using testutil::hex;

constexpr SignatureScheme kAllSchemes[] = {
    SignatureScheme::rsa_pkcs1_sha1,         SignatureScheme::ecdsa_sha1,
    SignatureScheme::rsa_pkcs1_sha256,       SignatureScheme::rsa_pkcs1_sha384,
    SignatureScheme::rsa_pkcs1_sha512,       SignatureScheme::ecdsa_secp256r1_sha256,
    SignatureScheme::ecdsa_secp384r1_sha384, SignatureScheme::ecdsa_secp521r1_sha512,
    SignatureScheme::rsa_pss_rsae_sha256,    SignatureScheme::rsa_pss_rsae_sha384,
    SignatureScheme::rsa_pss_rsae_sha512,    SignatureScheme::ed25519,
    SignatureScheme::ed448,                  SignatureScheme::rsa_pss_pss_sha256,
    SignatureScheme::rsa_pss_pss_sha384,     SignatureScheme::rsa_pss_pss_sha512,
};

struct KeyCase {
  const char* name;
  const char* pem;
  KeyType type;
  size_t bits;
  const char* spki_hex;  // expected SPKI (from the openssl command)
  std::vector<SignatureScheme> schemes;  // exactly the schemes supports() accepts
};

std::vector<KeyCase> key_cases() {
  using S = SignatureScheme;
  const std::vector<S> rsa = {S::rsa_pkcs1_sha256, S::rsa_pkcs1_sha384, S::rsa_pkcs1_sha512,
                              S::rsa_pss_rsae_sha256, S::rsa_pss_rsae_sha384, S::rsa_pss_rsae_sha512};
  const std::vector<S> pss = {S::rsa_pss_pss_sha256, S::rsa_pss_pss_sha384, S::rsa_pss_pss_sha512};
  // Every ECDSA hash on every curve (TLS 1.2 pairs do not bind the curve).
  const std::vector<S> ecdsa = {S::ecdsa_secp256r1_sha256, S::ecdsa_secp384r1_sha384,
                                S::ecdsa_secp521r1_sha512};
  return {
      {"rsa_pkcs8", testkeys::kRsaPkcs8, KeyType::rsa, 2048, testkeys::kRsaSpki, rsa},
      {"rsa_pkcs1", testkeys::kRsaPkcs1, KeyType::rsa, 2048, testkeys::kRsaSpki, rsa},
      {"rsapss_pkcs8", testkeys::kRsaPssPkcs8, KeyType::rsa_pss, 2048, testkeys::kRsaPssSpki, pss},
      {"rsapss_sha256_pkcs8", testkeys::kRsaPssSha256Pkcs8, KeyType::rsa_pss, 2048,
       testkeys::kRsaPssSha256Spki, {S::rsa_pss_pss_sha256}},
      {"p256_pkcs8", testkeys::kP256Pkcs8, KeyType::ec_p256, 256, testkeys::kP256Spki, ecdsa},
      {"p256_sec1", testkeys::kP256Sec1, KeyType::ec_p256, 256, testkeys::kP256Spki, ecdsa},
      {"p384_pkcs8", testkeys::kP384Pkcs8, KeyType::ec_p384, 384, testkeys::kP384Spki, ecdsa},
      {"p384_sec1", testkeys::kP384Sec1, KeyType::ec_p384, 384, testkeys::kP384Spki, ecdsa},
      {"p521_sec1", testkeys::kP521Sec1WithParams, KeyType::ec_p521, 521, testkeys::kP521Spki,
       ecdsa},
      {"ed25519_pkcs8", testkeys::kEd25519Pkcs8, KeyType::ed25519, 253, testkeys::kEd25519Spki, {S::ed25519}},
  };
}

std::unique_ptr<PrivateKey> load(const char* pem) {
  auto k = default_provider().load_private_key_pem(pem);
  EXPECT_TRUE(k.ok()) << (k.ok() ? "" : k.error().to_string());
  return k.ok() ? std::move(*k) : nullptr;
}

bool contains(const std::vector<SignatureScheme>& v, SignatureScheme s) {
  for (auto x : v)
    if (x == s) return true;
  return false;
}

TEST(PrivateKey, LoadsEveryFormatWithTheRightSpkiAndSchemes) {
  for (const KeyCase& c : key_cases()) {
    SCOPED_TRACE(c.name);
    auto key = load(c.pem);
    ASSERT_TRUE(key);
    EXPECT_EQ(key->type(), c.type);
    EXPECT_EQ(key->bits(), c.bits);
    EXPECT_EQ(to_hex(key->public_key_spki()), c.spki_hex);
    for (SignatureScheme s : kAllSchemes)
      EXPECT_EQ(key->supports(s), contains(c.schemes, s)) << "scheme 0x" << std::hex << static_cast<int>(s);
    auto info = default_provider().public_key_info(key->public_key_spki());
    ASSERT_TRUE(info.ok()) << info.error().to_string();
    EXPECT_EQ(info->type, c.type);
    EXPECT_EQ(info->bits, c.bits);
  }
}

TEST(PrivateKey, SignsAndVerifiesEverySupportedScheme) {
  const Provider& p = default_provider();
  const std::string message = "TLS 1.3, server CertificateVerify" + std::string(64, ' ');
  int signed_count = 0;
  for (const KeyCase& c : key_cases()) {
    auto key = load(c.pem);
    ASSERT_TRUE(key);
    for (SignatureScheme s : c.schemes) {
      SCOPED_TRACE(std::string(c.name) + " scheme 0x" + std::to_string(static_cast<int>(s)));
      auto sig = key->sign(s, as_bytes(message));
      ASSERT_TRUE(sig.ok()) << sig.error().to_string();
      ++signed_count;
      auto params = signature_params(s);
      ASSERT_TRUE(params.ok());
      ByteView spki = key->public_key_spki();
      EXPECT_TRUE(p.verify(*params, spki, as_bytes(message), *sig).ok());
      // Any change to the message or the signature must fail with bad_signature.
      auto r1 = p.verify(*params, spki, flipped(as_bytes(message), 3), *sig);
      ASSERT_FALSE(r1.ok());
      EXPECT_EQ(r1.error().code, ErrorCode::bad_signature);
      EXPECT_EQ(r1.error().alert, Alert::none);
      EXPECT_EQ(default_alert(r1.error().code), Alert::decrypt_error);
      EXPECT_EQ(r1.error().party, Party::peer);
      auto r2 = p.verify(*params, spki, as_bytes(message), flipped(*sig, sig->size() / 2));
      ASSERT_FALSE(r2.ok());
      EXPECT_EQ(r2.error().code, ErrorCode::bad_signature);
      Bytes truncated(sig->begin(), sig->end() - 1);
      EXPECT_FALSE(p.verify(*params, spki, as_bytes(message), truncated).ok());
      // Verifying with another hash fails.
      if (params->kind != SignatureParams::Kind::ed25519) {
        SignatureParams other = *params;
        other.hash = params->hash == HashAlg::sha256 ? HashAlg::sha384 : HashAlg::sha256;
        other.mgf1_hash = other.hash;
        other.pss_salt_len = hash_size(other.hash);
        EXPECT_FALSE(p.verify(other, spki, as_bytes(message), *sig).ok());
      }
      if (params->kind == SignatureParams::Kind::ecdsa) {
        // DER: SEQUENCE { INTEGER r, INTEGER s } with a definite length covering the rest.
        ASSERT_GE(sig->size(), 8u);
        EXPECT_EQ((*sig)[0], 0x30);
      }
    }
  }
  EXPECT_EQ(signed_count, 6 + 6 + 3 + 1 + 3 * 5 + 1);
}

// RFC 8446 §4.2.3: RSASSA-PSS salt length = digest length. Verification with an exact salt
// length of 32 succeeds, with any other length fails.
TEST(PrivateKey, PssUsesSaltOfDigestLength) {
  const Provider& p = default_provider();
  auto key = load(testkeys::kRsaPkcs8);
  ASSERT_TRUE(key);
  auto sig = key->sign(SignatureScheme::rsa_pss_rsae_sha256, as_bytes("hello"));
  ASSERT_TRUE(sig.ok());
  SignatureParams prm;
  prm.kind = SignatureParams::Kind::rsa_pss;
  prm.hash = prm.mgf1_hash = HashAlg::sha256;
  prm.pss_salt_len = 32;
  EXPECT_TRUE(p.verify(prm, key->public_key_spki(), as_bytes("hello"), *sig).ok());
  for (size_t salt : {size_t{0}, size_t{20}, size_t{31}, size_t{33}, size_t{64}}) {
    prm.pss_salt_len = salt;
    EXPECT_FALSE(p.verify(prm, key->public_key_spki(), as_bytes("hello"), *sig).ok()) << salt;
  }
  // PSS signatures are randomised; PKCS#1 v1.5 and Ed25519 are deterministic.
  auto sig2 = key->sign(SignatureScheme::rsa_pss_rsae_sha256, as_bytes("hello"));
  ASSERT_TRUE(sig2.ok());
  EXPECT_NE(*sig, *sig2);
  auto pk1 = key->sign(SignatureScheme::rsa_pkcs1_sha256, as_bytes("hello"));
  auto pk2 = key->sign(SignatureScheme::rsa_pkcs1_sha256, as_bytes("hello"));
  ASSERT_TRUE(pk1.ok() && pk2.ok());
  EXPECT_EQ(*pk1, *pk2);
  EXPECT_EQ(pk1->size(), 256u);
}

TEST(PrivateKey, RefusesSchemesItCannotProduce) {
  auto key = load(testkeys::kP256Pkcs8);
  ASSERT_TRUE(key);
  for (SignatureScheme s : {SignatureScheme::rsa_pss_rsae_sha256, SignatureScheme::ecdsa_sha1,
                            SignatureScheme::ed25519}) {
    auto r = key->sign(s, as_bytes("x"));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::no_common_signature);
    EXPECT_NE(r.error().detail.find("EC P-256 key cannot sign"), std::string::npos) << r.error().detail;
  }
  auto restricted = load(testkeys::kRsaPssSha256Pkcs8);
  ASSERT_TRUE(restricted);
  EXPECT_FALSE(restricted->sign(SignatureScheme::rsa_pss_pss_sha384, as_bytes("x")).ok());
  EXPECT_FALSE(restricted->sign(SignatureScheme::rsa_pss_rsae_sha256, as_bytes("x")).ok());
}

// RFC 8032 §7.1 test 1: a known secret key signs the empty message to a known signature.
TEST(PrivateKey, Ed25519Rfc8032KnownAnswer) {
  Bytes der = hex("302e020100300506032b657004220420"
                  "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  std::string pem = pem_encode("PRIVATE KEY", der);
  auto key = load(pem.c_str());
  ASSERT_TRUE(key);
  EXPECT_EQ(to_hex(key->public_key_spki()),
            "302a300506032b6570032100d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  auto sig = key->sign(SignatureScheme::ed25519, {});
  ASSERT_TRUE(sig.ok());
  EXPECT_EQ(to_hex(*sig),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
}

TEST(Verify, ParameterAndKeyMismatches) {
  const Provider& p = default_provider();
  auto ec = load(testkeys::kP256Pkcs8);
  auto rsa = load(testkeys::kRsaPkcs8);
  auto pss = load(testkeys::kRsaPssSha256Pkcs8);
  ASSERT_TRUE(ec && rsa && pss);
  auto expect_mismatch = [&](SignatureScheme s, ByteView spki, const std::string& needle) {
    auto prm = signature_params(s);
    ASSERT_TRUE(prm.ok());
    auto r = p.verify(*prm, spki, as_bytes("m"), Bytes(64, 1));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::illegal_parameter);
    EXPECT_EQ(r.error().alert, Alert::none);
    EXPECT_NE(r.error().detail.find(needle), std::string::npos) << r.error().detail;
  };
  expect_mismatch(SignatureScheme::rsa_pss_rsae_sha256, ec->public_key_spki(), "EC P-256 public key");
  expect_mismatch(SignatureScheme::ecdsa_secp256r1_sha256, rsa->public_key_spki(), "RSA public key");
  expect_mismatch(SignatureScheme::ed25519, rsa->public_key_spki(), "RSA public key");
  // RFC 4055: an RSASSA-PSS key is never used for PKCS#1 v1.5, and a restricted one only with
  // its own hash.
  expect_mismatch(SignatureScheme::rsa_pkcs1_sha256, pss->public_key_spki(), "PSS");
  expect_mismatch(SignatureScheme::rsa_pss_pss_sha384, pss->public_key_spki(), "restricted to SHA256");
  // A PSS signature by the restricted key verifies with its own parameters.
  auto sig = pss->sign(SignatureScheme::rsa_pss_pss_sha256, as_bytes("m"));
  ASSERT_TRUE(sig.ok());
  auto prm = signature_params(SignatureScheme::rsa_pss_pss_sha256);
  EXPECT_TRUE(p.verify(*prm, pss->public_key_spki(), as_bytes("m"), *sig).ok());
}

TEST(Verify, ToleratesGarbageSpkiAndSignatures) {
  const Provider& p = default_provider();
  auto prm = signature_params(SignatureScheme::ecdsa_secp256r1_sha256);
  ASSERT_TRUE(prm.ok());
  Bytes spki = hex(testkeys::kP256Spki);
  for (size_t cut : {size_t{0}, size_t{1}, size_t{10}, spki.size() - 1}) {
    auto r = p.verify(*prm, ByteView(spki).first(cut), as_bytes("m"), Bytes(70, 0));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::decode_error) << cut;
  }
  Bytes trailing = spki;
  trailing.push_back(0);
  EXPECT_FALSE(p.public_key_info(trailing).ok());
  // A point that is not on the curve is an unusable key, not a bad signature.
  Bytes off_curve = flipped(spki, spki.size() - 1);
  auto r = p.verify(*prm, off_curve, as_bytes("m"), Bytes(70, 0));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::certificate_invalid);
  EXPECT_EQ(default_alert(r.error().code), Alert::bad_certificate);
  EXPECT_NE(r.error().detail.find("not a valid point"), std::string::npos) << r.error().detail;
  EXPECT_FALSE(p.public_key_info(off_curve).ok());
  // Empty and absurd signatures are bad signatures.
  for (const Bytes& sig : {Bytes{}, Bytes(1, 0x30), Bytes(5000, 0xff)}) {
    auto v = p.verify(*prm, spki, as_bytes("m"), sig);
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.error().code, ErrorCode::bad_signature);
  }
  auto ed = signature_params(SignatureScheme::ed25519);
  Bytes ed_spki = hex(testkeys::kEd25519Spki);
  auto v = p.verify(*ed, ed_spki, as_bytes("m"), Bytes(63, 0));
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().code, ErrorCode::bad_signature);
}

TEST(PublicKeyInfo, DescribesAndRefuses) {
  const Provider& p = default_provider();
  auto rsa = p.public_key_info(hex(testkeys::kRsaSpki));
  ASSERT_TRUE(rsa.ok());
  EXPECT_EQ(rsa->type, KeyType::rsa);
  EXPECT_EQ(rsa->bits, 2048u);
  auto ed = p.public_key_info(hex(testkeys::kEd25519Spki));
  ASSERT_TRUE(ed.ok());
  EXPECT_EQ(ed->type, KeyType::ed25519);
  EXPECT_EQ(ed->bits, 253u);
  // X25519 SPKI (RFC 8410 §10.1 example): not a signature key.
  auto x = p.public_key_info(hex("302a300506032b656e03210019bf44096984cdfe8541bac167dc3b96c85086aa30b6b6cb0c5c38ad703166e1"));
  ASSERT_FALSE(x.ok());
  EXPECT_EQ(x.error().code, ErrorCode::decode_error);
  EXPECT_NE(x.error().detail.find("X25519"), std::string::npos) << x.error().detail;
  // RSA-512: too small to use at all.
  auto small = p.public_key_info(hex(
      "305c300d06092a864886f70d0101010500034b003048024100bc2d069629f8f07d7227d93180357e22e063112654"
      "95f45896e1310d027246ec16900e619287b12a761495de9fa571507fed0d6013f1ee5d811f4cdfc973b0490203010001"));
  ASSERT_FALSE(small.ok());
  EXPECT_NE(small.error().detail.find("512 bits is too small"), std::string::npos) << small.error().detail;
  // secp256k1 SPKI: unsupported curve, named in the error.
  Bytes k1 = hex("3056301006072a8648ce3d020106052b8104000a034200"
                 "04" + std::string(64, '1') + std::string(64, '2'));
  auto k = p.public_key_info(k1);
  ASSERT_FALSE(k.ok());
  EXPECT_NE(k.error().detail.find("secp256k1"), std::string::npos) << k.error().detail;
}

void expect_load_error(const std::string& pem, const std::string& needle) {
  auto r = default_provider().load_private_key_pem(pem);
  ASSERT_FALSE(r.ok()) << "loaded: " << needle;
  EXPECT_EQ(r.error().code, ErrorCode::decode_error);
  EXPECT_EQ(r.error().party, Party::config);
  EXPECT_NE(r.error().detail.find(needle), std::string::npos) << r.error().detail;
}

TEST(PrivateKey, RefusesWhatItCannotUseWithPreciseErrors) {
  expect_load_error(testkeys::kP256EncryptedPkcs8, "encrypted private keys are not supported");
  expect_load_error(testkeys::kP256EncryptedSec1, "encrypted private keys are not supported");
  expect_load_error(testkeys::kDsaPkcs8, "unsupported key type: DSA");
  expect_load_error(testkeys::kDsaTraditional, "unsupported key type: DSA");
  expect_load_error(testkeys::kX25519Pkcs8, "unsupported key type: X25519");
  expect_load_error(testkeys::kSecp256k1Sec1, "unsupported key type: EC curve secp256k1");
  expect_load_error(testkeys::kP256ExplicitSec1, "explicit");
  expect_load_error("", "no PEM private key block found");
  expect_load_error("hello world\n", "no PEM private key block found");
  expect_load_error(pem_encode("CERTIFICATE", Bytes(40, 7)),
                    "no PEM private key block found (found: CERTIFICATE)");
  expect_load_error(pem_encode("PRIVATE KEY", Bytes(40, 7)), "malformed PKCS#8");
  expect_load_error(pem_encode("EC PRIVATE KEY", hex("300602010104010a")), "malformed SEC1");
  expect_load_error(pem_encode("RSA PRIVATE KEY", Bytes(40, 7)), "malformed PKCS#1");
  expect_load_error("-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n", "base64");
  expect_load_error("-----BEGIN PRIVATE KEY-----\nMIIB\n", "no END line");
  // Trailing bytes after a valid key are refused.
  auto blocks = pem_decode_all(testkeys::kP256Pkcs8);
  ASSERT_TRUE(blocks.ok());
  Bytes der = (*blocks)[0].der;
  der.push_back(0);
  expect_load_error(pem_encode("PRIVATE KEY", der), "PKCS#8");
}

// A SEC1 file whose embedded public key belongs to another key loads in libcrypto, but every
// signature would fail at the peer: the load-time pairwise check refuses it.
TEST(PrivateKey, RefusesAKeyWhosePublicPartIsAnotherKeys) {
  auto blocks = pem_decode_all(testkeys::kP256Sec1);
  ASSERT_TRUE(blocks.ok());
  Bytes der = (*blocks)[0].der;
  ASSERT_EQ(der.size(), 121u);  // SEC1 P-256 with the public key at the end
  auto other = default_provider().generate_key_share(NamedGroup::secp256r1, default_provider().system_rng());
  ASSERT_TRUE(other.ok());
  ByteView pub = (*other)->public_share();
  ASSERT_EQ(pub.size(), 65u);
  std::copy(pub.begin(), pub.end(), der.end() - 65);
  expect_load_error(pem_encode("EC PRIVATE KEY", der), "inconsistent");
}

TEST(PrivateKey, SkipsNonKeyBlocksBeforeTheKey) {
  std::string pem = pem_encode("CERTIFICATE", Bytes(30, 1)) + "some text\n" + testkeys::kP384Sec1;
  auto key = load(pem.c_str());
  ASSERT_TRUE(key);
  EXPECT_EQ(key->type(), KeyType::ec_p384);
}

}  // namespace
}  // namespace tlskit::crypto
