// The shared STARTTLS module's binary replies (LDAP ExtendedResponse, MySQL greeting) and names.
#include <gtest/gtest.h>

#include "starttls/starttls.h"

namespace tlskit::tools {
namespace {

TEST(StartTlsShared, NamesAndPorts) {
  for (const char* n : {"smtp", "imap", "pop3", "ftp", "xmpp", "ldap", "postgres", "mysql"}) {
    auto p = parse_starttls(n);
    ASSERT_TRUE(p) << n;
    EXPECT_STREQ(starttls_name(*p), n);
  }
  EXPECT_FALSE(parse_starttls("smtps"));
  EXPECT_EQ(starttls_default_port(StartTls::ldap), 389);
  EXPECT_EQ(starttls_default_port(StartTls::mysql), 3306);
  EXPECT_EQ(starttls_default_port(StartTls::xmpp), 5222);
}

TEST(StartTlsShared, LdapExtendedResponse) {
  // LDAPMessage { messageID 1, extendedResp [APPLICATION 24] { resultCode success, matchedDN "", diagnosticMessage "" } }
  std::string ok("\x30\x0c\x02\x01\x01\x78\x07\x0a\x01\x00\x04\x00\x04\x00", 14);
  EXPECT_EQ(parse_ldap_extended_result(ok), 0);
  std::string refused = ok;
  refused[9] = 2;  // protocolError
  EXPECT_EQ(parse_ldap_extended_result(refused), 2);
  EXPECT_EQ(parse_ldap_extended_result("HTTP/1.1 400"), std::nullopt);
  EXPECT_EQ(parse_ldap_extended_result(std::string("\x30\x84", 2)), std::nullopt);
  EXPECT_EQ(parse_ldap_extended_result(ok.substr(0, 8)), std::nullopt);
}

TEST(StartTlsShared, MysqlGreeting) {
  std::string g;
  g += '\x0a';
  g += "8.0.36";
  g += '\0';
  g += std::string("\x01\x00\x00\x00", 4);  // thread id
  g += std::string(8, 'a');                 // auth data
  g += '\0';                                // filler
  g += std::string("\x00\x0a", 2);          // capabilities low: CLIENT_SSL (0x0800) | PROTOCOL_41 (0x0200)
  g += '\x21';
  g += std::string("\x02\x00", 2);
  g += std::string("\xff\x01", 2);          // capabilities high
  auto caps = parse_mysql_capabilities(g);
  ASSERT_TRUE(caps);
  EXPECT_TRUE(*caps & 0x0800);
  EXPECT_EQ(*caps >> 16, 0x01ffu);
  EXPECT_FALSE(parse_mysql_capabilities("\x09garbage"));
  EXPECT_FALSE(parse_mysql_capabilities(std::string("\x0a" "8.0", 4)));
}

}  // namespace
}  // namespace tlskit::tools
