// Handshake message reassembly: splitting, joining, size bound, key-change and interleave rules.
#include "record/handshake_deframer.h"
#include "record/handshake_size_bounds.h"

#include <gtest/gtest.h>

namespace tlskit {
namespace {

using record::HandshakeDeframer;

Bytes message(uint8_t type, size_t body_len, uint8_t fill = 0x5a) {
  Bytes m = {type, static_cast<uint8_t>(body_len >> 16), static_cast<uint8_t>(body_len >> 8),
             static_cast<uint8_t>(body_len)};
  for (size_t i = 0; i < body_len; ++i) m.push_back(static_cast<uint8_t>(fill + i));
  return m;
}

std::vector<Bytes> drain(HandshakeDeframer& d) {
  std::vector<Bytes> out;
  for (int i = 0; i < 1000; ++i) {
    auto r = d.next();
    EXPECT_TRUE(r.ok());
    if (!r.ok() || !r->has_value()) break;
    out.emplace_back((*r)->bytes.begin(), (*r)->bytes.end());
  }
  return out;
}

TEST(Deframer, SeveralMessagesInOneRecord) {
  Bytes rec = message(2, 10);
  Bytes ee = message(8, 0);  // empty body is a valid message
  Bytes cert = message(11, 300);
  rec.insert(rec.end(), ee.begin(), ee.end());
  rec.insert(rec.end(), cert.begin(), cert.end());
  HandshakeDeframer d;
  ASSERT_TRUE(d.add(rec).ok());
  auto r = d.next();
  ASSERT_TRUE(r.ok() && r->has_value());
  EXPECT_EQ((*r)->type, HandshakeType::server_hello);
  EXPECT_EQ((*r)->body().size(), 10u);
  auto rest = drain(d);
  ASSERT_EQ(rest.size(), 2u);
  EXPECT_EQ(rest[0], ee);
  EXPECT_EQ(rest[1], cert);
  EXPECT_FALSE(d.has_pending());
}

TEST(Deframer, OneMessageAcrossManyRecordsAtEverySplit) {
  const Bytes m = message(11, 1000);
  for (size_t cut = 1; cut < m.size(); ++cut) {
    HandshakeDeframer d;
    ASSERT_TRUE(d.add(ByteView(m).first(cut)).ok());
    EXPECT_TRUE(drain(d).empty());
    EXPECT_TRUE(d.has_partial());
    ASSERT_TRUE(d.add(ByteView(m).subspan(cut)).ok());
    auto got = drain(d);
    ASSERT_EQ(got.size(), 1u) << cut;
    EXPECT_EQ(got[0], m);
  }
  // One byte per record.
  HandshakeDeframer d;
  std::vector<Bytes> got;
  for (uint8_t b : m) {
    ASSERT_TRUE(d.add(ByteView(&b, 1)).ok());
    for (auto& x : drain(d)) got.push_back(x);
  }
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0], m);
}

TEST(Deframer, MixedSplitting) {
  // Record 1: msg A + first half of B; record 2: rest of B + msg C + start of D; record 3: rest.
  const Bytes a = message(1, 5), b = message(2, 40), c = message(8, 3), dd = message(20, 32);
  Bytes all;
  for (const Bytes* m : {&a, &b, &c, &dd}) all.insert(all.end(), m->begin(), m->end());
  HandshakeDeframer d;
  std::vector<Bytes> got;
  const size_t cuts[] = {0, a.size() + 20, a.size() + b.size() + c.size() + 2, all.size()};
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(d.add(ByteView(all).subspan(cuts[i], cuts[i + 1] - cuts[i])).ok());
    for (auto& x : drain(d)) got.push_back(x);
  }
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0], a);
  EXPECT_EQ(got[1], b);
  EXPECT_EQ(got[2], c);
  EXPECT_EQ(got[3], dd);
}

TEST(Deframer, MaxMessageSize) {
  HandshakeDeframer d(1000);
  ASSERT_TRUE(d.add(message(11, 1000)).ok());
  EXPECT_EQ(drain(d).size(), 1u);
  // Rejected from the header alone, before the body arrives.
  Bytes hdr = {11, 0, 0x03, 0xe9};  // 1001
  ASSERT_TRUE(d.add(hdr).ok());
  auto r = d.next();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().alert, Alert::illegal_parameter);
  EXPECT_NE(r.error().detail.find("1001"), std::string::npos);
  // The default bound and the clamp.
  HandshakeDeframer def;
  EXPECT_EQ(def.max_message(), record::kDefaultMaxHandshakeMessage);
  def.set_max_message(size_t{1} << 30);
  EXPECT_EQ(def.max_message(), record::kMaxHandshakeMessageLimit);
  HandshakeDeframer big;
  ASSERT_TRUE(big.add(Bytes{11, 0xff, 0xff, 0xff}).ok());
  EXPECT_FALSE(big.next().ok());
}

