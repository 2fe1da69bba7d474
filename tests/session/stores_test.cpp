// ClientSessionCache, ServerSessionStore, SingleUseStore and the ticket age check.
#include <gtest/gtest.h>

#include "session/anti_replay.h"
#include "session/client_session_cache.h"
#include "session/server_session_store.h"

namespace tlskit::session {
namespace {

constexpr int64_t kT0 = 1700000000;

ClientSession client_session(ProtocolVersion v, uint8_t tag, uint32_t lifetime = 3600) {
  ClientSession c;
  c.state.version = v;
  c.state.suite = v == ProtocolVersion::tls1_3 ? CipherSuite::TLS_AES_128_GCM_SHA256
                                               : CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
  c.state.secret = SecretBytes(Bytes(48, tag));
  c.state.created = kT0;
  c.state.lifetime = lifetime;
  c.ticket = Bytes(20, tag);
  c.received = kT0;
  return c;
}

TEST(ClientSessionCache, KeyFormat) {
  EXPECT_EQ(ClientSessionCache::key_for("Example.COM", 443), "example.com:443");
  EXPECT_EQ(ClientSessionCache::key_for("::1", 8443), "[::1]:8443");
  EXPECT_EQ(ClientSessionCache::key_for("[::1]", 8443), "[::1]:8443");
}

TEST(ClientSessionCache, Tls12SessionIsReusableAndReplaced) {
  ClientSessionCache cache;
  cache.put("a:1", client_session(ProtocolVersion::tls1_2, 1));
  auto s1 = cache.take("a:1", kT0);
  auto s2 = cache.take("a:1", kT0);
  ASSERT_TRUE(s1 && s2);
  EXPECT_EQ(s1->ticket, Bytes(20, 1));
  EXPECT_EQ(s2->ticket, Bytes(20, 1));
  cache.put("a:1", client_session(ProtocolVersion::tls1_2, 2));
  auto s3 = cache.take("a:1", kT0);
  ASSERT_TRUE(s3);
  EXPECT_EQ(s3->ticket, Bytes(20, 2));
  EXPECT_FALSE(cache.take("b:1", kT0));
}

TEST(ClientSessionCache, Tls13TicketsAreSingleUseNewestFirstAndBounded) {
  ClientSessionCache cache(8, 2);
  cache.put("a:1", client_session(ProtocolVersion::tls1_3, 1));
  cache.put("a:1", client_session(ProtocolVersion::tls1_3, 2));
  cache.put("a:1", client_session(ProtocolVersion::tls1_3, 3));  // drops ticket 1
  auto t3 = cache.take("a:1", kT0);
  auto t2 = cache.take("a:1", kT0);
  auto none = cache.take("a:1", kT0);
  ASSERT_TRUE(t3 && t2);
  EXPECT_EQ(t3->ticket, Bytes(20, 3));
  EXPECT_EQ(t2->ticket, Bytes(20, 2));
  EXPECT_FALSE(none);
  EXPECT_EQ(cache.size(), 0u);
}

TEST(ClientSessionCache, ExpiredSessionsAreNotOffered) {
  ClientSessionCache cache;
  cache.put("a:1", client_session(ProtocolVersion::tls1_2, 1, 100));
  EXPECT_TRUE(cache.take("a:1", kT0 + 100));
  EXPECT_FALSE(cache.take("a:1", kT0 + 101));
  EXPECT_EQ(cache.size(), 0u);
}

TEST(ClientSessionCache, LeastRecentlyUsedServerIsDropped) {
  ClientSessionCache cache(2, 4);
  cache.put("a:1", client_session(ProtocolVersion::tls1_2, 1));
  cache.put("b:1", client_session(ProtocolVersion::tls1_2, 2));
  ASSERT_TRUE(cache.take("a:1", kT0));  // a is now the most recent
  cache.put("c:1", client_session(ProtocolVersion::tls1_2, 3));
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_TRUE(cache.take("a:1", kT0));
  EXPECT_FALSE(cache.take("b:1", kT0));
  EXPECT_TRUE(cache.take("c:1", kT0));
  cache.remove("a:1");
  EXPECT_FALSE(cache.take("a:1", kT0));
}

TEST(ClientSessionCache, VersionChangeStartsOver) {
  ClientSessionCache cache;
  cache.put("a:1", client_session(ProtocolVersion::tls1_3, 1));
  cache.put("a:1", client_session(ProtocolVersion::tls1_2, 2));
  auto s = cache.take("a:1", kT0);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->state.version, ProtocolVersion::tls1_2);
  EXPECT_TRUE(cache.take("a:1", kT0));  // 1.2 stays; the 1.3 ticket is gone
}

SessionState server_state(uint8_t tag, uint32_t lifetime = 3600) {
  SessionState s;
  s.secret = SecretBytes(Bytes(48, tag));
  s.created = kT0;
  s.lifetime = lifetime;
  return s;
}

TEST(ServerSessionStore, GetPutExpiryAndBadIds) {
  ServerSessionStore store(4);
  Bytes id1(32, 1), id2(16, 2);
  store.put(id1, server_state(1));
  store.put(id2, server_state(2, 10));
  store.put(Bytes{}, server_state(3));      // ignored: empty id
  store.put(Bytes(33, 3), server_state(3)); // ignored: too long
  EXPECT_EQ(store.size(), 2u);
  auto a = store.get(id1, kT0);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->secret[0], 1);
  EXPECT_TRUE(store.get(id1, kT0));  // reusable
  EXPECT_FALSE(store.get(id2, kT0 + 11));  // expired and removed
  EXPECT_EQ(store.size(), 1u);
  store.remove(id1);
  EXPECT_FALSE(store.get(id1, kT0));
}

