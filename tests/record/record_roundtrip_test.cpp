// Record layer round trips for every AEAD in TLS 1.3 and TLS 1.2 modes: fragmentation,
// arbitrary transport splits, sequence numbers, padding and the zero-copy input path.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>

#include "record_test_util.h"

namespace tlskit {
namespace {

using record::NonceMode;
using record::RecordDecoder;
using record::RecordEncoder;
using testing::ModeCase;

class RoundTrip : public ::testing::TestWithParam<ModeCase> {
 protected:
  void SetUp() override {
    enc.set_protection(testing::make_keys(GetParam()));
    dec.set_protection(testing::make_keys(GetParam()));
    dec.set_version_rule(testing::rule_for(GetParam()));
  }
  size_t per_record_overhead() const {
    const size_t tag = crypto::aead_tag_size(GetParam().aead);
    switch (GetParam().mode) {
      case NonceMode::tls13:
        return record::kRecordHeaderSize + 1 + tag;
      case NonceMode::tls12_explicit:
        return record::kRecordHeaderSize + 8 + tag;
      case NonceMode::tls12_xor:
        return record::kRecordHeaderSize + tag;
    }
    return 0;
  }
  RecordEncoder enc;
  RecordDecoder dec;
};

TEST_P(RoundTrip, SizesAndFragmentation) {
  for (size_t n : {size_t{0}, size_t{1}, size_t{100}, size_t{16383}, size_t{16384}, size_t{16385},
                   size_t{40000}}) {
    SCOPED_TRACE(n);
    const Bytes data = testing::pattern(n, static_cast<uint8_t>(n));
    Bytes wire;
    const uint64_t seq_before = enc.sequence();
    ASSERT_TRUE(enc.write(ContentType::application_data, data, wire).ok());
    const size_t records = n == 0 ? 1 : (n + 16383) / 16384;
    EXPECT_EQ(enc.sequence() - seq_before, records);
    EXPECT_EQ(wire.size(), n + records * per_record_overhead());
    EXPECT_EQ(wire.size(), enc.wire_size(ContentType::application_data, n));
    // Protected records never show their plaintext: TLS 1.3 outer type is application_data.
    EXPECT_EQ(wire[0], 23);
    EXPECT_EQ(wire[1], 3);
    EXPECT_EQ(wire[2], 3);
    dec.append(wire);
    auto got = testing::drain(dec);
    ASSERT_FALSE(got.failed) << got.error.to_string();
    ASSERT_EQ(got.records.size(), records);
    Bytes joined;
    for (auto& [t, b] : got.records) {
      EXPECT_EQ(t, ContentType::application_data);
      EXPECT_LE(b.size(), record::kMaxPlaintext);
      joined.insert(joined.end(), b.begin(), b.end());
    }
    EXPECT_EQ(joined, data);
    EXPECT_EQ(got.need, record::kRecordHeaderSize);
  }
  EXPECT_EQ(dec.sequence(), enc.sequence());
}

TEST_P(RoundTrip, AllContentTypesKeepTheirType) {
  Bytes wire;
  const Bytes hs = testing::pattern(50), alert = {1, 0}, app = testing::pattern(300);
  ASSERT_TRUE(enc.write(ContentType::handshake, hs, wire).ok());
  ASSERT_TRUE(enc.write(ContentType::application_data, app, wire).ok());
  ASSERT_TRUE(enc.write(ContentType::alert, alert, wire).ok());
  dec.append(wire);
  auto got = testing::drain(dec);
  ASSERT_FALSE(got.failed) << got.error.to_string();
  ASSERT_EQ(got.records.size(), 3u);
  EXPECT_EQ(got.records[0].first, ContentType::handshake);
  EXPECT_EQ(got.records[0].second, hs);
  EXPECT_EQ(got.records[1].first, ContentType::application_data);
  EXPECT_EQ(got.records[1].second, app);
  EXPECT_EQ(got.records[2].first, ContentType::alert);
  EXPECT_EQ(got.records[2].second, alert);
  if (GetParam().mode != NonceMode::tls13) {
    EXPECT_EQ(wire[0], 22);  // TLS 1.2: real type in header
  }
}

TEST_P(RoundTrip, SplitAtEveryByteBoundary) {
  Bytes wire;
  ASSERT_TRUE(enc.write(ContentType::handshake, testing::pattern(40), wire).ok());
  ASSERT_TRUE(enc.write(ContentType::application_data, testing::pattern(70, 3), wire).ok());
  ASSERT_TRUE(enc.write(ContentType::alert, Bytes{1, 0}, wire).ok());
  for (size_t cut = 0; cut <= wire.size(); ++cut) {
    SCOPED_TRACE(cut);
    RecordDecoder d;
    d.set_protection(testing::make_keys(GetParam()));
    d.set_version_rule(testing::rule_for(GetParam()));
    d.append(ByteView(wire).first(cut));
    auto a = testing::drain(d);
    ASSERT_FALSE(a.failed) << a.error.to_string();
    EXPECT_GT(a.need, 0u);
    d.append(ByteView(wire).subspan(cut));
    auto b = testing::drain(d);
    ASSERT_FALSE(b.failed) << b.error.to_string();
    ASSERT_EQ(a.records.size() + b.records.size(), 3u);
  }
}

TEST_P(RoundTrip, ByteByByteFollowsNeedBytes) {
  Bytes wire;
  ASSERT_TRUE(enc.write(ContentType::application_data, testing::pattern(200), wire).ok());
  size_t fed = 0, records = 0;
  // Feed exactly what the decoder asks for: it must then make progress.
  for (int guard = 0; guard < 100 && fed < wire.size(); ++guard) {
    auto r = dec.next();
    ASSERT_TRUE(r.ok());
    if (r->has_record) {
      ++records;
      continue;
    }
    ASSERT_GT(r->need_bytes, 0u);
    const size_t n = std::min(r->need_bytes, wire.size() - fed);
    dec.append(ByteView(wire).subspan(fed, n));
    fed += n;
  }
  auto r = dec.next();
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->has_record);
  EXPECT_EQ(r->record.fragment.size(), 200u);
}

TEST_P(RoundTrip, SequenceNumbersAndKeyChange) {
  Bytes wire;
  for (int i = 0; i < 5; ++i)
    ASSERT_TRUE(enc.write(ContentType::application_data, Bytes{1, 2, 3}, wire).ok());
  EXPECT_EQ(enc.sequence(), 5u);
  dec.append(wire);
  for (uint64_t i = 0; i < 5; ++i) {
    auto r = dec.next();
    ASSERT_TRUE(r.ok() && r->has_record);
    EXPECT_EQ(r->record.sequence, i);
    EXPECT_TRUE(r->record.was_protected);
  }
  if (GetParam().mode == NonceMode::tls12_explicit) {
    // RFC 5288: the explicit nonce on the wire is the sequence number.
    const size_t rec = wire.size() / 5;
    EXPECT_EQ(wire[rec * 3 + record::kRecordHeaderSize + 7], 3);
  }
  // A new key restarts both sides at sequence 0.
  enc.set_protection(testing::make_keys(GetParam(), 9));
  dec.set_protection(testing::make_keys(GetParam(), 9));
  EXPECT_EQ(enc.sequence(), 0u);
  EXPECT_EQ(dec.sequence(), 0u);
  wire.clear();
  ASSERT_TRUE(enc.write(ContentType::application_data, Bytes{4}, wire).ok());
  dec.append(wire);
  auto r = dec.next();
  ASSERT_TRUE(r.ok() && r->has_record) << (r.ok() ? "" : r.error().to_string());
  EXPECT_EQ(r->record.sequence, 0u);
  EXPECT_EQ(enc.records_written(), 6u);
}

TEST_P(RoundTrip, ReplayedOrReorderedRecordFails) {
  Bytes a, b;
  ASSERT_TRUE(enc.write(ContentType::application_data, Bytes{1}, a).ok());
  ASSERT_TRUE(enc.write(ContentType::application_data, Bytes{2}, b).ok());
  dec.append(b);  // seq 1 presented as seq 0
  auto r = dec.next();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::bad_record_mac);
  EXPECT_EQ(r.error().alert, Alert::bad_record_mac);
}

