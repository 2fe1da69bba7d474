// SessionState / ClientSession format: round trips, bounds, refusal of malformed input.
#include <gtest/gtest.h>

#include <cstdio>

#include "codec/byte_writer.h"
#include "session/session_state.h"

namespace tlskit::session {
namespace {

SessionState sample12() {
  SessionState s;
  s.version = ProtocolVersion::tls1_2;
  s.suite = CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384;
  Bytes ms(48);
  for (size_t i = 0; i < ms.size(); ++i) ms[i] = static_cast<uint8_t>(i * 7 + 1);
  s.secret = SecretBytes(ms);
  s.extended_master_secret = true;
  s.peer_verified = true;
  s.created = 1700000000;
  s.lifetime = 3600;
  s.server_name = "example.com";
  s.alpn = "h2";
  s.peer_chain = {Bytes{0x30, 0x03, 0x01, 0x02, 0x03}, Bytes{0x30, 0x01, 0x00}};
  return s;
}

TEST(SessionState, RoundTripTls12) {
  SessionState s = sample12();
  auto bytes = serialize_session(s);
  ASSERT_TRUE(bytes.ok()) << bytes.error().to_string();
  EXPECT_EQ((*bytes)[0], kSessionFormatVersion);
  auto back = parse_session(*bytes);
  ASSERT_TRUE(back.ok()) << back.error().to_string();
  EXPECT_EQ(back->version, s.version);
  EXPECT_EQ(back->suite, s.suite);
  EXPECT_TRUE(constant_time_equal(back->secret.view(), s.secret.view()));
  EXPECT_TRUE(back->extended_master_secret);
  EXPECT_TRUE(back->peer_verified);
  EXPECT_EQ(back->created, s.created);
  EXPECT_EQ(back->lifetime, s.lifetime);
  EXPECT_EQ(back->server_name, "example.com");
  EXPECT_EQ(back->alpn, "h2");
  EXPECT_EQ(back->peer_chain, s.peer_chain);
  EXPECT_TRUE(back->peer_chain_hash.empty());
}

TEST(SessionState, RoundTripTls13Fields) {
  SessionState s;
  s.version = ProtocolVersion::tls1_3;
  s.suite = CipherSuite::TLS_AES_256_GCM_SHA384;
  s.secret = SecretBytes(Bytes(48, 0xAB));
  s.ticket_age_add = 0xDEADBEEF;
  s.max_early_data = 16384;
  s.created = 42;
  s.lifetime = kMaxSessionLifetime;
  s.peer_chain_hash = Bytes(32, 0x11);
  auto bytes = serialize_session(s);
  ASSERT_TRUE(bytes.ok());
  auto back = parse_session(*bytes);
  ASSERT_TRUE(back.ok()) << back.error().to_string();
  EXPECT_EQ(back->ticket_age_add, 0xDEADBEEFu);
  EXPECT_EQ(back->max_early_data, 16384u);
  EXPECT_EQ(back->peer_chain_hash, Bytes(32, 0x11));
  EXPECT_FALSE(back->extended_master_secret);
}

TEST(SessionState, SerializeRefusesBadState) {
  SessionState s = sample12();
  s.secret = SecretBytes(Bytes(32, 1));  // TLS 1.2 needs 48
  EXPECT_FALSE(serialize_session(s).ok());
  s = sample12();
  s.lifetime = kMaxSessionLifetime + 1;
  EXPECT_FALSE(serialize_session(s).ok());
  s = sample12();
  s.version = ProtocolVersion::tls1_1;
  EXPECT_FALSE(serialize_session(s).ok());
  s = sample12();
  s.server_name.assign(300, 'a');
  EXPECT_FALSE(serialize_session(s).ok());
  s = sample12();
  s.secret = SecretBytes();
  EXPECT_FALSE(serialize_session(s).ok());
}

TEST(SessionState, ParseRefusesEveryTruncation) {
  auto bytes = serialize_session(sample12());
  ASSERT_TRUE(bytes.ok());
  for (size_t n = 0; n < bytes->size(); ++n) {
    auto r = parse_session(ByteView(bytes->data(), n));
    EXPECT_FALSE(r.ok()) << "prefix of " << n << " bytes parsed";
    if (!r.ok()) {
      EXPECT_EQ(r.error().code, ErrorCode::decode_error);
    }
  }
}

TEST(SessionState, ParseRefusesTrailingBytesAndUnknownFormat) {
  auto bytes = serialize_session(sample12());
  ASSERT_TRUE(bytes.ok());
  Bytes longer = *bytes;
  longer.push_back(0);
  EXPECT_FALSE(parse_session(longer).ok());
  Bytes other = *bytes;
  other[0] = kSessionFormatVersion + 1;
  auto r = parse_session(other);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().detail.find("format"), std::string::npos);
  Bytes flags = *bytes;
  flags[5] |= 0x80;  // format(1) version(2) suite(2) -> flags at offset 5
  EXPECT_FALSE(parse_session(flags).ok());
}

TEST(SessionState, ParseRefusesWrongSecretLengthForTls12) {
  // Hand-built state: TLS 1.2 with a 32-byte secret.
  Bytes b;
  ByteWriter w(b);
  w.u8(kSessionFormatVersion);
  w.u16(0x0303);
  w.u16(0xC02F);
  w.u8(1);
  w.vec8(Bytes(32, 9));
  w.u64(1);
  w.u32(10);
  w.u32(0);
  w.u32(0);
  w.u64(0);  // ticket_time_ms
  w.vec8(Bytes{});
  w.vec8(Bytes{});
  w.vec8(Bytes{});
  w.u8(0);
  auto r = parse_session(b);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().detail.find("48"), std::string::npos);
  // The same with 48 bytes parses: the builder above is right.
  Bytes good;
  ByteWriter g(good);
  g.u8(kSessionFormatVersion);
  g.u16(0x0303);
  g.u16(0xC02F);
  g.u8(1);
  g.vec8(Bytes(48, 9));
  g.u64(1);
  g.u32(10);
  g.u32(0);
  g.u32(0);
  g.u64(0);  // ticket_time_ms
  g.vec8(Bytes{});
  g.vec8(Bytes{});
  g.vec8(Bytes{});
  g.u8(0);
  EXPECT_TRUE(parse_session(good).ok());
}

