// Wycheproof signature verification vectors through Provider::verify with the group's DER
// SubjectPublicKeyInfo (so our SPKI parser runs on every case): ECDSA P-256/SHA-256 and
// P-384/SHA-384 (DER signatures), Ed25519, RSASSA-PSS 2048/SHA-256/MGF1-SHA-256/salt 32 and
// RSASSA-PKCS1-v1_5 2048/SHA-256. Valid cases must verify; invalid ones must fail with
// bad_signature. The one "acceptable" PKCS#1 case (DigestInfo without the NULL parameter) may
// go either way; we print which.
#include <gtest/gtest.h>

#include "crypto/provider.h"
#include "crypto_test_util.h"

namespace tlskit::crypto {
namespace {

using testutil::hex;
using testutil::jhex;
using testutil::Tally;

HashAlg hash_of(const std::string& name) {
  if (name == "SHA-256") return HashAlg::sha256;
  if (name == "SHA-384") return HashAlg::sha384;
  if (name == "SHA-512") return HashAlg::sha512;
  if (name == "SHA-1") return HashAlg::sha1;
  ADD_FAILURE() << "unexpected hash " << name;
  return HashAlg::sha256;
}

// Runs every case of a file; params_for maps a group to SignatureParams.
template <typename ParamsFor>
Tally run_file(const char* file, ParamsFor params_for) {
  Tally t;
  int acceptable_accepted = 0, acceptable_rejected = 0;
  auto doc = testutil::load_wycheproof(file);
  const Provider& p = default_provider();
  for (const auto& g : doc["testGroups"]) {
    SignatureParams sp = params_for(g);
    Bytes spki = jhex(g["publicKeyDer"]);
    auto info = p.public_key_info(spki);
    EXPECT_TRUE(info.ok()) << file << ": " << (info.ok() ? "" : info.error().to_string());
    for (const auto& c : g["tests"]) {
      Bytes msg = jhex(c["msg"]), sig = jhex(c["sig"]);
      auto r = p.verify(sp, spki, msg, sig);
      const std::string result = c["result"];
      if (result == "acceptable") {
        r.ok() ? ++acceptable_accepted : ++acceptable_rejected;
        ++t.passed;
        continue;
      }
      bool ok = result == "valid" ? r.ok() : (!r.ok() && r.error().code == ErrorCode::bad_signature);
      if (ok) {
        ++t.passed;
      } else {
        ++t.failed;
        ADD_FAILURE() << file << " tc " << c["tcId"] << " (" << c["comment"] << ", " << result
                      << "): " << (r.ok() ? std::string("verified") : r.error().to_string());
      }
    }
  }
  t.print(file);
  if (acceptable_accepted + acceptable_rejected)
    std::printf("    acceptable cases: %d accepted, %d rejected\n", acceptable_accepted,
                acceptable_rejected);
  return t;
}

TEST(WycheproofSig, EcdsaP256Sha256) {
  Tally t = run_file("ecdsa_secp256r1_sha256_test.json", [](const nlohmann::json& g) {
    SignatureParams p;
    p.kind = SignatureParams::Kind::ecdsa;
    p.hash = hash_of(g["sha"]);
    return p;
  });
  EXPECT_EQ(t.failed, 0);
  EXPECT_EQ(t.passed, 484);
}

TEST(WycheproofSig, EcdsaP384Sha384) {
  Tally t = run_file("ecdsa_secp384r1_sha384_test.json", [](const nlohmann::json& g) {
    SignatureParams p;
    p.kind = SignatureParams::Kind::ecdsa;
    p.hash = hash_of(g["sha"]);
    return p;
  });
  EXPECT_EQ(t.failed, 0);
  EXPECT_EQ(t.passed, 504);
}

TEST(WycheproofSig, Ed25519) {
  Tally t = run_file("ed25519_test.json", [](const nlohmann::json&) {
    SignatureParams p;
    p.kind = SignatureParams::Kind::ed25519;
    return p;
  });
  EXPECT_EQ(t.failed, 0);
  EXPECT_EQ(t.passed, 151);
}

TEST(WycheproofSig, RsaPss2048Sha256Salt32) {
  Tally t = run_file("rsa_pss_2048_sha256_mgf1_32_test.json", [](const nlohmann::json& g) {
    SignatureParams p;
    p.kind = SignatureParams::Kind::rsa_pss;
    p.hash = hash_of(g["sha"]);
    EXPECT_EQ(g["mgf"], "MGF1");
    p.mgf1_hash = hash_of(g["mgfSha"]);
    p.pss_salt_len = g["sLen"];
    return p;
  });
  EXPECT_EQ(t.failed, 0);
  EXPECT_EQ(t.passed, 108);
}

TEST(WycheproofSig, RsaPkcs1v15_2048Sha256) {
  Tally t = run_file("rsa_signature_2048_sha256_test.json", [](const nlohmann::json& g) {
    SignatureParams p;
    p.kind = SignatureParams::Kind::rsa_pkcs1;
    p.hash = hash_of(g["sha"]);
    return p;
  });
  EXPECT_EQ(t.failed, 0);
  EXPECT_EQ(t.passed, 259);
}

}  // namespace
}  // namespace tlskit::crypto
