// Wycheproof HMAC and HKDF vectors, every case. HMAC tags may be truncated (tagSize): the
// first tagSize/8 bytes of our MAC must equal a valid tag and differ from an invalid one.
// HKDF: OKM = Expand(Extract(salt, ikm), info, size); invalid cases ask for more than
// 255 * HashLen bytes, which hkdf_expand must refuse.
#include <gtest/gtest.h>

#include "crypto/provider.h"
#include "crypto_test_util.h"

namespace tlskit::crypto {
namespace {

using testutil::hex;
using testutil::jhex;
using testutil::Tally;

Tally run_hmac(const char* file, HashAlg h) {
  Tally t;
  auto doc = testutil::load_wycheproof(file);
  const Provider& p = default_provider();
  for (const auto& g : doc["testGroups"]) {
    const size_t tag_bytes = static_cast<size_t>(g["tagSize"].get<int>()) / 8;
    for (const auto& c : g["tests"]) {
      Bytes key = jhex(c["key"]), msg = jhex(c["msg"]), tag = jhex(c["tag"]);
      uint8_t mac[kMaxHashSize];
      p.hmac(h, key, msg, MutableByteView(mac, hash_size(h)));
      bool match = tag.size() == tag_bytes && tag_bytes <= hash_size(h) &&
                   constant_time_equal(ByteView(mac, tag_bytes), tag);
      bool expect = c["result"] == "valid";
      if (match == expect) {
        ++t.passed;
      } else {
        ++t.failed;
        ADD_FAILURE() << file << " tc " << c["tcId"] << ": got " << (match ? "match" : "mismatch");
      }
    }
  }
  t.print(file);
  return t;
}

Tally run_hkdf(const char* file, HashAlg h) {
  Tally t;
  auto doc = testutil::load_wycheproof(file);
  const Provider& p = default_provider();
  for (const auto& g : doc["testGroups"]) {
    for (const auto& c : g["tests"]) {
      Bytes ikm = jhex(c["ikm"]), salt = jhex(c["salt"]), info = jhex(c["info"]), okm = jhex(c["okm"]);
      const size_t size = c["size"];
      uint8_t prk[kMaxHashSize];
      p.hkdf_extract(h, salt, ikm, MutableByteView(prk, hash_size(h)));
      Bytes out(size);
      auto r = p.hkdf_expand(h, ByteView(prk, hash_size(h)), info, out);
      bool ok;
      if (c["result"] == "valid") {
        ok = r.ok() && out == okm;
      } else {
        ok = !r.ok() && r.error().code == ErrorCode::internal_error;
      }
      if (ok) {
        ++t.passed;
      } else {
        ++t.failed;
        ADD_FAILURE() << file << " tc " << c["tcId"] << " (" << c["comment"] << ")";
      }
    }
  }
  t.print(file);
  return t;
}

TEST(WycheproofMac, HmacSha256) {
  Tally t = run_hmac("hmac_sha256_test.json", HashAlg::sha256);
  EXPECT_EQ(t.failed, 0);
  EXPECT_EQ(t.passed, 174);
}

TEST(WycheproofMac, HmacSha384) {
  Tally t = run_hmac("hmac_sha384_test.json", HashAlg::sha384);
  EXPECT_EQ(t.failed, 0);
  EXPECT_EQ(t.passed, 174);
}

TEST(WycheproofKdf, HkdfSha256) {
  Tally t = run_hkdf("hkdf_sha256_test.json", HashAlg::sha256);
  EXPECT_EQ(t.failed, 0);
  EXPECT_EQ(t.passed, 86);
}

TEST(WycheproofKdf, HkdfSha384) {
  Tally t = run_hkdf("hkdf_sha384_test.json", HashAlg::sha384);
  EXPECT_EQ(t.failed, 0);
  EXPECT_EQ(t.passed, 83);
}

}  // namespace
}  // namespace tlskit::crypto