TEST_P(RoundTrip, ZeroCopyPrepareCommit) {
  Bytes wire;
  ASSERT_TRUE(enc.write(ContentType::application_data, testing::pattern(5000), wire).ok());
  size_t fed = 0;
  while (fed < wire.size()) {
    auto space = dec.prepare(1);
    const size_t n = std::min({space.size(), wire.size() - fed, size_t{777}});
    std::memcpy(space.data(), wire.data() + fed, n);
    dec.commit(n);
    fed += n;
  }
  auto got = testing::drain(dec);
  ASSERT_FALSE(got.failed) << got.error.to_string();
  ASSERT_EQ(got.records.size(), 1u);
  EXPECT_EQ(got.records[0].second, testing::pattern(5000));
}

TEST_P(RoundTrip, MaxFragment) {
  enc.set_max_fragment(100);
  Bytes wire;
  ASSERT_TRUE(enc.write(ContentType::application_data, testing::pattern(1000), wire).ok());
  EXPECT_EQ(enc.sequence(), 10u);
  dec.append(wire);
  auto got = testing::drain(dec);
  ASSERT_FALSE(got.failed);
  ASSERT_EQ(got.records.size(), 10u);
  for (auto& r : got.records) EXPECT_EQ(r.second.size(), 100u);
  enc.set_max_fragment(0);
  EXPECT_EQ(enc.max_fragment(), 1u);
  enc.set_max_fragment(1 << 20);
  EXPECT_EQ(enc.max_fragment(), record::kMaxPlaintext);
}

