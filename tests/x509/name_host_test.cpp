// Unit tests for names, host name matching, IP parsing and name-constraint matchers.
#include <gtest/gtest.h>

#include "x509/hostname.h"
#include "x509/name_constraints.h"
#include "x509/trust_store.h"

namespace tlskit::x509 {
namespace {

std::string data(const std::string& f) {
  return std::string(TLSKIT_SOURCE_DIR) + "/tests/x509/data/" + f;
}

CertPtr load(const std::string& f) {
  auto bytes = read_file_bytes(data(f));
  EXPECT_TRUE(bytes);
  auto certs = parse_certificates(*bytes);
  EXPECT_TRUE(certs);
  return certs->front();
}

TEST(Names, OnelineMatchesOpenSsl) {
  auto leaf = load("leaf.pem");
  EXPECT_EQ(leaf->subject_line(), "C = US, O = tlskit tests, CN = www.example.test");
  EXPECT_EQ(leaf->issuer_line(), "C = US, O = tlskit tests, CN = tlskit Test Intermediate");
}

TEST(Names, ComparisonFoldsCaseAndSpacesOnly) {
  // Two names built by hand: PrintableString "Example  Org" vs UTF8String "example org".
  Bytes a = {0x30, 0x17, 0x31, 0x15, 0x30, 0x13, 0x06, 0x03, 0x55, 0x04, 0x0A, 0x13, 0x0C,
             'E',  'x',  'a',  'm',  'p',  'l',  'e',  ' ',  ' ',  'O',  'r',  'g'};
  Bytes b = {0x30, 0x16, 0x31, 0x14, 0x30, 0x12, 0x06, 0x03, 0x55, 0x04, 0x0A, 0x0C,
             0x0B, 'e',  'x',  'a',  'm',  'p',  'l',  'e',  ' ',  'o',  'r',  'g'};
  Bytes c = {0x30, 0x16, 0x31, 0x14, 0x30, 0x12, 0x06, 0x03, 0x55, 0x04, 0x0B, 0x0C,
             0x0B, 'e',  'x',  'a',  'm',  'p',  'l',  'e',  ' ',  'o',  'r',  'g'};
  auto na = parse_name(a), nb = parse_name(b), nc = parse_name(c);
  ASSERT_TRUE(na && nb && nc);
  EXPECT_TRUE(na->matches(*nb));
  EXPECT_FALSE(na->matches(*nc));  // different attribute type
  EXPECT_EQ(na->oneline(), "O = Example  Org");
}

TEST(Names, EscapesLikeOpenSsl) {
  Bytes n = {0x30, 0x14, 0x31, 0x12, 0x30, 0x10, 0x06, 0x03, 0x55, 0x04, 0x03,
             0x0C, 0x09, 'a',  ',',  'b',  '"',  0xC3, 0xA9, '\\', 'x',  'y'};
  auto name = parse_name(n);
  ASSERT_TRUE(name);
  EXPECT_EQ(name->oneline(), "CN = \"a,b\\\"\\C3\\A9\\\\xy\"");
}

TEST(Hostname, WildcardRulesPerRfc6125) {
  EXPECT_TRUE(dns_name_matches("*.example.com", "api.example.com"));
  EXPECT_TRUE(dns_name_matches("*.example.com", "API.Example.COM."));
  EXPECT_FALSE(dns_name_matches("*.example.com", "v1.api.example.com"));
  EXPECT_FALSE(dns_name_matches("*.example.com", "example.com"));
  EXPECT_FALSE(dns_name_matches("*.com", "example.com"));
  EXPECT_FALSE(dns_name_matches("f*.example.com", "foo.example.com"));
  EXPECT_FALSE(dns_name_matches("api.*.com", "api.example.com"));
  EXPECT_FALSE(dns_name_matches("*.example.com", ".example.com"));
  EXPECT_TRUE(dns_name_matches("www.example.com", "WWW.EXAMPLE.COM"));
  EXPECT_FALSE(dns_name_matches("www.example.com", "www.example.co"));
}

TEST(Hostname, CertificateSansAndIps) {
  auto leaf = load("leaf.pem");
  EXPECT_TRUE(check_host(*leaf, "www.example.test").matched);
  EXPECT_TRUE(check_host(*leaf, "x.api.example.test").matched);
  EXPECT_FALSE(check_host(*leaf, "api.example.test").matched);
  EXPECT_FALSE(check_host(*leaf, "example.test").matched);
  auto ip = check_host(*leaf, "192.0.2.10");
  EXPECT_TRUE(ip.matched);
  EXPECT_TRUE(ip.is_ip);
  EXPECT_TRUE(check_host(*leaf, "[2001:db8::10]").matched);
  EXPECT_FALSE(check_host(*leaf, "192.0.2.11").matched);
  // The subject CN is www.example.test, but SANs exist: the CN is never used then.
  auto self = load("ed25519.pem");  // no SAN, CN = ed25519.example.test
  EXPECT_FALSE(check_host(*self, "ed25519.example.test").matched);
  EXPECT_TRUE(check_host(*self, "ed25519.example.test", true).matched);
  EXPECT_TRUE(check_email(*leaf, "ops@EXAMPLE.test"));
  EXPECT_FALSE(check_email(*leaf, "Ops@example.test"));
}

TEST(IpAddresses, ParseAndPrint) {
  EXPECT_EQ(parse_ip_address("192.0.2.1"), Bytes({192, 0, 2, 1}));
  EXPECT_FALSE(parse_ip_address("192.0.2"));
  EXPECT_FALSE(parse_ip_address("192.0.2.256"));
  EXPECT_FALSE(parse_ip_address("01.2.3.4"));
  EXPECT_FALSE(parse_ip_address("example.com"));
  auto v6 = parse_ip_address("2001:db8::1");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->size(), 16u);
  EXPECT_EQ(ip_to_string(*v6), "2001:db8::1");
  EXPECT_EQ(ip_to_string(*parse_ip_address("::")), "::");
  EXPECT_EQ(ip_to_string(*parse_ip_address("::ffff:192.0.2.1")), "::ffff:c000:201");
  EXPECT_FALSE(parse_ip_address("1::2::3"));
  EXPECT_FALSE(parse_ip_address("1:2:3:4:5:6:7:8:9"));
}

TEST(NameConstraints, WildcardAgainstExcludedName) {
  // A leaf with SAN *.api.example.test checked against a CA excluding secret.api.example.test.
  auto leaf = load("leaf.pem");
  NameConstraints nc;
  std::string excluded = "secret.api.example.test";
  nc.excluded.push_back(GeneralName{GeneralNameType::dns, as_bytes(excluded)});
  EXPECT_EQ(check_name_constraints(*leaf, nc).code, 48);
  NameConstraints ok;
  std::string other = "other.example.test";
  ok.excluded.push_back(GeneralName{GeneralNameType::dns, as_bytes(other)});
  EXPECT_EQ(check_name_constraints(*leaf, ok).code, 0);
  NameConstraints permitted;
  std::string zone = "example.test";
  permitted.permitted.push_back(GeneralName{GeneralNameType::dns, as_bytes(zone)});
  EXPECT_EQ(check_name_constraints(*leaf, permitted).code, 0);
  NameConstraints narrow;
  std::string www = "www.example.test";
  narrow.permitted.push_back(GeneralName{GeneralNameType::dns, as_bytes(www)});
  auto r = check_name_constraints(*leaf, narrow);
  EXPECT_EQ(r.code, 47);
  EXPECT_NE(r.detail.find("*.api.example.test"), std::string::npos);
}

TEST(NameConstraints, Matchers) {
  EXPECT_TRUE(dns_in_subtree("example.com", "example.com"));
  EXPECT_TRUE(dns_in_subtree("a.b.example.com", "example.com"));
  EXPECT_FALSE(dns_in_subtree("badexample.com", "example.com"));
  EXPECT_FALSE(dns_in_subtree("example.com", ".example.com"));
  EXPECT_TRUE(dns_in_subtree("x.example.com", ".example.com"));
  EXPECT_TRUE(dns_in_subtree("anything", ""));
  EXPECT_TRUE(email_in_subtree("a@example.com", "example.com"));
  EXPECT_FALSE(email_in_subtree("a@sub.example.com", "example.com"));
  EXPECT_TRUE(email_in_subtree("a@sub.example.com", ".example.com"));
  EXPECT_TRUE(email_in_subtree("a@Example.com", "a@example.com"));
  EXPECT_FALSE(email_in_subtree("b@example.com", "a@example.com"));
  EXPECT_TRUE(uri_in_subtree("https://host.example.com:8443/x", "host.example.com"));
  EXPECT_FALSE(uri_in_subtree("https://other.example.com/", "host.example.com"));
  EXPECT_TRUE(uri_in_subtree("ldap://a.example.com/", ".example.com"));
  EXPECT_FALSE(uri_in_subtree("urn:isbn:123", ".example.com"));
  Bytes net = {192, 168, 0, 0, 255, 255, 0, 0};
  EXPECT_TRUE(ip_in_subtree(Bytes({192, 168, 7, 9}), net));
  EXPECT_FALSE(ip_in_subtree(Bytes({192, 169, 7, 9}), net));
  EXPECT_FALSE(ip_in_subtree(Bytes(16, 0), net));  // IPv6 address vs IPv4 constraint
}

}  // namespace
}  // namespace tlskit::x509
