// TicketKeys: ticket layout, authentication, rotation with a grace period, session tickets.
#include <gtest/gtest.h>

#include <cstring>

#include "crypto/provider.h"
#include "session/ticket_keys.h"

namespace tlskit::session {
namespace {

const crypto::Provider& P() { return crypto::default_provider(); }

constexpr int64_t kT0 = 1700000000;

SessionState state13() {
  SessionState s;
  s.version = ProtocolVersion::tls1_3;
  s.suite = CipherSuite::TLS_AES_128_GCM_SHA256;
  s.secret = SecretBytes(Bytes(32, 0x42));
  s.created = kT0;
  s.lifetime = 7200;
  s.ticket_age_add = 12345;
  s.server_name = "a.example";
  return s;
}

TEST(TicketKeys, LayoutMatchesTheDocumentedFormat) {
  // A ticket built by hand (name || nonce || AES-256-GCM(state, aad = name || nonce) || tag)
  // opens, and a ticket the ring seals has the same shape.
  TicketKeyMaterial m;
  for (size_t i = 0; i < m.name.size(); ++i) m.name[i] = static_cast<uint8_t>(0xA0 + i);
  Bytes key(32);
  for (size_t i = 0; i < key.size(); ++i) key[i] = static_cast<uint8_t>(i);
  m.key = SecretBytes(key);
  m.created = kT0;
  auto ring = TicketKeys::from_keys(P(), m, std::nullopt);
  ASSERT_TRUE(ring.ok()) << ring.error().to_string();

  Bytes plain = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  Bytes ticket;
  ticket.insert(ticket.end(), m.name.begin(), m.name.end());
  Bytes nonce(12, 0x77);
  ticket.insert(ticket.end(), nonce.begin(), nonce.end());
  Bytes body = plain;
  Bytes tag(16);
  auto aead = P().make_aead(crypto::AeadAlg::aes_256_gcm, key);
  ASSERT_TRUE(aead.ok());
  ASSERT_TRUE((*aead)->seal(nonce, ByteView(ticket.data(), 28), body, tag).ok());
  ticket.insert(ticket.end(), body.begin(), body.end());
  ticket.insert(ticket.end(), tag.begin(), tag.end());

  auto opened = (*ring)->open(ticket, kT0);
  ASSERT_TRUE(opened.has_value());
  EXPECT_FALSE(opened->renew);
  EXPECT_EQ(Bytes(opened->plaintext.view().begin(), opened->plaintext.view().end()), plain);

  DeterministicRng rng(1);
  auto sealed = (*ring)->seal(plain, rng, kT0);
  ASSERT_TRUE(sealed.ok());
  ASSERT_EQ(sealed->size(), kTicketOverhead + plain.size());
  EXPECT_TRUE(std::equal(m.name.begin(), m.name.end(), sealed->begin()));
  // It decrypts with the raw AEAD as well.
  Bytes b2(sealed->begin() + 28, sealed->end() - 16);
  EXPECT_TRUE((*aead)->open(ByteView(sealed->data() + 16, 12), ByteView(sealed->data(), 28), b2,
                            ByteView(sealed->data() + sealed->size() - 16, 16)));
  EXPECT_EQ(b2, plain);
}

TEST(TicketKeys, AnyChangedByteIsRefused) {
  DeterministicRng rng(2);
  auto ring = TicketKeys::create(P(), rng, kT0);
  ASSERT_TRUE(ring.ok());
  Bytes plain(40, 0x5C);
  auto t = (*ring)->seal(plain, rng, kT0);
  ASSERT_TRUE(t.ok());
  ASSERT_TRUE((*ring)->open(*t, kT0).has_value());
  for (size_t i = 0; i < t->size(); ++i) {
    Bytes bad = *t;
    bad[i] ^= 0x01;
    EXPECT_FALSE((*ring)->open(bad, kT0).has_value()) << "byte " << i;
  }
  EXPECT_FALSE((*ring)->open(ByteView(t->data(), t->size() - 1), kT0).has_value());
  EXPECT_FALSE((*ring)->open(ByteView(t->data(), kTicketOverhead - 1), kT0).has_value());
  EXPECT_FALSE((*ring)->open({}, kT0).has_value());
}

TEST(TicketKeys, NoncesDiffer) {
  DeterministicRng rng(3);
  auto ring = TicketKeys::create(P(), rng, kT0);
  ASSERT_TRUE(ring.ok());
  auto a = (*ring)->seal(Bytes(8, 1), rng, kT0);
  auto b = (*ring)->seal(Bytes(8, 1), rng, kT0);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
  EXPECT_TRUE(std::equal(a->begin(), a->begin() + 16, b->begin()));  // same key name
}

TEST(TicketKeys, RotationByTimeKeepsThePreviousKeyForOneLifetime) {
  DeterministicRng rng(4);
  TicketKeyOptions opt;
  opt.rotation_interval = 1000;
  opt.ticket_lifetime = 500;
  auto ring = TicketKeys::create(P(), rng, kT0, opt);
  ASSERT_TRUE(ring.ok());
  auto name0 = (*ring)->current_name();
  auto old = (*ring)->seal(Bytes(8, 7), rng, kT0 + 10);
  ASSERT_TRUE(old.ok());
  EXPECT_EQ((*ring)->current_name(), name0);
  EXPECT_FALSE((*ring)->has_previous());

  // At the rotation interval the next seal uses a new key.
  auto fresh = (*ring)->seal(Bytes(8, 8), rng, kT0 + 1000);
  ASSERT_TRUE(fresh.ok());
  EXPECT_NE((*ring)->current_name(), name0);
  EXPECT_TRUE((*ring)->has_previous());
  EXPECT_FALSE(std::equal(old->begin(), old->begin() + 16, fresh->begin()));

  // The old ticket still opens (renew), until ticket_lifetime after the retirement.
  auto o1 = (*ring)->open(*old, kT0 + 1200);
  ASSERT_TRUE(o1.has_value());
  EXPECT_TRUE(o1->renew);
  EXPECT_TRUE((*ring)->open(*old, kT0 + 1500).has_value());
  EXPECT_FALSE((*ring)->open(*old, kT0 + 1501).has_value());
  auto o2 = (*ring)->open(*fresh, kT0 + 1501);
  ASSERT_TRUE(o2.has_value());
  EXPECT_FALSE(o2->renew);
}

TEST(TicketKeys, ManualRotationDropsTheKeyTwoGenerationsBack) {
  DeterministicRng rng(5);
  auto ring = TicketKeys::create(P(), rng, kT0);
  ASSERT_TRUE(ring.ok());
  auto t0 = (*ring)->seal(Bytes(4, 0), rng, kT0);
  ASSERT_TRUE((*ring)->rotate(rng, kT0).ok());
  auto t1 = (*ring)->seal(Bytes(4, 1), rng, kT0);
  ASSERT_TRUE(t0.ok() && t1.ok());
  EXPECT_TRUE((*ring)->open(*t0, kT0).has_value());
  ASSERT_TRUE((*ring)->rotate(rng, kT0).ok());
  EXPECT_FALSE((*ring)->open(*t0, kT0).has_value());
  auto o = (*ring)->open(*t1, kT0);
  ASSERT_TRUE(o.has_value());
  EXPECT_TRUE(o->renew);
}

TEST(TicketKeys, SharedKeysOpenEachOthersTickets) {
  TicketKeyMaterial m;
  m.name.fill(0x01);
  m.key = SecretBytes(Bytes(32, 0x99));
  m.created = kT0;
  TicketKeyMaterial prev;
  prev.name.fill(0x02);
  prev.key = SecretBytes(Bytes(32, 0x98));
  prev.created = kT0 - 100;
  auto a = TicketKeys::from_keys(P(), m, std::nullopt);
  auto b = TicketKeys::from_keys(P(), m, prev);
  ASSERT_TRUE(a.ok() && b.ok());
  DeterministicRng rng(6);
  auto t = (*a)->seal(Bytes(16, 3), rng, kT0);
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE((*b)->open(*t, kT0).has_value());
  // Same name twice, or a short key, is a configuration error.
  auto same = TicketKeys::from_keys(P(), m, m);
  ASSERT_FALSE(same.ok());
  EXPECT_EQ(same.error().code, ErrorCode::config_invalid);
  TicketKeyMaterial shortkey = m;
  shortkey.key = SecretBytes(Bytes(16, 1));
  EXPECT_FALSE(TicketKeys::from_keys(P(), shortkey, std::nullopt).ok());
  TicketKeyOptions tooLong;
  tooLong.ticket_lifetime = kMaxSessionLifetime + 1;
  EXPECT_FALSE(TicketKeys::from_keys(P(), m, std::nullopt, tooLong).ok());
}

TEST(TicketKeys, SessionTicketsRoundTripAndExpire) {
  DeterministicRng rng(7);
  auto ring = TicketKeys::create(P(), rng, kT0);
  ASSERT_TRUE(ring.ok());
  auto t = (*ring)->seal_session(state13(), rng, kT0);
  ASSERT_TRUE(t.ok()) << t.error().to_string();
  auto s = (*ring)->open_session(*t, kT0 + 100);
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->first.ticket_age_add, 12345u);
  EXPECT_EQ(s->first.server_name, "a.example");
  EXPECT_FALSE(s->second);
  // Past the session lifetime the ticket is refused even though it decrypts.
  EXPECT_TRUE((*ring)->open(*t, kT0 + 7201).has_value());
  EXPECT_FALSE((*ring)->open_session(*t, kT0 + 7201).has_value());
  // A ticket carrying a non-session plaintext opens but is not a session.
  auto junk = (*ring)->seal(Bytes(10, 0xEE), rng, kT0);
  ASSERT_TRUE(junk.ok());
  EXPECT_FALSE((*ring)->open_session(*junk, kT0).has_value());
}

TEST(TicketKeys, TooLargePlaintextIsRefused) {
  DeterministicRng rng(8);
  auto ring = TicketKeys::create(P(), rng, kT0);
  ASSERT_TRUE(ring.ok());
  auto t = (*ring)->seal(Bytes(kMaxTicketSize - kTicketOverhead + 1, 0), rng, kT0);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, ErrorCode::limit_exceeded);
  EXPECT_TRUE((*ring)->seal(Bytes(kMaxTicketSize - kTicketOverhead, 0), rng, kT0).ok());
}

}  // namespace
}  // namespace tlskit::session
