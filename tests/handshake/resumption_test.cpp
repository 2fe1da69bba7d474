// TLS 1.3 resumption with tickets (RFC 8446 §2.2, §4.2.11, §4.6.1): tickets issued after the
// handshake, PSK (psk_dhe_ke) resumption with binders, the cases that fall back to a full
// handshake, and a binder that does not verify.
#include <gtest/gtest.h>

#include "harness.h"
#include "session/server_session_store.h"
#include "session/ticket_keys.h"
#include "tlskit/session.h"

namespace tlskit::test {
namespace {

// A server with ticket keys and a client that offers a saved session.
struct Resumption {
  World w;
  DeterministicRng key_rng{77};
  std::shared_ptr<session::TicketKeys> keys =
      *session::TicketKeys::create(crypto::default_provider(), key_rng, test_now());

  std::shared_ptr<Config> server() {
    auto sc = w.server_config();
    sc->ticket_keys = keys;
    return sc;
  }
  std::shared_ptr<Config> client(const std::optional<Session>& s,
                                 const std::string& name = "p256.tlskit.test") {
    auto cc = w.client_config(name);
    if (s) cc->resume_session = std::make_shared<const Session>(*s);
    return cc;
  }
  // A full handshake; returns the session the client keeps.
  std::optional<Session> first(std::shared_ptr<Config> cc = nullptr) {
    Pair p = handshake(cc ? cc : client(std::nullopt), server());
    EXPECT_TRUE(p.client->handshake_complete()) << err_text(p.client_error);
    EXPECT_FALSE(p.client->info().resumed);
    EXPECT_EQ(p.client->info().tickets_received, 2u);
    return p.client->session();
  }
};

bool exchange(Pair& p) {
  const Bytes msg = {'p', 'i', 'n', 'g'};
  if (!p.client->write(msg)) return false;
  pump(p);
  Bytes got(16);
  const size_t n = p.server->read(got);
  return n == msg.size() && std::equal(msg.begin(), msg.end(), got.begin());
}

TEST(Tls13Resumption, TicketsAreIssuedAndTheSessionResumesWithoutCertificates) {
  Resumption r;
  auto s = r.first();
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->version(), ProtocolVersion::tls1_3);
  EXPECT_TRUE(s->has_ticket());

