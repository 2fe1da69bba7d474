// The zero-copy paths of the record layer: records decoded straight from the caller's input
// (begin_input/end_input), opened out of place into a plaintext sink, and sealed straight from
// the caller's bytes. Each must give exactly what the copying paths give, for every split of
// the input, every protection mode and every failure.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "record_test_util.h"

namespace tlskit {
namespace {

using record::RecordDecoder;
using record::RecordEncoder;

class ZeroCopy : public ::testing::TestWithParam<testing::ModeCase> {
 protected:
  void SetUp() override { reset(); }
  // A fresh encoder and decoder under the same keys.
  void reset() {
    enc_ = std::make_unique<RecordEncoder>();
    dec_ = std::make_unique<RecordDecoder>();
    enc_->set_protection(testing::make_keys(GetParam()));
    dec_->set_protection(testing::make_keys(GetParam()));
    dec_->set_version_rule(testing::rule_for(GetParam()));
  }

  // Feeds wire to the decoder in chunks of the given sizes (the rest in one last chunk),
  // through begin_input/end_input, draining records after each chunk. Returns the
  // concatenated application data, as the sink (or the fragments) hold it.
  Bytes feed_in_chunks(ByteView wire, const std::vector<size_t>& chunks, bool use_sink,
                       bool* failed) {
    Bytes got;
    WireBuffer sink;
    dec_->set_plaintext_sink(use_sink ? &sink : nullptr);
    size_t off = 0;
    size_t c = 0;
    *failed = false;
    while (off < wire.size()) {
      const size_t n = c < chunks.size() ? std::min(chunks[c++], wire.size() - off)
                                         : wire.size() - off;
      dec_->begin_input(wire.subspan(off, n));
      for (;;) {
        auto r = dec_->next();
        if (!r.ok()) {
          *failed = true;
          dec_->end_input();
          return got;
        }
        if (!r->has_record) break;
        EXPECT_EQ(r->record.in_sink, use_sink);
        if (use_sink) {
          // The fragment is exactly the sink's tail.
          EXPECT_EQ(r->record.fragment.data() + r->record.fragment.size(),
                    sink.data() + sink.size());
        } else {
          got.insert(got.end(), r->record.fragment.begin(), r->record.fragment.end());
        }
      }
      dec_->end_input();
      off += n;
    }
    if (use_sink) got.assign(sink.begin(), sink.end());
    return got;
  }

