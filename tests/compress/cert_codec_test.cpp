// The certificate compression codecs (RFC 8879 §4, src/compress/): round trips of each
// algorithm, the declared-length bound refused before anything is allocated, streams that
// decode to more or fewer bytes than declared, truncated, corrupt and trailing input. With
// TLSKIT_WRITE_FUZZ_SEEDS=1 it also writes the seeds of fuzz_cert_decompress.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <new>

#include "compress/cert_codec.h"

#include "../counting_new.h"  // operator new counted: g_news, g_largest

namespace tlskit::compress {
namespace {

constexpr CertCompressionAlgorithm kAll[] = {CertCompressionAlgorithm::zlib,
                                             CertCompressionAlgorithm::brotli,
                                             CertCompressionAlgorithm::zstd};

// Something shaped like a Certificate body: repetitive DER-like bytes with some noise.
Bytes sample(size_t n) {
  Bytes b(n);
  uint32_t x = 12345;
  for (size_t i = 0; i < n; ++i) {
    x = x * 1103515245 + 12345;
    b[i] = (i % 7 == 0) ? static_cast<uint8_t>(x >> 24) : static_cast<uint8_t>("0\x82\x03tlskit"[i % 10]);
  }
  return b;
}

class Codec : public ::testing::TestWithParam<CertCompressionAlgorithm> {
 protected:
  CertCompressionAlgorithm alg() const { return GetParam(); }
  Bytes packed(ByteView in) {
    auto c = compress(alg(), in);
    EXPECT_TRUE(c) << c.error().to_string();
    return c ? *c : Bytes{};
  }
  // Expects decompress to fail with bad_certificate from the peer.
  void expect_bad(const Result<Bytes>& r, ErrorCode code = ErrorCode::decode_error) {
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().alert, Alert::bad_certificate);
    EXPECT_EQ(r.error().party, Party::peer);
    EXPECT_EQ(r.error().code, code) << r.error().to_string();
    EXPECT_EQ(r.error().step, Step::server_certificate);
    EXPECT_FALSE(r.error().detail.empty());
  }
};

TEST_P(Codec, RoundTripsAndCompresses) {
  for (size_t n : {size_t{1}, size_t{100}, size_t{3000}, size_t{70000}}) {
    const Bytes in = sample(n);
    const Bytes c = packed(in);
    if (n >= 3000) {
      EXPECT_LT(c.size(), in.size() * 3 / 4) << cert_compression_name(alg());
    }
    auto out = decompress(alg(), c, in.size(), 256 * 1024, Step::server_certificate);
    ASSERT_TRUE(out) << out.error().to_string();
    EXPECT_EQ(*out, in);
  }
}

TEST_P(Codec, DeclaredLengthOverTheBoundIsRefusedBeforeAllocating) {
  const Bytes c = packed(sample(3000));
  tlskit::testing::g_largest = 0;
  auto r = decompress(alg(), c, (size_t{1} << 24) - 1, 256 * 1024, Step::server_certificate);
  expect_bad(r, ErrorCode::limit_exceeded);
  EXPECT_LT(tlskit::testing::g_largest.load(), size_t{4096}) << "allocated for a length over the bound";
  // One byte over the bound, and over 2^24-1 whatever the caller's bound.
  expect_bad(decompress(alg(), c, 3000, 2999, Step::server_certificate), ErrorCode::limit_exceeded);
  expect_bad(decompress(alg(), c, size_t{1} << 24, size_t{1} << 30, Step::server_certificate),
             ErrorCode::limit_exceeded);
  // At the bound it works.
  EXPECT_TRUE(decompress(alg(), c, 3000, 3000, Step::server_certificate));
}

TEST_P(Codec, ABombStopsAtTheDeclaredLength) {
  // 1 MiB of zeros compresses to a few hundred bytes; declared as 1000 bytes, the output never
  // grows.
  const Bytes c = packed(Bytes(1u << 20, 0));
  tlskit::testing::g_largest = 0;
  auto r = decompress(alg(), c, 1000, 256 * 1024, Step::server_certificate);
  expect_bad(r);
  EXPECT_NE(r.error().detail.find("more than the declared length"), std::string::npos)
      << r.error().detail;
  EXPECT_LT(tlskit::testing::g_largest.load(), size_t{64 * 1024});
}

TEST_P(Codec, LengthMismatchIsBadCertificate) {
  const Bytes in = sample(3000);
  const Bytes c = packed(in);
  auto longer = decompress(alg(), c, in.size() + 1, 256 * 1024, Step::server_certificate);
  expect_bad(longer);
  EXPECT_NE(longer.error().detail.find("fewer than declared"), std::string::npos)
      << longer.error().detail;
  auto shorter = decompress(alg(), c, in.size() - 1, 256 * 1024, Step::server_certificate);
  expect_bad(shorter);
  EXPECT_NE(shorter.error().detail.find("more than"), std::string::npos) << shorter.error().detail;
  expect_bad(decompress(alg(), c, 0, 256 * 1024, Step::server_certificate));
}

TEST_P(Codec, EveryTruncationIsRefused) {
  const Bytes in = sample(2000);
  const Bytes c = packed(in);
  for (size_t n = 0; n < c.size(); ++n) {
    auto r = decompress(alg(), ByteView(c).first(n), in.size(), 256 * 1024,
                        Step::server_certificate);
    ASSERT_FALSE(r) << "prefix of " << n << " of " << c.size() << " bytes accepted";
    EXPECT_EQ(r.error().alert, Alert::bad_certificate);
  }
}

TEST_P(Codec, CorruptAndTrailingInputIsRefused) {
  const Bytes in = sample(2000);
  const Bytes c = packed(in);
  Bytes trailing = c;
  trailing.push_back(0);
  expect_bad(decompress(alg(), trailing, in.size(), 256 * 1024, Step::server_certificate));
  // A flipped byte is refused, or (zstd and brotli carry no checksum of the content) decodes
  // to a body of the declared length, never of another.
  size_t refused = 0;
  for (size_t i = 0; i < c.size(); i += 7) {
    Bytes bad = c;
    bad[i] ^= 0x5A;
    auto r = decompress(alg(), bad, in.size(), 256 * 1024, Step::server_certificate);
    if (!r) {
      EXPECT_EQ(r.error().alert, Alert::bad_certificate);
      ++refused;
    } else {
      EXPECT_EQ(r->size(), in.size());
    }
  }
  EXPECT_GT(refused, 0u);
  expect_bad(decompress(alg(), Bytes(50, 0xFF), in.size(), 256 * 1024, Step::server_certificate));
  expect_bad(decompress(alg(), {}, in.size(), 256 * 1024, Step::server_certificate));
}

INSTANTIATE_TEST_SUITE_P(Algorithms, Codec, ::testing::ValuesIn(kAll),
                         [](const auto& info) { return cert_compression_name(info.param); });

TEST(CertCodec, UnknownAlgorithms) {
  const auto other = static_cast<CertCompressionAlgorithm>(0x4000);
  EXPECT_FALSE(supported(other));
  EXPECT_EQ(cert_compression_name(other), "0x4000");
  auto c = compress(other, Bytes(10, 1), Step::server_certificate);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().party, Party::us);
  auto d = decompress(other, Bytes(10, 1), 10, 100, Step::client_certificate);
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().alert, Alert::bad_certificate);
  EXPECT_EQ(d.error().step, Step::client_certificate);
}

