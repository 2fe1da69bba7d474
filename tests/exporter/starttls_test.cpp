// STARTTLS exchanges against scripted in-memory servers: success, refusal, garbage, bounds.
#include <gtest/gtest.h>

#include <cstring>

#include "base/clock.h"
#include "starttls/starttls.h"

namespace tlskit::tools::exporter {
namespace {

// A transport that plays back a server's bytes and records what the client wrote.
class ScriptTransport final : public Transport {
 public:
  explicit ScriptTransport(std::string server) : server_(std::move(server)) {}
  Result<size_t> read(MutableByteView out, int) override {
    if (pos_ >= server_.size()) {
      if (hang_) return make_error(ErrorCode::timeout, Alert::none, Party::network, Step::none, "timed out");
      return size_t{0};
    }
    size_t n = std::min(out.size(), server_.size() - pos_);
    std::memcpy(out.data(), server_.data() + pos_, n);
    pos_ += n;
    return n;
  }
  Result<void> write(ByteView data, int) override {
    written.append(reinterpret_cast<const char*>(data.data()), data.size());
    return ok();
  }
  std::string written;
  bool hang_ = false;
  size_t pos_ = 0;

 private:
  std::string server_;
};

Result<void> run(StartTls p, ScriptTransport& t) {
  FixedClock clock(1800000000, 0);  // the deadline is never reached
  return run_starttls(p, t, clock, 10'000'000);
}

TEST(StartTls, NumericReplies) {
  EXPECT_EQ(parse_numeric_reply("250-SIZE")->code, 250);
  EXPECT_FALSE(parse_numeric_reply("250-SIZE")->last);
  EXPECT_TRUE(parse_numeric_reply("220 ready")->last);
  EXPECT_TRUE(parse_numeric_reply("220")->last);
  EXPECT_FALSE(parse_numeric_reply("22"));
  EXPECT_FALSE(parse_numeric_reply("2x0 hi"));
  EXPECT_FALSE(parse_numeric_reply("220xhi"));
}

TEST(StartTls, Smtp) {
  const std::string replies =
      "220-mx.example ESMTP\r\n220 more\r\n250-mx.example\r\n250-STARTTLS\r\n250 SIZE 1\r\n220 go ahead\r\n";
  ScriptTransport t(replies + "\x16\x03");  // what follows the reply is left for TLS
  auto r = run(StartTls::smtp, t);
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(t.written, "EHLO tlskit\r\nSTARTTLS\r\n");
  EXPECT_EQ(t.pos_, replies.size());
}

TEST(StartTls, SmtpRefused) {
  ScriptTransport t("220 mx\r\n250 mx\r\n502 5.5.1 not offered\r\n");
  auto r = run(StartTls::smtp, t);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::not_tls);
  EXPECT_EQ(r.error().detail, "STARTTLS (smtp): STARTTLS was answered with '502 5.5.1 not offered' (not offered?)");
}

TEST(StartTls, GarbageAndEof) {
  ScriptTransport http("HTTP/1.1 400 Bad Request\r\n\r\n");
  auto r = run(StartTls::smtp, http);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::not_tls);
  EXPECT_NE(r.error().detail.find("does not speak smtp: it sent 'HTTP/1.1 400 Bad Request'"), std::string::npos);
  ScriptTransport bin(std::string("\x16\x03\x03\x00\x02\x02\x28", 7));
  auto b = run(StartTls::imap, bin);
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().code, ErrorCode::peer_closed);
  EXPECT_NE(b.error().detail.find("\\x16\\x03"), std::string::npos) << b.error().detail;
  ScriptTransport eof("");
  auto e = run(StartTls::pop3, eof);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, ErrorCode::peer_closed);
  ScriptTransport silent("");
  silent.hang_ = true;
  auto s = run(StartTls::ftp, silent);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::timeout);
}

TEST(StartTls, Bounds) {
  ScriptTransport longline(std::string(kMaxReplyLine + 10, 'a'));
  auto r = run(StartTls::pop3, longline);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().detail.find("longer than 4096 bytes"), std::string::npos);
  std::string many;
  for (int i = 0; i < kMaxReplyLines + 5; ++i) many += "220-x\r\n";
  ScriptTransport endless(many);
  auto m = run(StartTls::smtp, endless);
  ASSERT_FALSE(m);
  EXPECT_NE(m.error().detail.find("more than 64"), std::string::npos) << m.error().detail;
}

