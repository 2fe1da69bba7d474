// Application data, KeyUpdate (RFC 8446 §4.6.3), automatic key updates (§5.5), large
// transfers, byte-at-a-time delivery, close_notify and EOF.
#include <gtest/gtest.h>

#include "harness.h"

namespace tlskit::test {
namespace {

Bytes pattern(size_t n, uint8_t seed) {
  Bytes b(n);
  for (size_t i = 0; i < n; ++i) b[i] = static_cast<uint8_t>((i * 131 + seed) ^ (i >> 8));
  return b;
}

// Writes data from a to b in pieces while pumping, then reads everything on b.
Bytes send_all(Pair& p, bool from_client, const Bytes& data, size_t write_piece, size_t feed_chunk) {
  Connection& a = from_client ? *p.client : *p.server;
  Connection& b = from_client ? *p.server : *p.client;
  Bytes got;
  Bytes buf(70000);
  for (size_t off = 0; off < data.size(); off += write_piece) {
    size_t n = std::min(write_piece, data.size() - off);
    EXPECT_TRUE(a.write(ByteView(data).subspan(off, n)));
    pump(p, feed_chunk);
    while (size_t r = b.read(buf)) got.insert(got.end(), buf.begin(), buf.begin() + r);
  }
  return got;
}

TEST(Data, OneMebibyteBothWays) {
  World w;
  Pair p = handshake(w.client_config(), w.server_config());
  ASSERT_TRUE(p.client->handshake_complete());
  Bytes up = pattern(1 << 20, 1), down = pattern(1 << 20, 2);
  EXPECT_EQ(send_all(p, true, up, 100000, 7000), up);
  EXPECT_EQ(send_all(p, false, down, 1 << 20, SIZE_MAX), down);
  EXPECT_FALSE(p.client_error);
  EXPECT_FALSE(p.server_error);
  EXPECT_GT(p.client->info().bytes_written, size_t{1} << 20);
  EXPECT_GT(p.server->info().bytes_read, size_t{1} << 20);
}

TEST(Data, HandshakeAndDataOneByteAtATime) {
  World w;
  auto cc = w.client_config();
  cc->groups = {NamedGroup::x25519, NamedGroup::secp256r1};
  auto sc = w.server_config();
  sc->groups = {NamedGroup::secp256r1};  // with a HelloRetryRequest
  Pair p = handshake(cc, sc, 1);
  ASSERT_TRUE(p.client->handshake_complete()) << err_text(p.client_error);
  ASSERT_TRUE(p.server->handshake_complete()) << err_text(p.server_error);
  EXPECT_TRUE(p.client->info().hello_retry);
  Bytes data = pattern(40000, 3);
  EXPECT_EQ(send_all(p, true, data, data.size(), 1), data);
  EXPECT_EQ(send_all(p, false, data, data.size(), 1), data);
}

TEST(Data, EveryFeedSplitOfTheServerFlight) {
  // Split the server's first flight at every byte boundary into two feed() calls (an
  // Ed25519 certificate: deterministic signatures, so every run yields the same flight).
  World w0;
  Pair ref = make_conns(w0.client_config(), w0.server_config({LeafKind::ed25519}));
  transfer(*ref.client, *ref.server, ref.server_error);
  const Bytes flight = take_output(*ref.server);
  for (size_t cut = 0; cut <= flight.size(); cut += 1) {
    World w;  // same seeds: the same flight
    Pair p = make_conns(w.client_config(), w.server_config({LeafKind::ed25519}));
    transfer(*p.client, *p.server, p.server_error);
    Bytes f = take_output(*p.server);
    ASSERT_EQ(f, flight);
    ASSERT_TRUE(p.client->feed(ByteView(f).first(cut))) << cut;
    ASSERT_TRUE(p.client->feed(ByteView(f).subspan(cut))) << cut;
    ASSERT_TRUE(p.client->handshake_complete()) << cut;
  }
}

TEST(Data, ZeroCopyReadViewAndConsume) {
  World w;
  Pair p = handshake(w.client_config(), w.server_config());
  ASSERT_TRUE(p.server->handshake_complete());
  EXPECT_TRUE(p.server->readable_view().empty());
  const Bytes data = pattern(50000, 4);
  ASSERT_TRUE(p.client->write(data));
  pump(p);
  ByteView v = p.server->readable_view();
  ASSERT_EQ(v.size(), data.size());
  EXPECT_EQ(Bytes(v.begin(), v.end()), data);
  // Consume in uneven steps; the view always starts at the first unconsumed byte.
  size_t off = 0;
  for (size_t step : {size_t{1}, size_t{16383}, size_t{20000}}) {
    p.server->consume_read(step);
    off += step;
    v = p.server->readable_view();
    ASSERT_EQ(v.size(), data.size() - off);
    EXPECT_EQ(v[0], data[off]);
  }
  p.server->consume_read(SIZE_MAX);  // more than is there: everything
  EXPECT_EQ(p.server->readable(), 0u);
  EXPECT_TRUE(p.server->readable_view().empty());
}

TEST(Data, SlowReaderGetsEveryByteInOrder) {
  // The reader always leaves a little unread, so new records are decrypted behind unread
  // data and the read buffer is compacted under it; every byte must still arrive in order.
  World w;
  Pair p = handshake(w.client_config(), w.server_config());
  const Bytes chunk = pattern(16384, 5);
  Bytes expect, got;
  Bytes buf(16000);
  for (int i = 0; i < 200; ++i) {
    ASSERT_TRUE(p.client->write(chunk));
    expect.insert(expect.end(), chunk.begin(), chunk.end());
    pump(p);
    size_t n = p.server->read(buf);
    got.insert(got.end(), buf.begin(), buf.begin() + static_cast<ptrdiff_t>(n));
    ASSERT_EQ(p.server->readable(), expect.size() - got.size()) << "round " << i;
  }
  while (size_t n = p.server->read(buf)) got.insert(got.end(), buf.begin(), buf.begin() + n);
  EXPECT_EQ(got, expect);
}

TEST(KeyUpdate, BothWaysWithAndWithoutRequest) {
  World w;
  auto cc = w.client_config();
  cc->record_events = true;
  Pair p = handshake(cc, w.server_config());
  ASSERT_TRUE(p.client->handshake_complete());
  while (p.client->next_event()) {}

  ASSERT_TRUE(p.client->key_update(false));
  pump(p);
  EXPECT_EQ(p.client->info().key_updates_sent, 1u);
  EXPECT_EQ(p.server->info().key_updates_received, 1u);
  EXPECT_EQ(p.server->info().key_updates_sent, 0u);
  Bytes d = pattern(5000, 4);
  EXPECT_EQ(send_all(p, true, d, d.size(), SIZE_MAX), d);
  EXPECT_EQ(send_all(p, false, d, d.size(), SIZE_MAX), d);

  // update_requested: the server answers with its own KeyUpdate.
  ASSERT_TRUE(p.client->key_update(true));
  pump(p);
  EXPECT_EQ(p.client->info().key_updates_sent, 2u);
  EXPECT_EQ(p.server->info().key_updates_received, 2u);
  EXPECT_EQ(p.server->info().key_updates_sent, 1u);
  EXPECT_EQ(p.client->info().key_updates_received, 1u);
  EXPECT_EQ(send_all(p, false, d, d.size(), SIZE_MAX), d);

  // And the server asking the client.
  ASSERT_TRUE(p.server->key_update(true));
  pump(p);
  EXPECT_EQ(p.server->info().key_updates_sent, 2u);
  EXPECT_EQ(p.client->info().key_updates_sent, 3u);
  EXPECT_EQ(send_all(p, true, d, d.size(), SIZE_MAX), d);
  EXPECT_EQ(send_all(p, false, d, d.size(), SIZE_MAX), d);
  EXPECT_FALSE(p.client_error);
  EXPECT_FALSE(p.server_error);

  int ku_events = 0, ku_messages = 0;
  while (auto e = p.client->next_event()) {
    if (e->kind == EventKind::key_update) ++ku_events;
    if (e->kind == EventKind::handshake_message && e->handshake_type == HandshakeType::key_update) {
      ++ku_messages;
      EXPECT_TRUE(e->encrypted);
      EXPECT_EQ(e->message.size(), 5u);
    }
  }
  EXPECT_EQ(ku_events, 5);    // 3 sent, 2 received
  EXPECT_EQ(ku_messages, 5);
}

TEST(KeyUpdate, AutomaticAtTheConfiguredRecordCount) {
  World w;
  auto cc = w.client_config();
  cc->key_update_after_records = 4;
  Pair p = handshake(cc, w.server_config());
  ASSERT_TRUE(p.client->handshake_complete());
  Bytes d = pattern(16384 * 20, 5);
  EXPECT_EQ(send_all(p, true, d, 16384, SIZE_MAX), d);
  EXPECT_GE(p.client->info().key_updates_sent, 3u);
  EXPECT_EQ(p.server->info().key_updates_received, p.client->info().key_updates_sent);
  EXPECT_FALSE(p.server_error);
}

TEST(KeyUpdate, BeforeTheHandshakeIsRefusedButNotFatal) {
  World w;
  Pair p = make_conns(w.client_config(), w.server_config());
  auto r = p.client->key_update(false);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::unexpected_message);
  EXPECT_FALSE(p.client->error());
  EXPECT_FALSE(p.client->write(as_bytes("early")));
  EXPECT_FALSE(p.client->error());
  pump(p);
  EXPECT_TRUE(p.client->handshake_complete());
}

TEST(Close, EofWithoutCloseNotifyIsAnError) {
  World w;
  Pair p = handshake(w.client_config(), w.server_config());
  auto r = p.client->feed_eof();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::peer_closed);
  EXPECT_EQ(r.error().party, Party::network);
}

