// Unit tests for the strict DER reader, PEM/base64 and time parsing.
#include <gtest/gtest.h>

#include "codec/der_reader.h"
#include "codec/pem.h"
#include "x509/certificate.h"

namespace tlskit {
namespace {

Bytes B(std::initializer_list<int> v) {
  Bytes b;
  for (int x : v) b.push_back(static_cast<uint8_t>(x));
  return b;
}

TEST(DerReader, ReadsNestedElementsAndRejectsTrailingGarbage) {
  Bytes d = B({0x30, 0x06, 0x02, 0x01, 0x05, 0x04, 0x01, 0xAA});
  der::Reader r(d), seq;
  ASSERT_TRUE(r.enter(der::kSequence, seq));
  uint64_t v = 0;
  ASSERT_TRUE(seq.read_uint64(v));
  EXPECT_EQ(v, 5u);
  ByteView os;
  ASSERT_TRUE(seq.read(der::kOctetString, os));
  EXPECT_EQ(os.size(), 1u);
  EXPECT_TRUE(seq.done());
  EXPECT_TRUE(r.done());
}

TEST(DerReader, RejectsNonMinimalAndIndefiniteLengths) {
  for (const Bytes& bad : {B({0x04, 0x81, 0x01, 0x00}),        // long form for a short length
                           B({0x04, 0x82, 0x00, 0x81, 0x00}),  // leading zero length byte
                           B({0x30, 0x80, 0x00, 0x00}),        // indefinite length
                           B({0x04, 0x05, 0x00}),              // length past the end
                           B({0x1F, 0x81, 0x01, 0x00}),        // high tag number form
                           B({0x04, 0x85, 0x01, 0x00, 0x00, 0x00, 0x00})}) {
    der::Reader r(bad);
    der::Element e;
    EXPECT_FALSE(r.next(e));
    EXPECT_TRUE(r.failed());
  }
}

TEST(DerReader, IntegersMustBeMinimal) {
  EXPECT_TRUE(der::valid_integer(B({0x00, 0x80})));
  EXPECT_FALSE(der::valid_integer(B({0x00, 0x7F})));
  EXPECT_FALSE(der::valid_integer(B({0xFF, 0x80})));
  EXPECT_FALSE(der::valid_integer(B({})));
  uint64_t v;
  EXPECT_FALSE(der::integer_to_uint64(B({0x80}), v));  // negative
  EXPECT_TRUE(der::integer_to_uint64(B({0x01, 0x00}), v));
  EXPECT_EQ(v, 256u);
}

TEST(DerReader, BooleansAreStrict) {
  Bytes t = B({0x01, 0x01, 0xFF}), odd = B({0x01, 0x01, 0x01});
  bool b = false;
  der::Reader r1(t), r2(odd);
  EXPECT_TRUE(r1.read_bool(b));
  EXPECT_TRUE(b);
  EXPECT_FALSE(r2.read_bool(b));
}

TEST(DerReader, OidsRoundTrip) {
  auto oid = der::oid_from_string("1.2.840.113549.1.1.11");
  ASSERT_TRUE(oid);
  EXPECT_EQ(to_hex(*oid), "2a864886f70d01010b");
  EXPECT_EQ(der::oid_to_string(*oid), "1.2.840.113549.1.1.11");
  EXPECT_FALSE(der::valid_oid(B({0x2A, 0x80, 0x01})));  // non-minimal arc
  EXPECT_FALSE(der::valid_oid(B({0x2A, 0x86})));        // truncated arc
  EXPECT_FALSE(der::oid_from_string("3.1"));
  EXPECT_FALSE(der::oid_from_string("1..2"));
}

TEST(DerReader, BitStringsRejectNonZeroPadding) {
  der::BitString bs;
  Bytes one_bit = B({0x07, 0x80});  // bs views into it
  EXPECT_TRUE(der::parse_bit_string(one_bit, bs));
  EXPECT_TRUE(bs.bit(0));
  EXPECT_FALSE(bs.bit(1));
  EXPECT_FALSE(der::parse_bit_string(B({0x07, 0x81}), bs));
  EXPECT_FALSE(der::parse_bit_string(B({0x08, 0x00}), bs));
  EXPECT_FALSE(der::parse_bit_string(B({0x01}), bs));
}

TEST(DerTime, UtcTimeWindowAndGeneralizedTime) {
  auto t = [](uint8_t tag, const char* s) { return der::parse_time(tag, as_bytes(s)); };
  EXPECT_EQ(*t(der::kUtcTime, "700101000000Z"), 0);
  EXPECT_EQ(*t(der::kUtcTime, "491231235959Z"), 2524607999);  // 2049
  EXPECT_EQ(*t(der::kUtcTime, "500101000000Z"), -631152000);  // 1950
  EXPECT_EQ(*t(der::kGeneralizedTime, "20500101000000Z"), 2524608000);
  EXPECT_EQ(*t(der::kGeneralizedTime, "20240229120000Z"), 1709208000);  // leap day
  EXPECT_FALSE(t(der::kGeneralizedTime, "20230229120000Z"));            // not a leap year
  EXPECT_FALSE(t(der::kUtcTime, "7001010000Z"));                        // no seconds
  EXPECT_FALSE(t(der::kUtcTime, "700101000000+0100"));
  EXPECT_FALSE(t(der::kGeneralizedTime, "20240101000000.5Z"));
  EXPECT_FALSE(t(der::kUtcTime, "701301000000Z"));
}

TEST(TimeText, ParsesIsoAndUnixForms) {
  EXPECT_EQ(*x509::parse_time_text("1970-01-02T00:00:00Z"), 86400);
  EXPECT_EQ(*x509::parse_time_text("2011-04-15T00:00:00Z"), 1302825600);
  EXPECT_EQ(*x509::parse_time_text("2023-07-10T00:00:00+00:00"), 1688947200);
  EXPECT_EQ(*x509::parse_time_text("@1700000000"), 1700000000);
  EXPECT_FALSE(x509::parse_time_text("yesterday"));
  EXPECT_EQ(x509::format_time_openssl(1709208000), "Feb 29 12:00:00 2024 GMT");
  EXPECT_EQ(x509::format_time_openssl(1709251200), "Mar  1 00:00:00 2024 GMT");
  EXPECT_EQ(x509::format_time_iso(0), "1970-01-01T00:00:00Z");
}

TEST(Base64, RoundTripsAndRejectsBadInput) {
  Bytes data = B({0, 1, 2, 250, 251, 252, 253});
  for (size_t n = 0; n <= data.size(); ++n) {
    ByteView v(data.data(), n);
    auto back = base64_decode(base64_encode(v));
    ASSERT_TRUE(back) << n;
    EXPECT_EQ(*back, Bytes(v.begin(), v.end()));
  }
  EXPECT_EQ(base64_encode(as_bytes("foobar")), "Zm9vYmFy");
  EXPECT_TRUE(base64_decode(" Zm9v\nYmFy\r\n"));
  EXPECT_FALSE(base64_decode("Zm9vY"));
  EXPECT_FALSE(base64_decode("Zm9v!mFy"));
  EXPECT_FALSE(base64_decode("Zg==Zm9v"));
  EXPECT_FALSE(base64_decode("Zh=="));  // non-zero padding bits
}

TEST(Pem, DecodesBundlesWithTextAndReportsErrors) {
  std::string text = "junk before\n" + pem_encode("CERTIFICATE", as_bytes("abc")) + "between\n" +
                     pem_encode("X509 CRL", as_bytes("defg"));
  auto blocks = pem_decode_all(text);
  ASSERT_TRUE(blocks);
  ASSERT_EQ(blocks->size(), 2u);
  EXPECT_EQ((*blocks)[0].label, "CERTIFICATE");
  EXPECT_EQ((*blocks)[1].der, Bytes({'d', 'e', 'f', 'g'}));
  auto none = pem_decode_all("no pem here");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
  auto mismatch = pem_decode_all("-----BEGIN A-----\nYWJj\n-----END B-----\n");
  ASSERT_FALSE(mismatch);
  EXPECT_NE(mismatch.error().detail.find("ends with 'B'"), std::string::npos);
  auto open = pem_decode_all("-----BEGIN A-----\nYWJj\n");
  ASSERT_FALSE(open);
  EXPECT_NE(open.error().detail.find("no END"), std::string::npos);
  auto bad = pem_decode_all("-----BEGIN A-----\nY$Jj\n-----END A-----\n");
  EXPECT_FALSE(bad);
  auto crlf = pem_decode_all("-----BEGIN A-----\r\nYWJj\r\n-----END A-----\r\n");
  ASSERT_TRUE(crlf);
  EXPECT_EQ((*crlf)[0].der, Bytes({'a', 'b', 'c'}));
}

TEST(CertificateParse, MalformedInputGivesClearErrors) {
  auto r = x509::Certificate::parse(B({0x30, 0x03, 0x02, 0x01, 0x01}));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().detail.find("certificate:"), std::string::npos);
  EXPECT_FALSE(x509::Certificate::parse(B({})));
  EXPECT_FALSE(x509::parse_certificates(
      as_bytes("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")));
}

}  // namespace
}  // namespace tlskit
