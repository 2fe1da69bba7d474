// Tests of src/probe/answer_reader: a TLS 1.2 first flight fed whole and byte by byte, a TLS 1.3
// ServerHello followed by encrypted records, alerts, SSLv2, and every refusal of a bad answer.
#include <gtest/gtest.h>

#include "probe/answer_reader.h"
#include "probe_test_util.h"

namespace tlskit::probe {
namespace {

using test::handshake;
using test::record;

Bytes tls12_flight(CipherSuite suite, const Bytes& ske_body, bool split_records = false) {
  Bytes sh = handshake(HandshakeType::server_hello,
                       test::server_hello_body(0x0303, suite, {}, true, 32));
  Bytes cert_body;
  ByteWriter w(cert_body);
  Bytes der(300, 0x30);
  Certificate12 c;
  c.certificates = {der};
  write_certificate12(c, w);
  Bytes flight = sh;
  flight.insert(flight.end(), cert_body.begin(), cert_body.end());
  Bytes ske = handshake(HandshakeType::server_key_exchange, ske_body);
  flight.insert(flight.end(), ske.begin(), ske.end());
  Bytes cr_body;
  ByteWriter cw(cr_body);
  cw.vec8(Bytes{1});
  cw.vec16(Bytes{4, 1});
  cw.u16(0);
  Bytes cr = handshake(HandshakeType::certificate_request, cr_body);
  flight.insert(flight.end(), cr.begin(), cr.end());
  Bytes done = handshake(HandshakeType::server_hello_done, {});
  flight.insert(flight.end(), done.begin(), done.end());
  if (!split_records) return record(ContentType::handshake, flight);
  Bytes out;
  for (size_t off = 0; off < flight.size(); off += 7) {
    Bytes r = record(ContentType::handshake, ByteView(flight).subspan(off, std::min<size_t>(7, flight.size() - off)));
    out.insert(out.end(), r.begin(), r.end());
  }
  return out;
}

void check_tls12(const ServerAnswer& a) {
  ASSERT_TRUE(a.complete);
  ASSERT_TRUE(a.server_hello);
  EXPECT_EQ(a.server_hello->cipher_suite, static_cast<CipherSuite>(0x009E));
  EXPECT_EQ(a.certificates.size(), 1u);
  ASSERT_TRUE(a.key_exchange);
  EXPECT_EQ(a.key_exchange->dh_bits, 2048u);
  EXPECT_EQ(a.key_exchange->ffdhe_group, NamedGroup{0x0100});
  EXPECT_TRUE(a.certificate_request);
  EXPECT_TRUE(a.server_hello_done);
  EXPECT_TRUE(a.accepted());
  EXPECT_EQ(a.messages.size(), 5u);
}

TEST(AnswerReader, Tls12FirstFlightWholeAndByteByByte) {
  Bytes ske = test::dhe_ske_body(test::ffdhe2048_prime(), Bytes{2}, Bytes(256, 7));
  for (bool split : {false, true}) {
    Bytes flight = tls12_flight(static_cast<CipherSuite>(0x009E), ske, split);
    AnswerReader whole;
    auto r = whole.feed(flight);
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    EXPECT_TRUE(*r);
    check_tls12(whole.answer());
    AnswerReader bytes;
    for (size_t i = 0; i < flight.size(); ++i) {
      auto s = bytes.feed(ByteView(flight).subspan(i, 1));
      ASSERT_TRUE(s.ok()) << i << ": " << s.error().to_string();
      EXPECT_EQ(*s, i + 1 == flight.size()) << i;
    }
    check_tls12(bytes.answer());
    EXPECT_EQ(bytes.answer().first_bytes.size(), kMaxFirstBytes);
  }
}

TEST(AnswerReader, Tls13StopsAtServerHello) {
  Bytes bytes = record(ContentType::handshake, handshake(HandshakeType::server_hello, test::tls13_server_hello_body()));
  Bytes ccs = record(ContentType::change_cipher_spec, Bytes{1});
  Bytes app = record(ContentType::application_data, Bytes(40, 0xEE));
  bytes.insert(bytes.end(), ccs.begin(), ccs.end());
  bytes.insert(bytes.end(), app.begin(), app.end());
  AnswerReader r;
  auto done = r.feed(bytes);
  ASSERT_TRUE(done.ok()) << done.error().to_string();
  EXPECT_TRUE(*done);
  EXPECT_EQ(r.answer().server_hello->version, ProtocolVersion::tls1_3);
  EXPECT_TRUE(*r.feed(Bytes{1, 2, 3}));  // complete: more bytes change nothing
}

TEST(AnswerReader, Alert) {
  AnswerReader r;
  auto done = r.feed(record(ContentType::alert, Bytes{2, 40}, 0x0301));
  ASSERT_TRUE(done.ok());
  EXPECT_TRUE(*done);
  EXPECT_EQ(r.answer().alert, Alert::handshake_failure);
  EXPECT_EQ(r.answer().alert_level, 2);
  EXPECT_FALSE(r.answer().accepted());
  AnswerReader odd;
  EXPECT_EQ(odd.feed(record(ContentType::alert, Bytes{2, 40, 1})).error().code, ErrorCode::decode_error);
}

TEST(AnswerReader, Sslv2ServerHello) {
  Bytes msg = {4, 0, 1, 0, 2, 0, 0, 0, 3, 0, 16, 1, 0, 0x80};
  msg.insert(msg.end(), 16, 0xCC);
  Bytes rec = {static_cast<uint8_t>(0x80 | (msg.size() >> 8)), static_cast<uint8_t>(msg.size())};
  rec.insert(rec.end(), msg.begin(), msg.end());
  AnswerReader r(true);
  auto done = r.feed(rec);
  ASSERT_TRUE(done.ok()) << done.error().to_string();
  EXPECT_TRUE(*done);
  ASSERT_TRUE(r.answer().sslv2);
  EXPECT_TRUE(r.answer().accepted());
  // Without the SSLv2 flag the same bytes are not TLS.
  AnswerReader tls;
  EXPECT_EQ(tls.feed(rec).error().code, ErrorCode::not_tls);
}

TEST(AnswerReader, Refusals) {
  AnswerReader http;
  EXPECT_EQ(http.feed(as_bytes("HTTP/1.1 400 Bad Request\r\n")).error().code, ErrorCode::not_tls);
  EXPECT_EQ(http.feed(Bytes{22}).error().code, ErrorCode::not_tls);  // sticky
  AnswerReader big;
  Bytes header = {22, 3, 3, 0x40, 0x01};  // 2^14 + 1
  EXPECT_EQ(big.feed(header).error().code, ErrorCode::record_overflow);
  AnswerReader empty;
  EXPECT_EQ(empty.feed(Bytes{22, 3, 3, 0, 0}).error().code, ErrorCode::decode_error);
  AnswerReader order;  // Certificate before the ServerHello
  EXPECT_EQ(order.feed(record(ContentType::handshake, handshake(HandshakeType::server_hello_done, {}))).error().code,
            ErrorCode::unexpected_message);
  AnswerReader twice;
  Bytes sh = handshake(HandshakeType::server_hello, test::server_hello_body(0x0303, static_cast<CipherSuite>(0x002F), {}, false));
  Bytes two = sh;
  two.insert(two.end(), sh.begin(), sh.end());
  EXPECT_EQ(twice.feed(record(ContentType::handshake, two)).error().code, ErrorCode::unexpected_message);
  AnswerReader app;
  EXPECT_EQ(app.feed(record(ContentType::application_data, Bytes{1})).error().code, ErrorCode::unexpected_message);
  AnswerReader major;
  EXPECT_EQ(major.feed(Bytes{22, 2, 0, 0, 1, 0}).error().code, ErrorCode::not_tls);
  // A handshake length over the message bound (wire/handshake_header.h).
  AnswerReader huge;
  EXPECT_FALSE(huge.feed(record(ContentType::handshake, Bytes{2, 0xFF, 0xFF, 0xFF})).ok());
  // HelloRequests (ignored, RFC 5246 §7.4.1.1) until the byte bound is hit.
  AnswerReader endless;
  Bytes hello_requests;
  for (int i = 0; i < 1000; ++i) {
    Bytes r = record(ContentType::handshake, handshake(HandshakeType::hello_request, {}));
    hello_requests.insert(hello_requests.end(), r.begin(), r.end());
  }
  Result<bool> last = false;
  for (size_t i = 0; i * hello_requests.size() <= kMaxAnswerBytes + hello_requests.size() && last.ok(); ++i)
    last = endless.feed(hello_requests);
  ASSERT_FALSE(last.ok());
  EXPECT_EQ(last.error().code, ErrorCode::limit_exceeded);
}

}  // namespace
}  // namespace tlskit::probe