// RFC 8446 §6.2: a message longer than its syntax allows is a decode_error, decided from
// the header alone; one within its syntax but over our limit stays illegal_parameter.
TEST(Deframer, SyntacticBoundsGiveDecodeError) {
  struct Case {
    uint8_t type;
    size_t len;
  };
  for (Case c : {Case{20, 65}, Case{20, 0xffff}, Case{24, 2}, Case{5, 1}, Case{14, 1},
                 Case{1, record::kMaxClientHelloBody + 1}, Case{15, 65540}}) {
    HandshakeDeframer d;
    Bytes hdr = {c.type, static_cast<uint8_t>(c.len >> 16), static_cast<uint8_t>(c.len >> 8),
                 static_cast<uint8_t>(c.len)};
    ASSERT_TRUE(d.add(hdr).ok());
    auto r = d.next();
    ASSERT_FALSE(r.ok()) << int(c.type) << " " << c.len;
    EXPECT_EQ(r.error().alert, Alert::decode_error) << int(c.type) << " " << c.len;
    EXPECT_NE(r.error().detail.find(std::to_string(c.len)), std::string::npos);
  }
  // At the bound, the header passes and the deframer waits for the body.
  for (Case c : {Case{20, 64}, Case{24, 1}, Case{15, 65539}}) {
    HandshakeDeframer d;
    Bytes hdr = {c.type, static_cast<uint8_t>(c.len >> 16), static_cast<uint8_t>(c.len >> 8),
                 static_cast<uint8_t>(c.len)};
    ASSERT_TRUE(d.add(hdr).ok());
    auto r = d.next();
    ASSERT_TRUE(r.ok()) << int(c.type) << " " << c.len;
    EXPECT_FALSE(r.value().has_value());
  }
}

// The largest well-formed ClientHello (131,396 bytes) passes even a small configured limit;
// other messages keep the limit.
TEST(Deframer, LargestClientHelloPassesTheConfiguredLimit) {
  EXPECT_EQ(record::kMaxClientHelloBody, 131396u);
  HandshakeDeframer d(1000);
  ASSERT_TRUE(d.add(message(1, record::kMaxClientHelloBody)).ok());
  auto got = drain(d);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].size(), record::kMaxClientHelloBody + 4);
  ASSERT_TRUE(d.add(Bytes{8, 0, 0x03, 0xe9}).ok());  // EncryptedExtensions of 1001 bytes
  auto r = d.next();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().alert, Alert::illegal_parameter);
}

TEST(Deframer, EmptyFragmentRejected) {
  HandshakeDeframer d;
  auto r = d.add({});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().alert, Alert::unexpected_message);
}

TEST(Deframer, KeyChangeWithBufferedData) {
  // RFC 8446 §5.1: a partial message at a key change → unexpected_message.
  HandshakeDeframer d;
  Bytes m = message(2, 50);
  ASSERT_TRUE(d.add(ByteView(m).first(30)).ok());
  EXPECT_TRUE(drain(d).empty());
  auto r = d.check_key_change();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::unexpected_message);
  EXPECT_EQ(r.error().alert, Alert::unexpected_message);
  // A complete message still buffered after the one preceding the key change (e.g. the
  // ServerHello record also carried encrypted-phase messages in plaintext) also fails.
  HandshakeDeframer d2;
  Bytes two = message(2, 10);
  Bytes ee = message(8, 2);
  two.insert(two.end(), ee.begin(), ee.end());
  ASSERT_TRUE(d2.add(two).ok());
  auto first = d2.next();
  ASSERT_TRUE(first.ok() && first->has_value());
  EXPECT_FALSE(d2.check_key_change().ok());
  // Aligned with the record boundary: fine.
  HandshakeDeframer d3;
  ASSERT_TRUE(d3.add(message(2, 10)).ok());
  EXPECT_EQ(drain(d3).size(), 1u);
  EXPECT_TRUE(d3.check_key_change().ok());
}

TEST(Deframer, InterleavingWithOtherRecordTypes) {
  HandshakeDeframer d;
  EXPECT_TRUE(d.check_interleave(ContentType::alert).ok());
  Bytes m = message(11, 100);
  ASSERT_TRUE(d.add(ByteView(m).first(50)).ok());
  auto r = d.check_interleave(ContentType::application_data);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().alert, Alert::unexpected_message);
  EXPECT_NE(r.error().detail.find("application_data"), std::string::npos);
  ASSERT_TRUE(d.add(ByteView(m).subspan(50)).ok());
  EXPECT_TRUE(d.check_interleave(ContentType::application_data).ok());
  EXPECT_EQ(drain(d).size(), 1u);
  d.reset();
  EXPECT_FALSE(d.has_pending());
}

}  // namespace
}  // namespace tlskit
