// Wycheproof AEAD vectors (aes_gcm, chacha20_poly1305, aes_ccm), every case of every file.
// Our Aead takes only 12-byte nonces and the TLS tag sizes, and AES-192 is not a TLS cipher:
// - a valid case with such parameters is skipped (with the reason printed);
// - an invalid case whose only difference is an unsupported nonce size is run through open(),
//   which must reject it (our interface refuses any nonce that is not 12 bytes).
// Expected pass counts are those of the pinned snapshot (see wycheproof/README.md).
#include <gtest/gtest.h>

#include <optional>

#include "crypto/provider.h"
#include "crypto_test_util.h"

namespace tlskit::crypto {
namespace {

using testutil::hex;
using testutil::jhex;
using testutil::Tally;

enum class Family { gcm, chacha, ccm };

// The AeadAlg for a group, or nullopt with the reason.
std::optional<AeadAlg> pick(Family f, int key_bits, int tag_bits, std::string& why) {
  switch (f) {
    case Family::gcm:
      if (tag_bits != 128) { why = "GCM tag of " + std::to_string(tag_bits) + " bits (TLS uses 128)"; return std::nullopt; }
      if (key_bits == 128) return AeadAlg::aes_128_gcm;
      if (key_bits == 256) return AeadAlg::aes_256_gcm;
      why = "AES-" + std::to_string(key_bits) + "-GCM is not a TLS cipher";
      return std::nullopt;
    case Family::chacha:
      if (key_bits == 256 && tag_bits == 128) return AeadAlg::chacha20_poly1305;
      why = "ChaCha20-Poly1305 with key/tag sizes other than 256/128";
      return std::nullopt;
    case Family::ccm:
      if (key_bits != 128) { why = "AES-" + std::to_string(key_bits) + "-CCM is not a TLS cipher"; return std::nullopt; }
      if (tag_bits == 128) return AeadAlg::aes_128_ccm;
      if (tag_bits == 64) return AeadAlg::aes_128_ccm_8;
      why = "CCM tag of " + std::to_string(tag_bits) + " bits (TLS uses 128 and 64)";
      return std::nullopt;
  }
  return std::nullopt;
}

Tally run_file(const char* file, Family fam) {
  Tally t;
  auto doc = testutil::load_wycheproof(file);
  const Provider& p = default_provider();
  for (const auto& g : doc["testGroups"]) {
    const int key_bits = g["keySize"], iv_bits = g["ivSize"], tag_bits = g["tagSize"];
    std::string why;
    auto alg = pick(fam, key_bits, tag_bits, why);
    for (const auto& c : g["tests"]) {
      const int id = c["tcId"];
      const std::string result = c["result"];
      if (!alg) {
        t.skip(why);
        continue;
      }
      Bytes key = jhex(c["key"]), iv = jhex(c["iv"]), aad = jhex(c["aad"]), msg = jhex(c["msg"]),
            ct = jhex(c["ct"]), tag = jhex(c["tag"]);
      auto aead = p.make_aead(*alg, key);
      if (!aead.ok()) {
        ++t.failed;
        ADD_FAILURE() << file << " tc " << id << ": " << aead.error().to_string();
        continue;
      }
      if (iv_bits != 96) {
        if (result == "valid") {
          t.skip("nonce of " + std::to_string(iv_bits) + " bits (TLS nonces are 96 bits)");
          continue;
        }
        Bytes buf = ct;
        bool opened = (*aead)->open(iv, aad, buf, tag);
        if (opened) {
          ++t.failed;
          ADD_FAILURE() << file << " tc " << id << ": open accepted a " << iv_bits << "-bit nonce";
        } else {
          ++t.passed;
        }
        continue;
      }
      bool ok = true;
      if (result == "valid") {
        Bytes buf = msg;
        Bytes out_tag(tag.size());
        auto s = (*aead)->seal(iv, aad, buf, out_tag);
        if (!s.ok() || buf != ct || out_tag != tag) {
          ok = false;
          ADD_FAILURE() << file << " tc " << id << ": seal mismatch"
                        << (s.ok() ? "" : ": " + s.error().to_string());
        }
        Bytes back = ct;
        if (!(*aead)->open(iv, aad, back, tag) || back != msg) {
          ok = false;
          ADD_FAILURE() << file << " tc " << id << ": open of a valid case failed";
        }
      } else {
        Bytes buf = ct;
        if ((*aead)->open(iv, aad, buf, tag)) {
          ok = false;
          ADD_FAILURE() << file << " tc " << id << " (" << c["comment"] << "): open accepted an invalid case";
        }
      }
      ok ? ++t.passed : ++t.failed;
    }
  }
  t.print(file);
  return t;
}

TEST(WycheproofAead, AesGcm) {
  Tally t = run_file("aes_gcm_test.json", Family::gcm);
  EXPECT_EQ(t.failed, 0);
  // 12-byte-nonce AES-128/256 cases plus the rejected zero-length-nonce cases.
  EXPECT_EQ(t.passed, 137);
}

TEST(WycheproofAead, ChaCha20Poly1305) {
  Tally t = run_file("chacha20_poly1305_test.json", Family::chacha);
  EXPECT_EQ(t.failed, 0);
  EXPECT_EQ(t.passed, 325);  // every case: 256 valid, 60 bad tags, 9 bad nonce sizes rejected
}

TEST(WycheproofAead, AesCcm) {
  Tally t = run_file("aes_ccm_test.json", Family::ccm);
  EXPECT_EQ(t.failed, 0);
  // AES-128 with a 12-byte nonce and 16- or 8-byte tags.
  EXPECT_EQ(t.passed, 86);
}

}  // namespace
}  // namespace tlskit::crypto