TEST(StartTls, ImapPop3FtpPostgres) {
  ScriptTransport imap("* OK IMAP ready\r\n* CAPABILITY x\r\na1 OK begin TLS\r\n");
  EXPECT_TRUE(run(StartTls::imap, imap));
  EXPECT_EQ(imap.written, "a1 STARTTLS\r\n");
  ScriptTransport imap_no("* OK IMAP ready\r\na1 NO no tls\r\n");
  EXPECT_FALSE(run(StartTls::imap, imap_no));
  ScriptTransport pop("+OK hi\r\n+OK begin\r\n");
  EXPECT_TRUE(run(StartTls::pop3, pop));
  EXPECT_EQ(pop.written, "STLS\r\n");
  ScriptTransport ftp("220 ftp\r\n234 AUTH TLS ok\r\n");
  EXPECT_TRUE(run(StartTls::ftp, ftp));
  EXPECT_EQ(ftp.written, "AUTH TLS\r\n");
  ScriptTransport pg("S");
  EXPECT_TRUE(run(StartTls::postgres, pg));
  EXPECT_EQ(pg.written, std::string("\x00\x00\x00\x08\x04\xd2\x16\x2f", 8));
  ScriptTransport pg_no("N");
  auto n = run(StartTls::postgres, pg_no);
  ASSERT_FALSE(n);
  EXPECT_NE(n.error().detail.find("answered 'N'"), std::string::npos);
}

TEST(StartTls, XmppLdapMysql) {
  ScriptTransport xmpp(
      "<?xml version='1.0'?><stream:stream xmlns='jabber:client' id='1' version='1.0'>"
      "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>"
      "</stream:features><proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
  FixedClock clock(1800000000, 0);
  auto x = run_starttls(StartTls::xmpp, xmpp, clock, 10'000'000, "mail.example");
  EXPECT_TRUE(x) << (x ? "" : x.error().detail);
  EXPECT_NE(xmpp.written.find("to='mail.example'"), std::string::npos) << xmpp.written;
  EXPECT_NE(xmpp.written.find("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"), std::string::npos);
  ScriptTransport xmpp_no("<stream:stream><stream:features><mechanisms/></stream:features>");
  auto xn = run(StartTls::xmpp, xmpp_no);
  ASSERT_FALSE(xn);
  EXPECT_NE(xn.error().detail.find("does not offer STARTTLS"), std::string::npos) << xn.error().detail;
  // LDAP: ExtendedResponse success, then protocolError.
  ScriptTransport ldap(std::string("\x30\x0c\x02\x01\x01\x78\x07\x0a\x01\x00\x04\x00\x04\x00", 14));
  EXPECT_TRUE(run(StartTls::ldap, ldap));
  EXPECT_EQ(ldap.written.size(), 31u);  // 30 1d 02 01 01 77 18 80 16 "1.3.6.1.4.1.1466.20037"
  EXPECT_NE(ldap.written.find("1.3.6.1.4.1.1466.20037"), std::string::npos);
  ScriptTransport ldap_no(std::string("\x30\x0c\x02\x01\x01\x78\x07\x0a\x01\x02\x04\x00\x04\x00", 14));
  auto ln = run(StartTls::ldap, ldap_no);
  ASSERT_FALSE(ln);
  EXPECT_NE(ln.error().detail.find("resultCode 2"), std::string::npos) << ln.error().detail;
  // MySQL: a greeting with CLIENT_SSL, then our 32-byte SSLRequest with sequence id 1.
  std::string g = std::string("\x0a", 1) + "8.0.36" + std::string(1, '\0') + std::string("\x01\0\0\0", 4) +
                  std::string(8, 'a') + std::string(1, '\0') + std::string("\x00\x0a", 2) + "\x21" +
                  std::string("\x02\0", 2) + std::string("\xff\x01", 2);
  std::string pkt = std::string(1, static_cast<char>(g.size())) + std::string("\0\0\0", 3) + g;
  ScriptTransport my(pkt);
  auto m = run(StartTls::mysql, my);
  EXPECT_TRUE(m) << (m ? "" : m.error().detail);
  ASSERT_EQ(my.written.size(), 36u);
  EXPECT_EQ(my.written.substr(0, 4), std::string("\x20\0\0\x01", 4));
  std::string g_nossl = g;
  g_nossl[g.find("aaaaaaaa") + 9] = 0x00;
  g_nossl[g.find("aaaaaaaa") + 10] = 0x02;  // PROTOCOL_41 only
  ScriptTransport my_no(std::string(1, static_cast<char>(g.size())) + std::string("\0\0\0", 3) + g_nossl);
  auto mn = run(StartTls::mysql, my_no);
  ASSERT_FALSE(mn);
  EXPECT_NE(mn.error().detail.find("CLIENT_SSL"), std::string::npos) << mn.error().detail;
}

}  // namespace
}  // namespace tlskit::tools::exporter