TEST(SessionState, Expiry) {
  SessionState s = sample12();  // created 1700000000, lifetime 3600
  EXPECT_FALSE(s.expired(1700000000));
  EXPECT_FALSE(s.expired(1700003600));
  EXPECT_TRUE(s.expired(1700003601));
  EXPECT_TRUE(s.expired(1699999999));  // clock went backwards
  EXPECT_EQ(s.remaining_lifetime(1700000600), 3000u);
  EXPECT_EQ(s.remaining_lifetime(1800000000), 0u);
}

TEST(ClientSession, RoundTripAndExpiry) {
  ClientSession c;
  c.state = sample12();
  c.session_id = Bytes(32, 0x5A);
  c.ticket = Bytes(100, 0x33);
  c.ticket_lifetime = 600;
  c.received = 1700000100;
  auto bytes = serialize_client_session(c);
  ASSERT_TRUE(bytes.ok()) << bytes.error().to_string();
  auto back = parse_client_session(*bytes);
  ASSERT_TRUE(back.ok()) << back.error().to_string();
  EXPECT_EQ(back->session_id, c.session_id);
  EXPECT_EQ(back->ticket, c.ticket);
  EXPECT_EQ(back->ticket_lifetime, 600u);
  EXPECT_EQ(back->received, 1700000100);
  EXPECT_EQ(back->state.server_name, "example.com");
  // Ticket lifetime (600 s from receipt) ends before the session lifetime (3600 s).
  EXPECT_FALSE(back->expired(1700000700));
  EXPECT_TRUE(back->expired(1700000701));
  // Without a ticket, only the session lifetime counts.
  back->ticket.clear();
  EXPECT_FALSE(back->expired(1700000701));

  // A bare SessionState is not a ClientSession, and neither are truncations.
  auto bare = serialize_session(c.state);
  ASSERT_TRUE(bare.ok());
  EXPECT_FALSE(parse_client_session(*bare).ok());
  for (size_t n = 0; n < bytes->size(); n += 7)
    EXPECT_FALSE(parse_client_session(ByteView(bytes->data(), n)).ok());
}

TEST(ClientSession, RefusesOversizedSessionId) {
  ClientSession c;
  c.state = sample12();
  c.session_id = Bytes(33, 1);
  EXPECT_FALSE(serialize_client_session(c).ok());
}

}  // namespace
}  // namespace tlskit::session

namespace tlskit::session {
namespace {

// The checked-in fuzz seeds are valid encodings (so the fuzzer starts from real states).
TEST(SessionState, FuzzSeedsParse) {
  const std::string dir = std::string(TLSKIT_SOURCE_DIR) + "/fuzz/corpus/session/";
  int parsed = 0;
  for (const char* name : {"tls12_ems", "tls12_chain", "tls13_ticket", "client_session"}) {
    std::FILE* f = std::fopen((dir + name).c_str(), "rb");
    ASSERT_NE(f, nullptr) << name;
    Bytes b(4096);
    b.resize(std::fread(b.data(), 1, b.size(), f));
    std::fclose(f);
    bool ok = std::string(name) == "client_session" ? parse_client_session(b).ok()
                                                    : parse_session(b).ok();
    EXPECT_TRUE(ok) << name;
    parsed += ok;
  }
  EXPECT_EQ(parsed, 4);
}

}  // namespace
}  // namespace tlskit::session
