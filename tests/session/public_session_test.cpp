// tlskit::Session: binary and PEM round trips, refusal of other PEM blocks.
#include <gtest/gtest.h>

#include "tlskit/session.h"
#include "session/session_access.h"

namespace tlskit {
namespace {

session::ClientSession sample() {
  session::ClientSession c;
  c.state.version = ProtocolVersion::tls1_2;
  c.state.suite = CipherSuite::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256;
  c.state.secret = SecretBytes(Bytes(48, 0x3C));
  c.state.extended_master_secret = true;
  c.state.created = 1700000000;
  c.state.server_name = "svc.example";
  c.state.alpn = "http/1.1";
  c.ticket = Bytes(64, 0xA5);
  c.ticket_lifetime = 300;
  c.received = 1700000001;
  return c;
}

TEST(PublicSession, PemRoundTrip) {
  Session s(sample());
  auto pem = s.to_pem();
  ASSERT_TRUE(pem.ok());
  EXPECT_EQ(pem->rfind("-----BEGIN TLSKIT SESSION-----", 0), 0u);
  auto back = Session::from_pem("some text before\n" + *pem);
  ASSERT_TRUE(back.ok()) << back.error().to_string();
  EXPECT_EQ(back->version(), ProtocolVersion::tls1_2);
  EXPECT_EQ(back->cipher_suite(), CipherSuite::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256);
  EXPECT_EQ(back->server_name(), "svc.example");
  EXPECT_EQ(back->alpn(), "http/1.1");
  EXPECT_TRUE(back->has_ticket());
  EXPECT_TRUE(back->extended_master_secret());
  EXPECT_TRUE(constant_time_equal(session::client_session_of(*back).state.secret.view(), session::client_session_of(s).state.secret.view()));
  EXPECT_FALSE(back->expired(1700000100));
  EXPECT_TRUE(back->expired(1700000302));  // ticket lifetime 300 s from receipt
}

TEST(PublicSession, RefusesOtherInput) {
  auto none = Session::from_pem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::file_error);
  auto bytes = Session(sample()).serialize();
  ASSERT_TRUE(bytes.ok());
  (*bytes)[4] = 9;  // format version
  auto bad = Session::parse(*bytes);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::decode_error);
}

}  // namespace
}  // namespace tlskit
