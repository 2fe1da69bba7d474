// Tests of src/probe/sslv2: the CLIENT-HELLO byte for byte, record headers, and the strict
// SERVER-HELLO / ERROR parser (every truncation, bad lengths, the session-id-hit rule).
#include <gtest/gtest.h>

#include "codec/byte_writer.h"
#include "probe/sslv2.h"

namespace tlskit::probe {
namespace {

Bytes server_hello(bool hit, size_t cert, size_t specs, size_t cid) {
  Bytes out;
  ByteWriter w(out);
  w.u8(kSslv2MsgServerHello);
  w.u8(hit ? 1 : 0);
  w.u8(1);
  w.u16(kSslv2Version);
  w.u16(static_cast<uint16_t>(cert));
  w.u16(static_cast<uint16_t>(specs * 3));
  w.u16(static_cast<uint16_t>(cid));
  w.bytes(Bytes(cert, 0x30));
  for (size_t i = 0; i < specs; ++i) {
    w.u8(static_cast<uint8_t>(i + 1));
    w.u16(0x0080);
  }
  w.bytes(Bytes(cid, 0xCC));
  return out;
}

TEST(Sslv2, ClientHelloBytes) {
  Bytes challenge(16, 0xAB);
  std::vector<uint32_t> specs = {0x010080, 0x0700C0};
  auto b = build_sslv2_client_hello(specs, challenge);
  ASSERT_TRUE(b.ok());
  auto expected = from_hex(
      "801f"            // 2-byte header, 31 bytes
      "01" "0002"       // CLIENT-HELLO, version 2
      "0006" "0000" "0010"
      "010080" "0700c0"
      "abababababababababababababababab");
  ASSERT_TRUE(expected.ok());
  EXPECT_EQ(*b, *expected);
  auto h = parse_sslv2_record_header(*b);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->header_size, 2u);
  EXPECT_EQ(h->length, 31u);
  EXPECT_FALSE(build_sslv2_client_hello({}, challenge).ok());
  EXPECT_FALSE(build_sslv2_client_hello(specs, Bytes(15)).ok());
  EXPECT_FALSE(build_sslv2_client_hello(specs, Bytes(33)).ok());
  EXPECT_EQ(sslv2_cipher_name(0x0700C0), "SSL_CK_DES_192_EDE3_CBC_WITH_MD5");
  EXPECT_EQ(sslv2_cipher_name(0x123456), "0x123456");
  EXPECT_EQ(sslv2_cipher_kinds().size(), 7u);
}

TEST(Sslv2, RecordHeaders) {
  EXPECT_FALSE(parse_sslv2_record_header(Bytes{0x80}));
  EXPECT_FALSE(parse_sslv2_record_header(Bytes{0x01, 0x02}));  // 3-byte form needs 3
  auto h = parse_sslv2_record_header(Bytes{0x01, 0x02, 0x05});
  ASSERT_TRUE(h);
  EXPECT_EQ(h->header_size, 3u);
  EXPECT_EQ(h->length, 0x102u);
  EXPECT_EQ(h->padding, 5);
}

TEST(Sslv2, ServerHelloParses) {
  Bytes b = server_hello(false, 300, 2, 16);
  auto a = parse_sslv2_server_message(b);
  ASSERT_TRUE(a.ok()) << a.error().to_string();
  ASSERT_TRUE(a->server_hello);
  EXPECT_EQ(a->server_hello->certificate.size(), 300u);
  EXPECT_EQ(a->server_hello->cipher_specs, (std::vector<uint32_t>{0x010080, 0x020080}));
  EXPECT_EQ(a->server_hello->connection_id.size(), 16u);
  EXPECT_EQ(a->server_hello->version, kSslv2Version);
  for (size_t n = 0; n < b.size(); ++n) EXPECT_FALSE(parse_sslv2_server_message(ByteView(b).first(n)).ok()) << n;
  Bytes trailing = b;
  trailing.push_back(0);
  EXPECT_FALSE(parse_sslv2_server_message(trailing).ok());
}

TEST(Sslv2, ServerHelloRefusals) {
  EXPECT_FALSE(parse_sslv2_server_message(server_hello(false, 10, 1, 15)).ok());  // cid < 16
  EXPECT_FALSE(parse_sslv2_server_message(server_hello(false, 10, 1, 33)).ok());  // cid > 32
  EXPECT_FALSE(parse_sslv2_server_message(server_hello(false, 10, 0, 16)).ok());  // no cipher
  auto hit = parse_sslv2_server_message(server_hello(true, 10, 1, 16));
  ASSERT_FALSE(hit.ok());
  EXPECT_EQ(hit.error().code, ErrorCode::illegal_parameter);
  EXPECT_TRUE(parse_sslv2_server_message(server_hello(true, 0, 0, 16)).ok());
  Bytes odd = server_hello(false, 10, 1, 16);
  odd[8] = 4;  // cipher_specs length 4: not a multiple of 3
  EXPECT_FALSE(parse_sslv2_server_message(odd).ok());
  Bytes other = server_hello(false, 10, 1, 16);
  other[0] = 7;
  EXPECT_FALSE(parse_sslv2_server_message(other).ok());
}

TEST(Sslv2, ErrorMessage) {
  auto a = parse_sslv2_server_message(Bytes{0, 0, 1});
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->error_code, 1);
  EXPECT_FALSE(a->server_hello);
  EXPECT_FALSE(parse_sslv2_server_message(Bytes{0, 0}).ok());
  EXPECT_FALSE(parse_sslv2_server_message(Bytes{0, 0, 1, 2}).ok());
  EXPECT_FALSE(parse_sslv2_server_message(Bytes{}).ok());
}

}  // namespace
}  // namespace tlskit::probe