TEST(ServerSessionStore, SingleUseAndCapacity) {
  ServerSessionStore store(2, true);
  store.put(Bytes(8, 1), server_state(1));
  store.put(Bytes(8, 2), server_state(2));
  store.put(Bytes(8, 3), server_state(3));  // evicts id 1
  EXPECT_EQ(store.size(), 2u);
  EXPECT_FALSE(store.get(Bytes(8, 1), kT0));
  EXPECT_TRUE(store.get(Bytes(8, 2), kT0));
  EXPECT_FALSE(store.get(Bytes(8, 2), kT0));  // single use
  EXPECT_TRUE(store.get(Bytes(8, 3), kT0));
  EXPECT_EQ(store.size(), 0u);
}

TEST(SingleUseStore, AcceptsOnceFailsClosedAndPurges) {
  SingleUseStore store(2);
  EXPECT_TRUE(store.first_use(Bytes{1}, kT0, kT0 + 10));
  EXPECT_FALSE(store.first_use(Bytes{1}, kT0, kT0 + 10));  // replay
  EXPECT_TRUE(store.first_use(Bytes{2}, kT0, kT0 + 20));
  EXPECT_FALSE(store.first_use(Bytes{3}, kT0, kT0 + 20));  // full: fail closed
  EXPECT_EQ(store.size(), 2u);
  // After id 1 expired it is purged, making room (and it may be seen again, as the ticket
  // carrying it has expired and is refused anyway).
  EXPECT_TRUE(store.first_use(Bytes{3}, kT0 + 11, kT0 + 30));
  EXPECT_FALSE(store.first_use(Bytes{2}, kT0 + 11, kT0 + 30));
  EXPECT_FALSE(store.first_use(Bytes{}, kT0, kT0 + 1));
  EXPECT_FALSE(store.first_use(Bytes(kMaxReplayIdSize + 1, 1), kT0, kT0 + 1));
  EXPECT_FALSE(store.first_use(Bytes{9}, kT0, kT0 - 1));
}

TEST(TicketAge, FreshnessWindow) {
  // Client age 5000 ms, obfuscated with age_add 0xFFFFF000 (wraps modulo 2^32).
  uint32_t add = 0xFFFFF000u;
  uint32_t obf = 5000u + add;
  EXPECT_TRUE(ticket_age_fresh(obf, add, 1000, 6000, 10));      // server age 5000
  EXPECT_TRUE(ticket_age_fresh(obf, add, 1000, 6010, 10));      // 10 ms off
  EXPECT_FALSE(ticket_age_fresh(obf, add, 1000, 6011, 10));     // 11 ms off
  EXPECT_FALSE(ticket_age_fresh(obf, add, 1000, 5989, 10));
  EXPECT_FALSE(ticket_age_fresh(obf, add, 7000, 6000, 100000)); // issued in the future
}

}  // namespace
}  // namespace tlskit::session