TEST(CertCodec, Names) {
  for (auto a : kAll) EXPECT_EQ(cert_compression_from_name(cert_compression_name(a)), a);
  EXPECT_FALSE(cert_compression_from_name("gzip"));
  EXPECT_FALSE(cert_compression_from_name("Brotli"));
}

// TLSKIT_WRITE_FUZZ_SEEDS=1: fuzz/corpus/cert_decompress/<alg>_<n>: algorithm byte (value - 1),
// uncompressed_length (3 bytes), compressed data (the layout fuzz_cert_decompress reads).
TEST(CertCodec, FuzzSeeds) {
  if (!std::getenv("TLSKIT_WRITE_FUZZ_SEEDS")) GTEST_SKIP() << "set TLSKIT_WRITE_FUZZ_SEEDS=1";
  const std::filesystem::path dir =
      std::filesystem::path(TLSKIT_SOURCE_DIR) / "fuzz" / "corpus" / "cert_decompress";
  std::filesystem::create_directories(dir);
  for (auto a : kAll)
    for (size_t n : {size_t{40}, size_t{1500}}) {
      const Bytes in = sample(n);
      auto c = compress(a, in);
      ASSERT_TRUE(c);
      Bytes seed = {static_cast<uint8_t>(static_cast<uint16_t>(a) - 1), static_cast<uint8_t>(n >> 16),
                    static_cast<uint8_t>(n >> 8), static_cast<uint8_t>(n)};
      seed.insert(seed.end(), c->begin(), c->end());
      std::ofstream(dir / (cert_compression_name(a) + "_" + std::to_string(n)), std::ios::binary)
          .write(reinterpret_cast<const char*>(seed.data()), static_cast<std::streamsize>(seed.size()));
    }
}

}  // namespace
}  // namespace tlskit::compress
