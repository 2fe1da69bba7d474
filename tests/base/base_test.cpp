// Unit tests for base/ and codec/: Result, hex, constant-time compare, ByteReader/ByteWriter.
#include <gtest/gtest.h>

#include "base/bytes.h"
#include "base/result.h"
#include "base/rng.h"
#include "codec/byte_reader.h"
#include "codec/byte_writer.h"

namespace tlskit {
namespace {

Result<int> half(int v) {
  if (v % 2) return make_error(ErrorCode::illegal_parameter, Alert::illegal_parameter, Party::peer,
                               Step::client_hello, "odd value " + std::to_string(v));
  return v / 2;
}

Result<int> quarter(int v) {
  TK_ASSIGN(int h, half(v));
  TK_ASSIGN(int q, half(h));
  return q;
}

TEST(Result, PropagatesErrorsWithTheirFields) {
  auto ok = quarter(8);
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok, 2);
  auto bad = quarter(6);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::illegal_parameter);
  EXPECT_EQ(bad.error().alert, Alert::illegal_parameter);
  EXPECT_EQ(bad.error().detail, "odd value 3");
  EXPECT_EQ(bad.error().to_string(),
            "illegal_parameter at client_hello (peer): odd value 3 [alert illegal_parameter]");
}

TEST(Hex, RoundTripsAndRejectsBadDigits) {
  auto b = from_hex("00ff10Ab");
  ASSERT_TRUE(b);
  EXPECT_EQ(*b, (Bytes{0x00, 0xff, 0x10, 0xab}));
  EXPECT_EQ(to_hex(*b), "00ff10ab");
  EXPECT_FALSE(from_hex("abc"));
  EXPECT_FALSE(from_hex("zz"));
}

TEST(ConstantTimeEqual, ComparesLengthAndContent) {
  Bytes a{1, 2, 3}, b{1, 2, 3}, c{1, 2, 4}, d{1, 2};
  EXPECT_TRUE(constant_time_equal(a, b));
  EXPECT_FALSE(constant_time_equal(a, c));
  EXPECT_FALSE(constant_time_equal(a, d));
}

TEST(ByteReader, ReadsNestedVectorsAndFailsStickily) {
  Bytes data{0x01, 0x02, 0x00, 0x03, 0xaa, 0xbb, 0xcc, 0x09};
  ByteReader r(data);
  EXPECT_EQ(r.u16(), 0x0102);
  ByteReader inner = r.sub16();
  EXPECT_EQ(inner.u8(), 0xaa);
  EXPECT_EQ(inner.remaining(), 2u);
  EXPECT_EQ(r.u8(), 0x09);
  EXPECT_TRUE(r.done());
  EXPECT_EQ(r.u32(), 0u);
  EXPECT_TRUE(r.failed());
  EXPECT_FALSE(r.done());
}

TEST(ByteReader, LengthPastEndFails) {
  Bytes data{0x00, 0x05, 0x01};
  ByteReader r(data);
  EXPECT_TRUE(r.vec16().empty());
  EXPECT_TRUE(r.failed());
}

TEST(ByteWriter, FillsPrefixesAndDetectsOverflow) {
  Bytes out;
  ByteWriter w(out);
  auto outer = w.open16();
  w.vec8(Bytes{1, 2, 3});
  w.u24(0x010203);
  w.close(outer);
  EXPECT_FALSE(w.failed());
  EXPECT_EQ(out, (Bytes{0x00, 0x07, 0x03, 1, 2, 3, 0x01, 0x02, 0x03}));

  Bytes big;
  ByteWriter w2(big);
  auto p = w2.open8();
  w2.zeros(256);
  w2.close(p);
  EXPECT_TRUE(w2.failed());
}

TEST(SecretBytes, ResizeKeepsContents) {
  SecretBytes s(Bytes{1, 2, 3});
  s.resize(10);
  EXPECT_EQ(s[0], 1);
  EXPECT_EQ(s[2], 3);
  EXPECT_EQ(s.size(), 10u);
}

TEST(DeterministicRng, SameSeedSameBytes) {
  DeterministicRng a(7), b(7), c(8);
  Bytes x(40), y(40), z(40);
  a.fill(x);
  b.fill(y);
  c.fill(z);
  EXPECT_EQ(x, y);
  EXPECT_NE(x, z);
}

}  // namespace
}  // namespace tlskit