  Pair p = handshake(r.client(s), r.server());
  ASSERT_TRUE(p.client->handshake_complete()) << err_text(p.client_error) << err_text(p.server_error);
  EXPECT_TRUE(p.client->info().resumed);
  EXPECT_TRUE(p.server->info().resumed);
  EXPECT_EQ(p.client->info().cipher_suite, s->cipher_suite());
  // No certificate flight in a resumed handshake, yet the chain of the session is reported.
  EXPECT_FALSE(p.server->info().local_signature_scheme.has_value());
  EXPECT_FALSE(p.client->info().peer_chain.empty());
  EXPECT_TRUE(exchange(p));
  // The resumed connection brings new tickets, which resume again.
  auto again = p.client->session();
  ASSERT_TRUE(again.has_value());
  Pair third = handshake(r.client(again), r.server());
  ASSERT_TRUE(third.client->handshake_complete());
  EXPECT_TRUE(third.server->info().resumed);
}

TEST(Tls13Resumption, ThroughPemAsSessOutAndSessIn) {
  Resumption r;
  auto s = r.first();
  ASSERT_TRUE(s.has_value());
  auto pem = s->to_pem();
  ASSERT_TRUE(pem);
  auto back = Session::from_pem(*pem);
  ASSERT_TRUE(back);
  Pair p = handshake(r.client(*back), r.server());
  ASSERT_TRUE(p.client->handshake_complete());
  EXPECT_TRUE(p.server->info().resumed);
}

TEST(Tls13Resumption, ExpiredTicketGetsAFullHandshake) {
  Resumption r;
  auto s = r.first();
  ASSERT_TRUE(s.has_value());
  r.w.clock.set_unix_seconds(test_now() + 7201);
  Pair p = handshake(r.client(s), r.server());
  ASSERT_TRUE(p.client->handshake_complete()) << err_text(p.client_error);
  EXPECT_FALSE(p.client->info().resumed);
  EXPECT_FALSE(p.server->info().resumed);
}

TEST(Tls13Resumption, UnknownTicketKeysGetAFullHandshake) {
  Resumption r;
  auto s = r.first();
  ASSERT_TRUE(s.has_value());
  DeterministicRng other_rng(5);
  r.keys = *session::TicketKeys::create(crypto::default_provider(), other_rng, test_now());
  Pair p = handshake(r.client(s), r.server());
  ASSERT_TRUE(p.client->handshake_complete()) << err_text(p.client_error);
  EXPECT_FALSE(p.server->info().resumed);
}

TEST(Tls13Resumption, AnotherAlpnGetsAFullHandshake) {
  Resumption r;
  auto first_client = r.client(std::nullopt);
  first_client->alpn = {"h2"};
  auto sc = r.server();
  sc->alpn = {"h2", "http/1.1"};
  Pair p1 = handshake(first_client, sc);
  ASSERT_TRUE(p1.client->handshake_complete());
  auto s = p1.client->session();
  ASSERT_TRUE(s.has_value());
  auto cc = r.client(s);
  cc->alpn = {"http/1.1"};
  Pair p = handshake(cc, sc);
  ASSERT_TRUE(p.client->handshake_complete()) << err_text(p.client_error);
  EXPECT_EQ(p.client->info().alpn, "http/1.1");
  EXPECT_FALSE(p.server->info().resumed);
}

TEST(Tls13Resumption, AnotherServerNameIsNotOffered) {
  Resumption r;
  auto s = r.first();
  ASSERT_TRUE(s.has_value());
  Pair p = handshake(r.client(s, "p384.tlskit.test"), r.server());
  ASSERT_TRUE(p.client->handshake_complete()) << err_text(p.client_error);
  EXPECT_FALSE(p.client->info().resumed);
}

TEST(Tls13Resumption, AfterHelloRetryRequestTheBinderIsRecomputed) {
  Resumption r;
  auto s = r.first();
  ASSERT_TRUE(s.has_value());
  auto sc = r.server();
  sc->groups = {NamedGroup::secp384r1};  // the client sends no share for it: HRR
  Pair p = handshake(r.client(s), sc);
  ASSERT_TRUE(p.client->handshake_complete()) << err_text(p.client_error) << err_text(p.server_error);
  EXPECT_TRUE(p.client->info().hello_retry);
  EXPECT_TRUE(p.server->info().resumed);
  EXPECT_TRUE(exchange(p));
}

TEST(Tls13Resumption, AWrongBinderIsDecryptError) {
  Resumption r;
  auto s = r.first();
  ASSERT_TRUE(s.has_value());
  Pair p = make_conns(r.client(s), r.server());
  // The binder is the last field of the ClientHello, which ends the first record.
  transfer(*p.client, *p.server, p.server_error, SIZE_MAX, [](Bytes& b) { b.back() ^= 1; });
  ASSERT_TRUE(p.server_error.has_value());
  EXPECT_EQ(p.server_error->alert, Alert::decrypt_error);
  EXPECT_EQ(p.server_error->step, Step::client_hello);
}

TEST(Tls13Resumption, NoTicketKeysNoTickets) {
  Resumption r;
  auto sc = r.w.server_config();
  Pair p = handshake(r.client(std::nullopt), sc);
  ASSERT_TRUE(p.client->handshake_complete());
  EXPECT_EQ(p.client->info().tickets_received, 0u);
  EXPECT_FALSE(p.client->session().has_value());
}

TEST(Tls13Resumption, TicketCountIsConfigurable) {
  Resumption r;
  auto sc = r.server();
  sc->tls13_tickets = 5;
  Pair p = handshake(r.client(std::nullopt), sc);
  ASSERT_TRUE(p.client->handshake_complete());
  EXPECT_EQ(p.client->info().tickets_received, 5u);
}

}  // namespace
}  // namespace tlskit::test

namespace tlskit::test {
namespace {

TEST(Tls13Resumption, StatefulSingleUseTicketsResumeOnce) {
  Resumption r;
  auto store = std::make_shared<session::ServerSessionStore>(16, /*single_use=*/true);
  auto server = [&] {
    auto sc = r.w.server_config();
    sc->session_cache = store;
    sc->tls13_stateful_tickets = true;  // no ticket keys at all
    return sc;
  };
  Pair p1 = handshake(r.client(std::nullopt), server());
  ASSERT_TRUE(p1.client->handshake_complete());
  EXPECT_EQ(p1.client->info().tickets_received, 2u);
  EXPECT_EQ(store->size(), 2u);
  auto s = p1.client->session();
  ASSERT_TRUE(s.has_value());
  Pair p2 = handshake(r.client(s), server());
  ASSERT_TRUE(p2.client->handshake_complete()) << err_text(p2.client_error);
  EXPECT_TRUE(p2.server->info().resumed);
  // The same ticket again: the store forgot it, so a full handshake.
  Pair p3 = handshake(r.client(s), server());
  ASSERT_TRUE(p3.client->handshake_complete()) << err_text(p3.client_error);
  EXPECT_FALSE(p3.server->info().resumed);
}

TEST(Tls13Resumption, StatefulTicketsNeedASessionCache) {
  Resumption r;
  auto sc = r.w.server_config();
  sc->tls13_stateful_tickets = true;
  auto v = sc->validate(true);
  ASSERT_FALSE(v);
  EXPECT_NE(v.error().detail.find("session_cache"), std::string::npos);
}

}  // namespace
}  // namespace tlskit::test

#include "tlskit/resumption.h"