TEST(Close, EofDuringTheHandshakeNamesTheStep) {
  World w;
  Pair p = make_conns(w.client_config(), w.server_config());
  auto r = p.client->feed_eof();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::peer_closed);
  EXPECT_EQ(r.error().step, Step::server_hello);
}

TEST(Close, DataAfterCloseNotifyIsIgnored) {
  World w;
  Pair p = handshake(w.client_config(), w.server_config());
  ASSERT_TRUE(p.server->write(as_bytes("before")));
  p.server->close();
  EXPECT_FALSE(p.server->write(as_bytes("after")));
  pump(p);
  EXPECT_TRUE(p.client->peer_closed());
  EXPECT_EQ(p.client->readable(), 6u);
  EXPECT_TRUE(p.client->feed_eof());
  EXPECT_EQ(p.server->info().alert_sent, std::nullopt);
}

}  // namespace
}  // namespace tlskit::test

namespace tlskit::test {
namespace {

TEST(Exporter, BothSidesDeriveTheSameKeyingMaterial) {
  World w;
  Pair p = make_conns(w.client_config(), w.server_config());
  EXPECT_FALSE(p.client->export_keying_material("EXPORTER-test", {}, 32));
  EXPECT_EQ(p.client->step(), Step::server_hello);
  EXPECT_EQ(p.server->step(), Step::client_hello);
  pump(p);
  EXPECT_EQ(p.server->step(), Step::post_handshake);
  Bytes ctx = {1, 2, 3};
  auto a = p.client->export_keying_material("EXPORTER-test", ctx, 48);
  auto b = p.server->export_keying_material("EXPORTER-test", ctx, 48);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->size(), 48u);
  EXPECT_EQ(*a, *b);
  auto c = p.server->export_keying_material("EXPORTER-other", ctx, 48);
  ASSERT_TRUE(c);
  EXPECT_NE(*a, *c);
}

}  // namespace
}  // namespace tlskit::test

