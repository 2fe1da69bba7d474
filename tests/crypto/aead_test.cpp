// AEAD contexts: in-place round trips for every algorithm, rejection of any change to the tag,
// ciphertext, additional data or nonce, misuse (wrong sizes) reported with full errors, and
// one context alternating between seal and open.
#include <gtest/gtest.h>

#include "crypto/provider.h"
#include "crypto_test_util.h"

namespace tlskit::crypto {
namespace {

using testutil::flipped;

constexpr AeadAlg kAll[] = {AeadAlg::aes_128_gcm, AeadAlg::aes_256_gcm, AeadAlg::chacha20_poly1305,
                            AeadAlg::aes_128_ccm, AeadAlg::aes_128_ccm_8};

Bytes random_bytes(Rng& rng, size_t n) {
  Bytes b(n);
  rng.fill(b);
  return b;
}

std::unique_ptr<Aead> make(AeadAlg a, ByteView key) {
  auto r = default_provider().make_aead(a, key);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().to_string());
  return r.ok() ? std::move(*r) : nullptr;
}

class AeadTest : public ::testing::TestWithParam<AeadAlg> {};

TEST_P(AeadTest, RoundTripsInPlaceAndRejectsEveryChange) {
  const AeadAlg a = GetParam();
  DeterministicRng rng(7);
  Bytes key = random_bytes(rng, aead_key_size(a));
  auto sender = make(a, key);
  auto receiver = make(a, key);
  ASSERT_TRUE(sender && receiver);
  EXPECT_EQ(sender->alg(), a);
  for (size_t len : {size_t{0}, size_t{1}, size_t{15}, size_t{16}, size_t{17}, size_t{1000},
                     size_t{16384 + 256}}) {
    Bytes nonce = random_bytes(rng, kAeadNonceSize), aad = random_bytes(rng, 13);
    Bytes plain = random_bytes(rng, len);
    Bytes buf = plain;
    Bytes tag(aead_tag_size(a));
    ASSERT_TRUE(sender->seal(nonce, aad, buf, tag).ok());
    if (len >= 16) {
      EXPECT_NE(buf, plain) << "ciphertext equals plaintext";
    }
    const Bytes ct = buf;

    Bytes work = ct;
    ASSERT_TRUE(receiver->open(nonce, aad, work, tag)) << aead_name(a) << " len " << len;
    EXPECT_EQ(work, plain);

    work = ct;
    EXPECT_FALSE(receiver->open(nonce, aad, work, flipped(tag, tag.size() - 1))) << "tag changed";
    if (len > 0) {
      work = flipped(ct, len / 2, 0x80);
      EXPECT_FALSE(receiver->open(nonce, aad, work, tag)) << "ciphertext changed";
    }
    work = ct;
    EXPECT_FALSE(receiver->open(nonce, flipped(aad, 0), work, tag)) << "aad changed";
    work = ct;
    EXPECT_FALSE(receiver->open(nonce, ByteView(aad).first(12), work, tag)) << "aad shortened";
    work = ct;
    EXPECT_FALSE(receiver->open(flipped(nonce, 11), aad, work, tag)) << "nonce changed";
    if (len > 0) {
      work = ct;
      work.pop_back();
      EXPECT_FALSE(receiver->open(nonce, aad, work, tag)) << "ciphertext truncated";
    }
    // After failures the context still opens the genuine record.
    work = ct;
    EXPECT_TRUE(receiver->open(nonce, aad, work, tag));
    EXPECT_EQ(work, plain);
  }
}

TEST_P(AeadTest, EmptyAadAndOneContextInBothDirections) {
  const AeadAlg a = GetParam();
  DeterministicRng rng(8);
  Bytes key = random_bytes(rng, aead_key_size(a));
  auto ctx = make(a, key);
  ASSERT_TRUE(ctx);
  for (int i = 0; i < 20; ++i) {
    Bytes nonce(kAeadNonceSize, static_cast<uint8_t>(i));
    Bytes plain = random_bytes(rng, 40 + i);
    Bytes buf = plain, tag(aead_tag_size(a));
    ASSERT_TRUE(ctx->seal(nonce, {}, buf, tag).ok());
    ASSERT_TRUE(ctx->open(nonce, {}, buf, tag)) << "record " << i;
    EXPECT_EQ(buf, plain);
  }
}

TEST_P(AeadTest, MisuseIsReportedNotIgnored) {
  const AeadAlg a = GetParam();
  Bytes key(aead_key_size(a), 0x11);
  auto ctx = make(a, key);
  ASSERT_TRUE(ctx);
  Bytes data(32, 0), tag(aead_tag_size(a)), nonce(kAeadNonceSize, 0);
  for (size_t bad_nonce : {size_t{0}, size_t{8}, size_t{11}, size_t{13}, size_t{16}}) {
    Bytes n(bad_nonce, 1);
    auto r = ctx->seal(n, {}, data, tag);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::internal_error);
    EXPECT_EQ(r.error().party, Party::us);
    EXPECT_NE(r.error().detail.find("nonce"), std::string::npos) << r.error().detail;
    EXPECT_FALSE(ctx->open(n, {}, data, tag));
  }
  Bytes short_tag(aead_tag_size(a) - 1);
  auto r = ctx->seal(nonce, {}, data, short_tag);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().detail.find("tag"), std::string::npos) << r.error().detail;
  EXPECT_FALSE(ctx->open(nonce, {}, data, short_tag));
  // A genuine record still works after the refusals.
  ASSERT_TRUE(ctx->seal(nonce, {}, data, tag).ok());
  EXPECT_TRUE(ctx->open(nonce, {}, data, tag));

  Bytes bad_key(aead_key_size(a) + 1, 0);
  auto k = default_provider().make_aead(a, bad_key);
  ASSERT_FALSE(k.ok());
  EXPECT_EQ(k.error().code, ErrorCode::internal_error);
  EXPECT_NE(k.error().detail.find("key must be"), std::string::npos) << k.error().detail;
}

