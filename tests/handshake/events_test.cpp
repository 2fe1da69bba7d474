// The event trace (Config::record_events): every message in order, plaintext form, encrypted
// flag, wire bytes and the injected clock.
#include <gtest/gtest.h>

#include "harness.h"

namespace tlskit::test {
namespace {

TEST(Events, ClientTraceOfAFullHandshake) {
  World w;
  w.clock.advance_micros(123);
  auto cc = w.client_config();
  cc->record_events = true;
  auto sc = w.server_config({LeafKind::ecdsa_p256});
  sc->client_auth = ClientAuth::request;
  Pair p = handshake(cc, sc);
  ASSERT_TRUE(p.client->handshake_complete());
  struct Seen {
    EventKind kind;
    Direction dir;
    HandshakeType type;
    bool encrypted;
  };
  std::vector<Seen> seen;
  size_t wire_total_in = 0, wire_total_out = 0;
  while (auto e = p.client->next_event()) {
    seen.push_back({e->kind, e->direction, e->handshake_type, e->encrypted});
    EXPECT_EQ(e->micros, w.clock.monotonic_micros());
    if (e->kind == EventKind::handshake_message) {
      ASSERT_GE(e->message.size(), 4u);
      EXPECT_EQ(e->message[0], static_cast<uint8_t>(e->handshake_type));
      size_t len = size_t{e->message[1]} << 16 | size_t{e->message[2]} << 8 | e->message[3];
      EXPECT_EQ(len + 4, e->message.size());
      EXPECT_GE(e->wire_bytes, e->message.size());
    }
    (e->direction == Direction::received ? wire_total_in : wire_total_out) += e->wire_bytes;
  }
  using K = EventKind;
  using D = Direction;
  using H = HandshakeType;
  std::vector<Seen> want = {
      {K::handshake_message, D::sent, H::client_hello, false},
      {K::handshake_message, D::received, H::server_hello, false},
      // Our compatibility CCS goes out as soon as the ServerHello is handled, before the
      // server's CCS record (the next record) is read.
      {K::change_cipher_spec, D::sent, H::client_hello, false},
      {K::change_cipher_spec, D::received, H::client_hello, false},
      {K::handshake_message, D::received, H::encrypted_extensions, true},
      {K::handshake_message, D::received, H::certificate_request, true},
      // RFC 8879: both sides default to certificate compression; our empty Certificate (no
      // client certificate) goes uncompressed.
      {K::handshake_message, D::received, H::compressed_certificate, true},
      {K::handshake_message, D::received, H::certificate_verify, true},
      {K::handshake_message, D::received, H::finished, true},
      {K::handshake_message, D::sent, H::certificate, true},
      {K::handshake_message, D::sent, H::finished, true},
      {K::handshake_complete, D::received, H::client_hello, false},
  };
  ASSERT_EQ(seen.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(seen[i].kind, want[i].kind) << i;
    EXPECT_EQ(seen[i].dir, want[i].dir) << i;
    if (want[i].kind == K::handshake_message) {
      EXPECT_EQ(seen[i].type, want[i].type) << i;
      EXPECT_EQ(seen[i].encrypted, want[i].encrypted) << i;
    }
  }
  EXPECT_EQ(wire_total_in, p.client->info().bytes_read);
  EXPECT_EQ(wire_total_out, p.client->info().bytes_written);
}

TEST(Events, OffByDefault) {
  World w;
  Pair p = handshake(w.client_config(), w.server_config());
  ASSERT_TRUE(p.client->handshake_complete());
  EXPECT_FALSE(p.client->next_event());
  EXPECT_FALSE(p.server->next_event());
}

TEST(Events, AlertsAreRecordedBothWays) {
  World w;
  auto cc = w.client_config();
  cc->record_events = true;
  cc->alpn = {"h2"};
  auto sc = w.server_config();
  sc->record_events = true;
  sc->alpn = {"smtp"};
  Pair p = handshake(cc, sc);
  ASSERT_TRUE(p.client_error);
  bool client_saw = false, server_sent = false;
  while (auto e = p.client->next_event())
    if (e->kind == EventKind::alert && e->direction == Direction::received) {
      client_saw = true;
      EXPECT_EQ(e->message, (Bytes{2, 120}));
    }
  while (auto e = p.server->next_event())
    if (e->kind == EventKind::alert && e->direction == Direction::sent) server_sent = true;
  EXPECT_TRUE(client_saw);
  EXPECT_TRUE(server_sent);
}

}  // namespace
}  // namespace tlskit::test