  std::unique_ptr<RecordEncoder> enc_;
  std::unique_ptr<RecordDecoder> dec_;
};

TEST_P(ZeroCopy, WholeInputWithAndWithoutSinkGivesTheData) {
  const Bytes data = testing::pattern(40000, 3);
  for (bool sink : {false, true}) {
    reset();
    WireBuffer wire;
    ASSERT_TRUE(enc_->write(ContentType::application_data, data, wire).ok());
    bool failed = false;
    Bytes got = feed_in_chunks(ByteView(wire.data(), wire.size()), {}, sink, &failed);
    EXPECT_FALSE(failed);
    EXPECT_EQ(got, data) << "sink " << sink;
    EXPECT_EQ(dec_->buffered(), 0u);
  }
}

TEST_P(ZeroCopy, EverySplitPointGivesTheSameData) {
  // Three records of different sizes; the input is cut at every byte into two feeds.
  const Bytes a = testing::pattern(300, 1), b = testing::pattern(1, 2), c = testing::pattern(77, 3);
  WireBuffer wire;
  for (const Bytes* d : {&a, &b, &c})
    ASSERT_TRUE(enc_->write(ContentType::application_data, *d, wire).ok());
  Bytes all = a;
  all.insert(all.end(), b.begin(), b.end());
  all.insert(all.end(), c.begin(), c.end());
  const ByteView w(wire.data(), wire.size());
  for (bool sink : {false, true}) {
    for (size_t cut = 0; cut <= w.size(); ++cut) {
      reset();
      bool failed = false;
      Bytes got = feed_in_chunks(w, {cut}, sink, &failed);
      ASSERT_FALSE(failed) << "cut " << cut;
      ASSERT_EQ(got, all) << "cut " << cut << " sink " << sink;
    }
  }
}

TEST_P(ZeroCopy, ByteAtATimeThroughTheSink) {
  const Bytes data = testing::pattern(2000, 9);
  WireBuffer wire;
  ASSERT_TRUE(enc_->write(ContentType::application_data, data, wire).ok());
  bool failed = false;
  Bytes got = feed_in_chunks(ByteView(wire.data(), wire.size()),
                             std::vector<size_t>(wire.size(), 1), true, &failed);
  EXPECT_FALSE(failed);
  EXPECT_EQ(got, data);
}

TEST_P(ZeroCopy, CorruptedRecordLeavesTheSinkAsItWas) {
  const Bytes good = testing::pattern(500, 1), bad = testing::pattern(600, 2);
  WireBuffer wire;
  ASSERT_TRUE(enc_->write(ContentType::application_data, good, wire).ok());
  const size_t first = wire.size();
  ASSERT_TRUE(enc_->write(ContentType::application_data, bad, wire).ok());
  wire[first + 20] ^= 0x01;  // inside the second record's ciphertext
  WireBuffer sink;
  dec_->set_plaintext_sink(&sink);
  dec_->begin_input(ByteView(wire.data(), wire.size()));
  auto r1 = dec_->next();
  ASSERT_TRUE(r1.ok());
  ASSERT_TRUE(r1->has_record);
  auto r2 = dec_->next();
  ASSERT_FALSE(r2.ok());
  EXPECT_EQ(r2.error().alert, Alert::bad_record_mac);
  dec_->end_input();
  EXPECT_EQ(Bytes(sink.begin(), sink.end()), good);
  // Sticky: the decoder stays failed.
  EXPECT_FALSE(dec_->next().ok());
}

TEST_P(ZeroCopy, NonApplicationRecordsInTheSinkAreTheirContentOnly) {
  // An alert and a handshake fragment under keys: the sink's tail is the content (no inner
  // type, no padding) so the caller can take it back off.
  if (GetParam().mode == record::NonceMode::tls13)
    enc_->set_padding({record::PaddingPolicy::Kind::pad_to_block, 64});
  WireBuffer wire;
  const Bytes alert = {1, 0};
  const Bytes hs = testing::pattern(37, 4);
  ASSERT_TRUE(enc_->write(ContentType::alert, alert, wire).ok());
  ASSERT_TRUE(enc_->write(ContentType::handshake, hs, wire).ok());
  WireBuffer sink = {0xee};  // earlier unread data stays in front
  dec_->set_plaintext_sink(&sink);
  dec_->begin_input(ByteView(wire.data(), wire.size()));
  auto r1 = dec_->next();
  ASSERT_TRUE(r1.ok() && r1->has_record);
  EXPECT_EQ(r1->record.type, ContentType::alert);
  EXPECT_EQ(Bytes(r1->record.fragment.begin(), r1->record.fragment.end()), alert);
  EXPECT_EQ(sink.size(), 3u);
  sink.resize(1);  // what the connection does with a non-application record
  auto r2 = dec_->next();
  ASSERT_TRUE(r2.ok() && r2->has_record);
  EXPECT_EQ(r2->record.type, ContentType::handshake);
  EXPECT_EQ(Bytes(r2->record.fragment.begin(), r2->record.fragment.end()), hs);
  EXPECT_EQ(sink.size(), 1u + hs.size());
  EXPECT_EQ(sink[0], 0xee);
  dec_->end_input();
}

TEST_P(ZeroCopy, SealFromDataMatchesSealInPlace) {
  // The encoder seals straight from the caller's bytes; an AEAD sealing the same inner
  // plaintext in place must give byte-identical records.
  const Bytes data = testing::pattern(1000, 5);
  WireBuffer wire;
  ASSERT_TRUE(enc_->write(ContentType::application_data, data, wire).ok());
  const auto& c = GetParam();
  auto keys = testing::make_keys(c);
  std::array<uint8_t, record::kRecordNonceSize> nonce;
  const size_t hdr = record::kRecordHeaderSize;
  Bytes plain = data;
  Bytes aad;
  size_t body_at = hdr;
  if (c.mode == record::NonceMode::tls13) {
    plain.push_back(static_cast<uint8_t>(ContentType::application_data));
    aad.assign(wire.begin(), wire.begin() + hdr);
    keys.nonce(0, {}, nonce);
  } else {
    std::array<uint8_t, 13> a;
    record::tls12_aad(0, static_cast<uint8_t>(ContentType::application_data),
                      record::kRecordVersion12, static_cast<uint16_t>(data.size()), a);
    aad.assign(a.begin(), a.end());
    const bool ex = c.mode == record::NonceMode::tls12_explicit;
    keys.nonce(0, ByteView(wire.data() + hdr, ex ? 8 : 0), nonce);
    body_at += ex ? 8 : 0;
  }
  Bytes tag(keys.tag_size());
  ASSERT_TRUE(keys.aead().seal(nonce, aad, plain, tag).ok());
  plain.insert(plain.end(), tag.begin(), tag.end());
  EXPECT_EQ(Bytes(wire.begin() + static_cast<ptrdiff_t>(body_at), wire.end()), plain);
}

INSTANTIATE_TEST_SUITE_P(Modes, ZeroCopy, ::testing::ValuesIn(testing::all_mode_cases()),
                         [](const auto& info) { return info.param.name; });

TEST(ZeroCopyPlaintext, UnprotectedRecordsComeStraightFromTheInput) {
  RecordDecoder dec;
  RecordEncoder enc;
  WireBuffer wire;
  const Bytes hs = testing::pattern(100, 1);
  ASSERT_TRUE(enc.write(ContentType::handshake, hs, wire).ok());
  ASSERT_TRUE(enc.write(ContentType::handshake, hs, wire).ok());
  // The first record of a connection is gathered (non-TLS sniffing), the second is read in
  // place from the input.
  dec.begin_input(ByteView(wire.data(), wire.size()));
  auto r1 = dec.next();
  ASSERT_TRUE(r1.ok() && r1->has_record);
  auto r2 = dec.next();
  ASSERT_TRUE(r2.ok() && r2->has_record);
  EXPECT_GE(r2->record.fragment.data(), wire.data());
  EXPECT_LT(r2->record.fragment.data(), wire.data() + wire.size());
  EXPECT_EQ(Bytes(r2->record.fragment.begin(), r2->record.fragment.end()), hs);
  dec.end_input();
  EXPECT_EQ(dec.buffered(), 0u);
}

TEST(ZeroCopyPlaintext, NotTlsIsStillRecognisedThroughBeginInput) {
  RecordDecoder dec;
  const std::string http = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
  dec.begin_input(ByteView(reinterpret_cast<const uint8_t*>(http.data()), http.size()));
  auto r = dec.next();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::not_tls);
  EXPECT_NE(r.error().detail.find("HTTP"), std::string::npos) << r.error().detail;
  dec.end_input();
}

}  // namespace
}  // namespace tlskit