TEST_P(AeadTest, OutOfPlaceAndSuffixGiveTheInPlaceResult) {
  // seal_to(in, suffix) into another buffer must equal sealing in || suffix in place, and
  // open_to into another buffer must give the plaintext back, for every length around the
  // block size (GCM and ChaCha20 take the suffix as a second update, CCM gathers it).
  const AeadAlg a = GetParam();
  DeterministicRng rng(11);
  Bytes key = random_bytes(rng, aead_key_size(a));
  auto sender = make(a, key);
  auto receiver = make(a, key);
  ASSERT_TRUE(sender && receiver);
  const Bytes nonce = random_bytes(rng, kAeadNonceSize);
  const Bytes aad = random_bytes(rng, 13);
  for (size_t len : {size_t{0}, size_t{1}, size_t{16}, size_t{31}, size_t{4096}}) {
    for (size_t suffix_len : {size_t{0}, size_t{1}, size_t{17}}) {
      const Bytes in = random_bytes(rng, len);
      const Bytes suffix = random_bytes(rng, suffix_len);
      Bytes whole = in;
      whole.insert(whole.end(), suffix.begin(), suffix.end());
      Bytes tag_in_place(aead_tag_size(a));
      ASSERT_TRUE(sender->seal(nonce, aad, whole, tag_in_place).ok());

      Bytes out(len + suffix_len, 0x5a), tag(aead_tag_size(a));
      auto r = sender->seal_to(nonce, aad, in, suffix, out, tag);
      ASSERT_TRUE(r.ok()) << r.error().to_string();
      EXPECT_EQ(out, whole) << "len " << len << " suffix " << suffix_len;
      EXPECT_EQ(tag, tag_in_place);

      Bytes plain(out.size(), 0xa5);
      ASSERT_TRUE(receiver->open_to(nonce, aad, out, tag, plain));
      Bytes expect = in;
      expect.insert(expect.end(), suffix.begin(), suffix.end());
      EXPECT_EQ(plain, expect);
      if (!out.empty()) {
        Bytes bad = out;
        bad[0] ^= 1;
        EXPECT_FALSE(receiver->open_to(nonce, aad, bad, tag, plain));
      }
    }
  }
}

TEST_P(AeadTest, PartlyOverlappingBuffersAreMisuse) {
  const AeadAlg a = GetParam();
  DeterministicRng rng(12);
  Bytes key = random_bytes(rng, aead_key_size(a));
  auto aead = make(a, key);
  ASSERT_TRUE(aead);
  const Bytes nonce = random_bytes(rng, kAeadNonceSize);
  Bytes buf(100), tag(aead_tag_size(a));
  // Output shifted by one byte against the input: neither in place nor apart.
  auto r = aead->seal_to(nonce, {}, ByteView(buf).subspan(0, 50), {},
                         MutableByteView(buf).subspan(1, 50), tag);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::internal_error);
  EXPECT_NE(r.error().detail.find("overlap"), std::string::npos) << r.error().detail;
  // Output of the wrong size.
  r = aead->seal_to(nonce, {}, ByteView(buf).subspan(0, 10), {},
                    MutableByteView(buf).subspan(50, 11), tag);
  EXPECT_FALSE(r.ok());
  // The suffix inside the output.
  r = aead->seal_to(nonce, {}, ByteView(buf).subspan(0, 10), ByteView(buf).subspan(60, 2),
                    MutableByteView(buf).subspan(50, 12), tag);
  EXPECT_FALSE(r.ok());
  EXPECT_FALSE(aead->open_to(nonce, {}, ByteView(buf).subspan(0, 50), tag,
                             MutableByteView(buf).subspan(10, 50)));
}

INSTANTIATE_TEST_SUITE_P(AllAeads, AeadTest, ::testing::ValuesIn(kAll),
                         [](const ::testing::TestParamInfo<AeadAlg>& i) {
                           std::string n = aead_name(i.param);
                           for (char& c : n)
                             if (c == '-') c = '_';
                           return n;
                         });

// Two contexts with different keys must not open each other's records.
TEST(Aead, DifferentKeysDoNotInteroperate) {
  Bytes k1(16, 1), k2(16, 2), nonce(12, 0), tag(16);
  auto a = default_provider().make_aead(AeadAlg::aes_128_gcm, k1);
  auto b = default_provider().make_aead(AeadAlg::aes_128_gcm, k2);
  ASSERT_TRUE(a.ok() && b.ok());
  Bytes data(64, 0x5a);
  ASSERT_TRUE((*a)->seal(nonce, {}, data, tag).ok());
  EXPECT_FALSE((*b)->open(nonce, {}, data, tag));
}

}  // namespace
}  // namespace tlskit::crypto
