// RFC 8879 on the wire: the compress_certificate extension (§3) and the CompressedCertificate
// message (§4): exact bytes, round trips, every truncation and length rule, placement, and
// describe().
#include <gtest/gtest.h>

#include "wire_test_util.h"

namespace tlskit {
namespace {

using namespace wire_test;

void expect_decode_error(const Result<CompressCertificate>& r) {
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::decode_error) << r.error().to_string();
  EXPECT_EQ(r.error().alert, Alert::decode_error);
  EXPECT_EQ(r.error().party, Party::peer);
}

TEST(CompressCertificateExt, ExactBytesAndRoundTrip) {
  CompressCertificate v{{CertCompressionAlgorithm::brotli, CertCompressionAlgorithm::zstd,
                         CertCompressionAlgorithm::zlib}};
  Bytes d = build([&](ByteWriter& w) { write_compress_certificate(v, w); });
  EXPECT_EQ(to_hex(d), "06000200030001");
  auto p = parse_compress_certificate(d);
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_EQ(*p, v);
  EXPECT_TRUE(p->contains(CertCompressionAlgorithm::zlib));
  Extension e = to_extension(v);
  EXPECT_EQ(e.type, ExtensionType::compress_certificate);
  EXPECT_EQ(to_hex(e.body()), "06000200030001");
}

TEST(CompressCertificateExt, UnknownValuesAreKept) {
  auto p = parse_compress_certificate(hex("0412340002"));
  ASSERT_TRUE(p);
  ASSERT_EQ(p->algorithms.size(), 2u);
  EXPECT_EQ(static_cast<uint16_t>(p->algorithms[0]), 0x1234);
  EXPECT_EQ(p->algorithms[1], CertCompressionAlgorithm::brotli);
}

TEST(CompressCertificateExt, LengthRules) {
  expect_decode_error(parse_compress_certificate({}));            // no length byte
  expect_decode_error(parse_compress_certificate(hex("00")));     // empty list (<2..2^8-2>)
  expect_decode_error(parse_compress_certificate(hex("0100")));   // odd length
  expect_decode_error(parse_compress_certificate(hex("03000200")));  // odd length
  expect_decode_error(parse_compress_certificate(hex("04000200")));  // short by one byte
  expect_decode_error(parse_compress_certificate(hex("020002ff")));  // trailing byte
  // Every truncation of a valid value.
  Bytes d = hex("06000200030001");
  for (size_t n = 0; n < d.size(); ++n)
    EXPECT_FALSE(parse_compress_certificate(ByteView(d).first(n))) << n;
}

TEST(CompressCertificateExt, AllowedInClientHelloAndCertificateRequestOnly) {
  ExtensionList l;
  l.add(to_extension(CompressCertificate{{CertCompressionAlgorithm::zlib}}));
  EXPECT_TRUE(check_extension_rules(l, ExtensionContext::client_hello, Step::client_hello));
  EXPECT_TRUE(check_extension_rules(l, ExtensionContext::certificate_request, Step::none));
  EXPECT_FALSE(check_extension_rules(l, ExtensionContext::encrypted_extensions, Step::none));
  EXPECT_FALSE(check_extension_rules(l, ExtensionContext::server_hello, Step::none));
}

Bytes sample_message() {
  static const Bytes data = hex("0102030405060708090a");
  return build([&](ByteWriter& w) {
    write_compressed_certificate({CertCompressionAlgorithm::zstd, 0x012345, data}, w);
  });
}

TEST(CompressedCertificateMsg, ExactBytesAndRoundTrip) {
  Bytes m = sample_message();
  // type 25, length 18; algorithm 3, uncompressed_length 0x012345, 10 bytes of data.
  EXPECT_EQ(to_hex(m), "19000012" "0003" "012345" "00000a" "0102030405060708090a");
  auto p = parse_compressed_certificate(body_of(m));
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_EQ(p->algorithm, CertCompressionAlgorithm::zstd);
  EXPECT_EQ(p->uncompressed_length, 0x012345u);
  EXPECT_EQ(to_hex(p->compressed_certificate_message), "0102030405060708090a");
  auto again = reserialize(HandshakeType::compressed_certificate, body_of(m), true);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, m);
}

TEST(CompressedCertificateMsg, EveryTruncationAndLengthRule) {
  Bytes m = sample_message();
  ByteView body = body_of(m);
  for (size_t n = 0; n < body.size(); ++n) {
    auto r = parse_compressed_certificate(body.first(n), Step::client_certificate);
    ASSERT_FALSE(r) << "prefix " << n;
    EXPECT_EQ(r.error().code, ErrorCode::decode_error);
    EXPECT_EQ(r.error().alert, Alert::decode_error);
    EXPECT_EQ(r.error().step, Step::client_certificate);
  }
  Bytes trailing(body.begin(), body.end());
  trailing.push_back(0);
  EXPECT_FALSE(parse_compressed_certificate(trailing));
  // RFC 8879 §4: compressed_certificate_message<1..2^24-1>: empty is refused.
  EXPECT_FALSE(parse_compressed_certificate(hex("0002" "000100" "000000")));
  EXPECT_TRUE(parse_compressed_certificate(hex("0002" "000100" "000001" "ff")));
}

TEST(CompressedCertificateMsg, NamesStepAndDescribe) {
  EXPECT_EQ(handshake_type_name(HandshakeType::compressed_certificate), "compressed_certificate");
  EXPECT_STREQ(message_name(HandshakeType::compressed_certificate, {}), "CompressedCertificate");
  EXPECT_EQ(handshake_step(HandshakeType::compressed_certificate, true), Step::server_certificate);
  EXPECT_EQ(handshake_step(HandshakeType::compressed_certificate, false), Step::client_certificate);
  EXPECT_EQ(max_handshake_body_size(HandshakeType::compressed_certificate),
            kMaxCertificateMessageSize);
  auto d = describe_handshake_message(sample_message(), ProtocolVersion::tls1_3);
  EXPECT_EQ(d.name, "CompressedCertificate");
  EXPECT_TRUE(d.parse_error.empty()) << d.parse_error;
  std::string all;
  for (const auto& f : d.fields) all += f.name + "=" + f.value + ";";
  EXPECT_NE(all.find("algorithm=zstd"), std::string::npos) << all;
  EXPECT_NE(all.find("uncompressed_length=74565"), std::string::npos) << all;
  EXPECT_EQ(cert_compression_name(CertCompressionAlgorithm::brotli), "brotli");
}

}  // namespace
}  // namespace tlskit