TEST_P(RoundTrip, ChangeCipherSpecRecord) {
  Bytes wire;
  ASSERT_TRUE(enc.write_change_cipher_spec(wire).ok());
  if (GetParam().mode == NonceMode::tls13) {
    // RFC 8446 §5: the compatibility CCS is never protected.
    EXPECT_EQ(to_hex(wire), "140303000101");
  } else {
    EXPECT_EQ(wire[0], 20);
    EXPECT_GT(wire.size(), 6u);
  }
  dec.append(wire);
  auto r = dec.next();
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  ASSERT_TRUE(r->has_record);
  EXPECT_EQ(r->record.type, ContentType::change_cipher_spec);
  EXPECT_EQ(r->record.was_protected, GetParam().mode != NonceMode::tls13);
}

INSTANTIATE_TEST_SUITE_P(AllModes, RoundTrip, ::testing::ValuesIn(testing::all_mode_cases()),
                         [](const auto& info) { return info.param.name; });

TEST(Plaintext, RoundTripAndVersions) {
  RecordEncoder enc;
  RecordDecoder dec;
  Bytes wire;
  enc.set_plaintext_version(record::kRecordVersion10);
  ASSERT_TRUE(enc.write(ContentType::handshake, testing::pattern(20000), wire).ok());
  EXPECT_EQ(wire.size(), 20000u + 2 * record::kRecordHeaderSize);
  EXPECT_EQ(to_hex(ByteView(wire).first(5)), "1603014000");
  dec.append(wire);
  auto got = testing::drain(dec);
  ASSERT_FALSE(got.failed) << got.error.to_string();
  ASSERT_EQ(got.records.size(), 2u);
  EXPECT_EQ(got.records[0].second.size(), 16384u);
  EXPECT_EQ(got.records[1].second.size(), 20000u - 16384u);
  EXPECT_EQ(dec.records_read(), 2u);
}