namespace tlskit::test {
namespace {

TEST(Tls13Resumption, ClientSessionCacheIsUsedAutomatically) {
  Resumption r;
  auto cache = std::make_shared<ClientSessionCache>();
  auto client = [&] {
    auto cc = r.client(std::nullopt);
    cc->client_session_cache = cache;
    cc->server_port = 8443;
    return cc;
  };
  Pair p1 = handshake(client(), r.server());
  ASSERT_TRUE(p1.client->handshake_complete());
  EXPECT_FALSE(p1.client->info().resumed);
  // Both tickets went into the cache; each later connection takes one.
  Pair p2 = handshake(client(), r.server());
  ASSERT_TRUE(p2.client->handshake_complete()) << err_text(p2.client_error);
  EXPECT_TRUE(p2.server->info().resumed);
  Pair p3 = handshake(client(), r.server());
  ASSERT_TRUE(p3.client->handshake_complete());
  EXPECT_TRUE(p3.server->info().resumed);
  // Another port is another server: nothing to offer.
  auto other = client();
  other->server_port = 9443;
  Pair p4 = handshake(other, r.server());
  ASSERT_TRUE(p4.client->handshake_complete());
  EXPECT_FALSE(p4.server->info().resumed);
}

}  // namespace
}  // namespace tlskit::test

namespace tlskit::test {
namespace {

ExternalPsk test_psk(bool sha384 = false) {
  ExternalPsk p;
  p.identity = {'c', 'l', 'i', 'e', 'n', 't', '1'};
  p.key = Bytes(32, 0x3c);
  p.sha384 = sha384;
  return p;
}

TEST(Tls13ExternalPsk, BothSidesAgreeWithoutCertificates) {
  for (bool sha384 : {false, true}) {
    Resumption r;
    auto cc = r.client(std::nullopt);
    cc->external_psks = {test_psk(sha384)};
    auto sc = r.server();
    sc->external_psks = {test_psk(sha384)};
    Pair p = handshake(cc, sc);
    ASSERT_TRUE(p.client->handshake_complete()) << err_text(p.client_error) << err_text(p.server_error);
    EXPECT_TRUE(p.server->info().resumed);
    EXPECT_TRUE(p.client->info().peer_chain.empty());
    EXPECT_EQ(*p.client->info().cipher_suite, sha384 ? CipherSuite::TLS_AES_256_GCM_SHA384
                                                     : CipherSuite::TLS_AES_128_GCM_SHA256);
    EXPECT_TRUE(exchange(p));
  }
}

TEST(Tls13ExternalPsk, AnotherKeyIsDecryptErrorAndAnUnknownIdentityAFullHandshake) {
  Resumption r;
  auto cc = r.client(std::nullopt);
  cc->external_psks = {test_psk()};
  auto sc = r.server();
  ExternalPsk other = test_psk();
  other.key[0] ^= 1;
  sc->external_psks = {other};
  Pair p = handshake(cc, sc);
  ASSERT_TRUE(p.server_error.has_value());
  EXPECT_EQ(p.server_error->alert, Alert::decrypt_error);
  auto sc2 = r.server();
  ExternalPsk renamed = test_psk();
  renamed.identity = {'x'};
  sc2->external_psks = {renamed};
  Pair q = handshake(cc, sc2);
  ASSERT_TRUE(q.client->handshake_complete()) << err_text(q.client_error);
  EXPECT_FALSE(q.server->info().resumed);
  EXPECT_FALSE(q.client->info().peer_chain.empty());
}

TEST(Tls13ExternalPsk, AShortKeyIsAConfigError) {
  Resumption r;
  auto cc = r.client(std::nullopt);
  ExternalPsk p = test_psk();
  p.key.resize(8);
  cc->external_psks = {p};
  auto v = cc->validate(false);
  ASSERT_FALSE(v);
  EXPECT_NE(v.error().detail.find("16 to 64"), std::string::npos);
}

}  // namespace
}  // namespace tlskit::test

namespace tlskit::test {
namespace {

// psk_ke (RFC 8446 §4.2.9): only when both sides allow it; then no key share goes either way.
TEST(Tls13Resumption, PskKeOnlyWhenBothSidesAllowIt) {
  Resumption r;
  auto s = r.first();
  ASSERT_TRUE(s.has_value());
  auto sc = r.server();
  sc->psk_ke = true;
  auto cc = r.client(s);
  cc->psk_ke = true;
  Pair both = handshake(cc, sc);
  ASSERT_TRUE(both.client->handshake_complete()) << err_text(both.client_error) << err_text(both.server_error);
  EXPECT_TRUE(both.client->info().resumed);
  EXPECT_TRUE(both.server->info().resumed);
  EXPECT_FALSE(both.client->info().group.has_value());  // no (EC)DHE
  EXPECT_FALSE(both.server->info().group.has_value());
  EXPECT_TRUE(exchange(both));

  // Either side alone: psk_dhe_ke, with a fresh key exchange.
  for (bool client_side : {true, false}) {
    auto again = both.client->session();
    ASSERT_TRUE(again.has_value());
    auto c2 = r.client(again);
    c2->psk_ke = client_side;
    auto s2 = r.server();
    s2->psk_ke = !client_side;
    Pair one = handshake(c2, s2);
    ASSERT_TRUE(one.client->handshake_complete()) << err_text(one.client_error);
    EXPECT_TRUE(one.server->info().resumed);
    EXPECT_TRUE(one.server->info().group.has_value()) << client_side;
    both = std::move(one);
  }
}

}  // namespace
}  // namespace tlskit::test