namespace tlskit::test {
namespace {

TEST(Fragmentation, HandshakeMessagesSpanningManySmallRecords) {
  World w;
  auto cc = w.client_config();
  cc->max_fragment = 64;
  cc->client_certificate = pki().client();
  auto sc = w.server_config({LeafKind::rsa2048});
  sc->max_fragment = 64;
  sc->client_auth = ClientAuth::require;
  Pair p = handshake(cc, sc);
  ASSERT_TRUE(p.client->handshake_complete()) << err_text(p.client_error);
  ASSERT_TRUE(p.server->handshake_complete()) << err_text(p.server_error);
  Bytes d(1000, 0x5a);
  ASSERT_TRUE(p.client->write(d));
  pump(p);
  EXPECT_EQ(p.server->readable(), d.size());
}

}  // namespace
}  // namespace tlskit::test

namespace tlskit::test {
namespace {

TEST(Close, NoKeyUpdateAnswerAfterOurCloseNotify) {
  World w;
  Pair p = handshake(w.client_config(), w.server_config());
  ASSERT_TRUE(p.client->handshake_complete());
  p.server->close();
  take_output(*p.server);  // the close_notify is "lost" for this test
  ASSERT_TRUE(p.client->key_update(true));
  ASSERT_TRUE(p.client->write(as_bytes("late data")));
  transfer(*p.client, *p.server, p.server_error);
  EXPECT_FALSE(p.server_error) << err_text(p.server_error);
  EXPECT_EQ(p.server->info().key_updates_received, 1u);
  EXPECT_EQ(p.server->info().key_updates_sent, 0u);
  EXPECT_TRUE(p.server->pending_output().empty());
  EXPECT_EQ(p.server->readable(), 9u);  // reading continues after our close_notify
}

}  // namespace
}  // namespace tlskit::test