TEST(Tls13Padding, PadToBlock) {
  testing::ModeCase c{NonceMode::tls13, crypto::AeadAlg::aes_128_gcm, "x"};
  RecordEncoder enc;
  enc.set_protection(testing::make_keys(c));
  enc.set_padding({record::PaddingPolicy::Kind::pad_to_block, 64});
  RecordDecoder dec;
  dec.set_protection(testing::make_keys(c));
  for (size_t n : {size_t{1}, size_t{62}, size_t{63}, size_t{64}, size_t{1000}, size_t{16384}}) {
    SCOPED_TRACE(n);
    Bytes wire;
    ASSERT_TRUE(enc.write(ContentType::application_data, testing::pattern(n), wire).ok());
    const size_t inner = wire.size() - record::kRecordHeaderSize - 16;
    if (n + 1 <= 16385 - 63) {
      EXPECT_EQ(inner % 64, 0u);
    }
    EXPECT_LE(inner, record::kMaxInnerPlaintext13);
    EXPECT_GE(inner, n + 1);
    EXPECT_EQ(wire.size(), enc.wire_size(ContentType::application_data, n));
    dec.append(wire);
    auto got = testing::drain(dec);
    ASSERT_FALSE(got.failed) << got.error.to_string();
    ASSERT_EQ(got.records.size(), 1u);
    EXPECT_EQ(got.records[0].second, testing::pattern(n));
  }
}

TEST(Tls13Padding, MaximumPaddingIsAccepted) {
  // One byte of content padded to the largest TLSInnerPlaintext (2^14 + 1).
  testing::ModeCase c{NonceMode::tls13, crypto::AeadAlg::chacha20_poly1305, "x"};
  RecordEncoder enc;
  enc.set_protection(testing::make_keys(c));
  enc.set_padding({record::PaddingPolicy::Kind::pad_to_block, 16385});
  Bytes wire;
  ASSERT_TRUE(enc.write(ContentType::handshake, Bytes{0x42}, wire).ok());
  EXPECT_EQ(wire.size(), record::kRecordHeaderSize + 16385 + 16);
  RecordDecoder dec;
  dec.set_protection(testing::make_keys(c));
  dec.append(wire);
  auto got = testing::drain(dec);
  ASSERT_FALSE(got.failed) << got.error.to_string();
  ASSERT_EQ(got.records.size(), 1u);
  EXPECT_EQ(got.records[0].first, ContentType::handshake);
  EXPECT_EQ(got.records[0].second, Bytes{0x42});
}

TEST(Tls13Padding, PaddingRespectsMaxFragment) {
  testing::ModeCase c{NonceMode::tls13, crypto::AeadAlg::aes_128_gcm, "x"};
  RecordEncoder enc;
  enc.set_protection(testing::make_keys(c));
  enc.set_max_fragment(511);  // e.g. record_size_limit 512
  enc.set_padding({record::PaddingPolicy::Kind::pad_to_block, 4096});
  Bytes wire;
  ASSERT_TRUE(enc.write(ContentType::application_data, testing::pattern(10), wire).ok());
  EXPECT_EQ(wire.size(), record::kRecordHeaderSize + 512 + 16);
}

}  // namespace
}  // namespace tlskit

namespace tlskit {
namespace {

// RFC 8449 §4: protected records over the record_size_limit we announced are record_overflow;
// records at the limit pass (TLS 1.3 counts the content type byte, TLS 1.2 does not).
TEST(RecordSizeLimit, ProtectedRecordsOverOurLimitAreRecordOverflow) {
  for (const auto& mc : testing::all_mode_cases()) {
    SCOPED_TRACE(mc.name);
    const bool tls13 = mc.mode == record::NonceMode::tls13;
    const size_t limit = 256;
    const size_t at_limit = tls13 ? limit - 1 : limit;  // plaintext that just fits
    for (size_t n : {at_limit, at_limit + 1}) {
      record::RecordEncoder enc;
      record::RecordDecoder dec;
      enc.set_protection(testing::make_keys(mc));
      dec.set_protection(testing::make_keys(mc));
      dec.set_version_rule(testing::rule_for(mc));
      dec.set_protected_limit(limit);
      Bytes wire;
      ASSERT_TRUE(enc.write(ContentType::application_data, testing::pattern(n, 7), wire).ok());
      dec.append(wire);
      auto got = testing::drain(dec);
      if (n == at_limit) {
        EXPECT_FALSE(got.failed) << got.error.to_string();
      } else {
        ASSERT_TRUE(got.failed);
        EXPECT_EQ(got.error.alert, Alert::record_overflow);
        EXPECT_NE(got.error.detail.find("record_size_limit"), std::string::npos);
      }
    }
  }
}

}  // namespace
}  // namespace tlskit
