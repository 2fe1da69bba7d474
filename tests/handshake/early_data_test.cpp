// TLS 1.3 0-RTT (RFC 8446 §2.3, §4.2.10, §8): early data accepted and delivered first, the
// anti-replay checks that are always on (single use per ticket, ticket-age freshness), every
// reason for a refusal on both sides, the limit on early data, EndOfEarlyData and the keys
// around it, and the key log.
#include <gtest/gtest.h>

#include <string>

#include "harness.h"
#include "session/ticket_keys.h"
#include "tlskit/resumption.h"
#include "tlskit/session.h"

namespace tlskit::test {
namespace {

const std::string kRequest = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";

Bytes bytes_of(const std::string& s) { return Bytes(s.begin(), s.end()); }

// A server that accepts 0-RTT, with its own replay store, and a client that resumes.
struct ZeroRtt {
  World w;
  DeterministicRng key_rng{78};
  std::shared_ptr<session::TicketKeys> keys =
      *session::TicketKeys::create(crypto::default_provider(), key_rng, test_now());
  std::shared_ptr<session::ReplayGuard> guard = make_replay_guard();

  std::shared_ptr<Config> server(uint32_t max_early = 4096) {
    auto sc = w.server_config();
    sc->ticket_keys = keys;
    sc->max_early_data_size = max_early;
    sc->replay_guard = guard;
    return sc;
  }
  // A full handshake; returns the session the client keeps.
  Session first(std::shared_ptr<Config> sc = nullptr) {
    Pair p = handshake(w.client_config(), sc ? sc : server());
    EXPECT_TRUE(p.client->handshake_complete()) << err_text(p.client_error);
    auto s = p.client->session();
    EXPECT_TRUE(s.has_value());
    return *s;
  }
  // A resumed connection with early data, run to the end of the handshake.
  Pair resume(const Session& s, std::shared_ptr<const Config> sc, const std::string& early,
              std::shared_ptr<Config> cc = nullptr, bool resend = false) {
    ConnectOptions o;
    o.resume_session = std::make_shared<const Session>(s);
    o.early_data = bytes_of(early);
    o.resend_rejected_early_data = resend;
    Pair p;
    auto c = Connection::client(cc ? cc : w.client_config(), o);
    EXPECT_TRUE(c) << c.error().to_string();
    auto sv = Connection::server(std::move(sc));
    EXPECT_TRUE(sv) << sv.error().to_string();
    if (!c || !sv) return p;
    p.client = std::move(*c);
    p.server = std::move(*sv);
    pump(p);
    return p;
  }
};

std::string read_all(Connection& c) {
  std::string out(c.readable(), '\0');
  c.read(MutableByteView(reinterpret_cast<uint8_t*>(out.data()), out.size()));
  return out;
}

TEST(EarlyData, AcceptedDataArrivesFirstAndIsMarkedAsEarly) {
  ZeroRtt z;
  auto sc = z.server();
  Session s = z.first(sc);
  EXPECT_TRUE(s.has_ticket());

  std::vector<std::string> client_log, server_log;
  auto cc = z.w.client_config();
  cc->key_log = [&](std::string_view l) { client_log.emplace_back(l); };
  auto sc2 = std::make_shared<Config>(*sc);
  sc2->key_log = [&](std::string_view l) { server_log.emplace_back(l); };
  Pair p = z.resume(s, sc2, kRequest, cc);
  ASSERT_TRUE(p.client->handshake_complete()) << err_text(p.client_error) << err_text(p.server_error);
  ASSERT_TRUE(p.server->handshake_complete()) << err_text(p.server_error);
  EXPECT_TRUE(p.server->info().resumed);
  for (const Connection* c : {p.client.get(), p.server.get()}) {
    const EarlyDataInfo& e = c->info().early_data;
    EXPECT_TRUE(e.offered);
    EXPECT_TRUE(e.accepted);
    EXPECT_EQ(e.bytes, kRequest.size());
    EXPECT_EQ(e.reason, EarlyDataReason::none);
  }
  // The early data is the start of the stream; 1-RTT data follows it.
  ASSERT_TRUE(p.client->write(bytes_of("after")));
  pump(p);
  EXPECT_EQ(read_all(*p.server), kRequest + "after");
  ASSERT_TRUE(p.server->write(bytes_of("answer")));
  pump(p);
  EXPECT_EQ(read_all(*p.client), "answer");
  // Both sides log the same early secrets (NSS key log format).
  auto find = [](const std::vector<std::string>& log, const std::string& label) {
    for (const auto& l : log)
      if (l.rfind(label + " ", 0) == 0) return l;
    return std::string();
  };
  for (const char* label : {"CLIENT_EARLY_TRAFFIC_SECRET", "EARLY_EXPORTER_SECRET"}) {
    EXPECT_FALSE(find(client_log, label).empty()) << label;
    EXPECT_EQ(find(client_log, label), find(server_log, label)) << label;
  }
}

TEST(EarlyData, TheTicketSaysHowMuchAndTheLadderShowsEndOfEarlyData) {
  ZeroRtt z;
  auto sc = z.server(1000);
  Session s = z.first(sc);
  auto cc = z.w.client_config();
  cc->record_events = true;
  // More than the ticket allows is not offered at all.
  Pair big = z.resume(s, sc, std::string(1001, 'x'), cc);
  ASSERT_TRUE(big.client->handshake_complete());
  EXPECT_FALSE(big.client->info().early_data.offered);
  EXPECT_EQ(big.client->info().early_data.reason, EarlyDataReason::too_large);
  EXPECT_FALSE(big.server->info().early_data.offered);

  Session s2 = z.first(sc);
  Pair p = z.resume(s2, sc, "hello", cc);
  ASSERT_TRUE(p.client->handshake_complete());
  bool eoed = false, early_sent = false;
  while (auto e = p.client->next_event()) {
    if (e->kind == EventKind::early_data && e->direction == Direction::sent) early_sent = true;
    if (e->kind == EventKind::handshake_message &&
        e->handshake_type == HandshakeType::end_of_early_data && e->direction == Direction::sent) {
      EXPECT_TRUE(e->encrypted);
      eoed = true;
    }
  }
  EXPECT_TRUE(early_sent);
  EXPECT_TRUE(eoed);
}

TEST(EarlyData, ASecondUseOfTheTicketIsRefusedButStillResumes) {
  ZeroRtt z;
  auto sc = z.server();
  Session s = z.first(sc);
  Pair once = z.resume(s, sc, kRequest);
  ASSERT_TRUE(once.server->info().early_data.accepted);
  // The same session again (a client that kept it, or an attacker who copied it).
  Pair twice = z.resume(s, sc, kRequest);
  ASSERT_TRUE(twice.client->handshake_complete()) << err_text(twice.client_error);
  EXPECT_TRUE(twice.server->info().resumed);
  EXPECT_FALSE(twice.server->info().early_data.accepted);
  EXPECT_EQ(twice.server->info().early_data.reason, EarlyDataReason::replay);
  EXPECT_EQ(twice.client->info().early_data.reason, EarlyDataReason::rejected);
  EXPECT_EQ(twice.server->readable(), 0u);  // never delivered
  EXPECT_EQ(twice.server->info().early_data.bytes, 0u);
}

TEST(EarlyData, AReplayedClientHelloIsNeverProcessedTwice) {
  ZeroRtt z;
  auto sc = z.server();
  Session s = z.first(sc);
  ConnectOptions o;
  o.resume_session = std::make_shared<const Session>(s);
  o.early_data = bytes_of(kRequest);
  auto c = Connection::client(z.w.client_config(), o);
  ASSERT_TRUE(c);
  // What an attacker records: the ClientHello, the CCS and the early data records.
  const Bytes flight((*c)->pending_output().begin(), (*c)->pending_output().end());
  int delivered = 0;
  for (int i = 0; i < 3; ++i) {  // the original, then two replays (another instance, same store)
    auto srv = Connection::server(sc);
    ASSERT_TRUE(srv);
    ASSERT_TRUE((*srv)->feed(flight)) << i;
    if ((*srv)->readable() > 0) {
      ++delivered;
      EXPECT_EQ(read_all(**srv), kRequest);
    }
    EXPECT_EQ((*srv)->info().early_data.reason,
              i == 0 ? EarlyDataReason::none : EarlyDataReason::replay);
  }
  EXPECT_EQ(delivered, 1);
}

TEST(EarlyData, RefusedDataIsResentOnlyWhenAsked) {
  ZeroRtt z;
  auto off = z.server(0);  // 0-RTT off: tickets carry no early data
  Session s = z.first(off);
  Pair quiet = z.resume(s, off, kRequest);
  ASSERT_TRUE(quiet.client->handshake_complete());
  EXPECT_FALSE(quiet.client->info().early_data.offered);
  EXPECT_EQ(quiet.client->info().early_data.reason, EarlyDataReason::ticket_forbids);
  pump(quiet);
  EXPECT_EQ(quiet.server->readable(), 0u);

  Session s2 = z.first(off);
  Pair resent = z.resume(s2, off, kRequest, nullptr, /*resend=*/true);
  ASSERT_TRUE(resent.client->handshake_complete());
  pump(resent);
  EXPECT_EQ(read_all(*resent.server), kRequest);
  EXPECT_EQ(resent.server->info().early_data.bytes, 0u);

  // The server refused it (a replay): the client resends it in 1-RTT when asked.
  auto sc = z.server();
  Session s3 = z.first(sc);
  Pair first = z.resume(s3, sc, "x");
  ASSERT_TRUE(first.server->info().early_data.accepted);
  Pair again = z.resume(s3, sc, kRequest, nullptr, /*resend=*/true);
  ASSERT_TRUE(again.client->handshake_complete());
  EXPECT_TRUE(again.client->info().early_data.offered);
  EXPECT_FALSE(again.client->info().early_data.accepted);
  pump(again);
  EXPECT_EQ(read_all(*again.server), kRequest);
}

TEST(EarlyData, AServerWithoutZeroRttSkipsTheData) {
  ZeroRtt z;
  auto sc = z.server();
  Session s = z.first(sc);
  auto off = std::make_shared<Config>(*sc);
  off->max_early_data_size = 0;  // the operator turned 0-RTT off; the ticket still allows it
  Pair p = z.resume(s, off, kRequest);
  ASSERT_TRUE(p.client->handshake_complete()) << err_text(p.client_error) << err_text(p.server_error);
  EXPECT_TRUE(p.server->info().resumed);
  EXPECT_EQ(p.server->info().early_data.reason, EarlyDataReason::disabled);
  EXPECT_EQ(p.server->readable(), 0u);
  ASSERT_TRUE(p.client->write(bytes_of("1rtt")));
  pump(p);
  EXPECT_EQ(read_all(*p.server), "1rtt");
}

TEST(EarlyData, AnOldClientHelloIsRefused) {
  ZeroRtt z;
  auto sc = z.server();
  Session s = z.first(sc);
  // The client's clock says the ticket is 30 s older than the server knows it is: outside the
  // 10 s freshness window (RFC 8446 §8.3), as a ClientHello replayed 30 s later would be.
  FixedClock later(test_now() + 30, 1000);
  auto cc = z.w.client_config();
  cc->clock = &later;
  Pair p = z.resume(s, sc, kRequest, cc);
  ASSERT_TRUE(p.client->handshake_complete()) << err_text(p.client_error);
  EXPECT_TRUE(p.server->info().resumed);
  EXPECT_EQ(p.server->info().early_data.reason, EarlyDataReason::too_old);
  EXPECT_EQ(p.server->readable(), 0u);
}

TEST(EarlyData, AnotherSuiteRefusesEarlyDataButResumes) {
  ZeroRtt z;
  auto sc = z.server();
  Session s = z.first(sc);  // TLS_AES_128_GCM_SHA256
  auto chacha = std::make_shared<Config>(*sc);
  chacha->cipher_suites = {CipherSuite::TLS_CHACHA20_POLY1305_SHA256,
                           CipherSuite::TLS_AES_128_GCM_SHA256};
  Pair p = z.resume(s, chacha, kRequest);
  ASSERT_TRUE(p.client->handshake_complete()) << err_text(p.client_error);
  EXPECT_TRUE(p.server->info().resumed);
  EXPECT_EQ(p.server->info().early_data.reason, EarlyDataReason::parameters_changed);
}

TEST(EarlyData, HelloRetryRequestRefusesEarlyData) {
  ZeroRtt z;
  auto sc = z.server();
  Session s = z.first(sc);
  auto p384 = std::make_shared<Config>(*sc);
  p384->groups = {NamedGroup::secp384r1};  // the client sent no share for it
  Pair p = z.resume(s, p384, kRequest);
  ASSERT_TRUE(p.client->handshake_complete()) << err_text(p.client_error) << err_text(p.server_error);
  EXPECT_TRUE(p.client->info().hello_retry);
  EXPECT_TRUE(p.server->info().resumed);
  EXPECT_EQ(p.server->info().early_data.reason, EarlyDataReason::hello_retry);
  EXPECT_EQ(p.client->info().early_data.reason, EarlyDataReason::hello_retry);
  EXPECT_EQ(p.server->readable(), 0u);
}

TEST(EarlyData, MoreThanTheServerAllowsIsUnexpectedMessage) {
  ZeroRtt z;
  Session s = z.first(z.server(4096));
  // The ticket allows 4096 bytes, but this server (same keys) now allows 16.
  Pair p = z.resume(s, z.server(16), std::string(100, 'x'));
  ASSERT_TRUE(p.server_error.has_value());
  EXPECT_EQ(p.server_error->alert, Alert::unexpected_message);
  EXPECT_EQ(p.server_error->step, Step::end_of_early_data);
}

TEST(EarlyData, NoSessionNoEarlyData) {
  ZeroRtt z;
  ConnectOptions o;
  o.early_data = bytes_of(kRequest);
  auto c = Connection::client(z.w.client_config(), o);
  ASSERT_TRUE(c);
  EXPECT_FALSE((*c)->info().early_data.offered);
  EXPECT_EQ((*c)->info().early_data.reason, EarlyDataReason::no_session);
}

TEST(EarlyData, ReasonsHaveNames) {
  EXPECT_STREQ(early_data_reason_name(EarlyDataReason::replay), "replay");
  EXPECT_STREQ(early_data_reason_name(EarlyDataReason::too_old), "too_old");
  EXPECT_STREQ(early_data_reason_name(EarlyDataReason::none), "none");
}

}  // namespace
}  // namespace tlskit::test
