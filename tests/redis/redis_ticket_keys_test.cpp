// Ticket keys shared through a real redis-server: two instances agree on the current key and
// open each other's tickets, rotation at a period boundary (times injected), a clock slightly
// ahead, and the keys already held keep working while Redis is stopped.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "session/redis/redis_connection.h"
#include "session/redis/redis_factories.h"
#include "session/redis/redis_ticket_key_source.h"
#include "redis_server.h"
#include "session/ticket_keys.h"
#include "tlskit/redis.h"

namespace tlskit::test {
namespace {

constexpr uint32_t kInterval = 60;   // one period = one minute of injected time
constexpr uint32_t kLifetime = 120;  // tickets live two periods
constexpr int64_t kT0 = 1700000040;  // the start of a period (multiple of 60)

class RedisTicketKeysTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (redis_server_binary().empty()) GTEST_SKIP() << "redis-server is not installed";
    ASSERT_TRUE(server.start()) << server.why();
  }
  // One server instance's keys, first fetched at now.
  std::shared_ptr<session::TicketKeys> instance(int64_t now, std::string* log = nullptr) {
    TicketKeySettings k;
    k.rotation_interval = kInterval;
    k.ticket_lifetime = kLifetime;
    auto keys = redis::make_redis_ticket_keys_at(server.settings(log), k, now);
    EXPECT_TRUE(keys.ok()) << keys.error().to_string();
    return keys.ok() ? *keys : nullptr;
  }
  Bytes seal(session::TicketKeys& k, int64_t now, uint8_t fill = 0x42) {
    auto t = k.seal(Bytes(40, fill), rng, now);
    EXPECT_TRUE(t.ok()) << t.error().to_string();
    return t.ok() ? *t : Bytes{};
  }
  static std::array<uint8_t, 16> name_of(const Bytes& ticket) {
    std::array<uint8_t, 16> n{};
    std::copy(ticket.begin(), ticket.begin() + 16, n.begin());
    return n;
  }
  RedisServer server;
  DeterministicRng rng{9};
};

TEST_F(RedisTicketKeysTest, TwoInstancesAgreeAndOpenEachOthersTickets) {
  auto a = instance(kT0);
  auto b = instance(kT0 + 5);
  ASSERT_TRUE(a && b);
  EXPECT_TRUE(a->shared());
  EXPECT_EQ(a->current_name(), b->current_name());
  EXPECT_EQ(a->options().rotation_interval, kInterval);
  EXPECT_EQ(a->options().ticket_lifetime, kLifetime);

  Bytes from_a = seal(*a, kT0 + 10, 0x01);
  Bytes from_b = seal(*b, kT0 + 10, 0x02);
  EXPECT_EQ(name_of(from_a), a->current_name());
  auto opened = b->open(from_a, kT0 + 11);
  ASSERT_TRUE(opened.has_value());
  EXPECT_FALSE(opened->renew);
  EXPECT_EQ(Bytes(opened->plaintext.view().begin(), opened->plaintext.view().end()),
            Bytes(40, 0x01));
  ASSERT_TRUE(a->open(from_b, kT0 + 11).has_value());

  // The key lives in Redis under <prefix>ticketkey:<period>, 48 bytes, with an expiry of a few
  // periods plus the ticket lifetime; the next period's key exists already.
  redis::RedisConnection conn(server.settings());
  const int64_t period = kT0 / kInterval;
  auto value = conn.command({"GET", "tlskit-test:ticketkey:" + std::to_string(period)});
  ASSERT_TRUE(value.ok());
  ASSERT_EQ(value->str.size(), 48u);
  EXPECT_TRUE(std::equal(value->str.begin(), value->str.begin() + 16, a->current_name().begin(),
                         [](char c, uint8_t u) { return static_cast<uint8_t>(c) == u; }));
  auto ttl = conn.command({"TTL", "tlskit-test:ticketkey:" + std::to_string(period)});
  ASSERT_TRUE(ttl.ok());
  EXPECT_GT(ttl->integer, 3 * int64_t{kInterval});
  EXPECT_LE(ttl->integer, 3 * int64_t{kInterval} + kLifetime);
  auto next = conn.command({"EXISTS", "tlskit-test:ticketkey:" + std::to_string(period + 1)});
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->integer, 1);
}

TEST_F(RedisTicketKeysTest, ManyInstancesRacingForANewPeriodAllGetTheWinner) {
  std::vector<std::shared_ptr<session::TicketKeys>> fleet;
  for (int i = 0; i < 6; ++i) fleet.push_back(instance(kT0 + 600));  // a period nobody made yet
  for (auto& k : fleet) {
    ASSERT_TRUE(k);
    EXPECT_EQ(k->current_name(), fleet[0]->current_name());
  }
}

TEST_F(RedisTicketKeysTest, RotationAtAPeriodBoundaryKeepsEarlierTicketsOpening) {
  auto a = instance(kT0);
  auto b = instance(kT0);
  ASSERT_TRUE(a && b);
  const auto first_name = a->current_name();
  Bytes old_ticket = seal(*a, kT0 + kInterval - 1);  // the last second of the first period
  EXPECT_EQ(name_of(old_ticket), first_name);

  // The next period: both move to the key made ahead of time, and still open the old ticket
  // (asking for a fresh one: renew).
  const int64_t t1 = kT0 + kInterval;
  Bytes new_ticket = seal(*a, t1);
  EXPECT_NE(name_of(new_ticket), first_name);
  EXPECT_EQ(a->current_name(), name_of(new_ticket));
  auto old_at_b = b->open(old_ticket, t1 + 1);
  ASSERT_TRUE(old_at_b.has_value());
  EXPECT_TRUE(old_at_b->renew);
  EXPECT_EQ(b->current_name(), a->current_name());
  EXPECT_TRUE(b->has_previous());
  auto new_at_b = b->open(new_ticket, t1 + 1);
  ASSERT_TRUE(new_at_b.has_value());
  EXPECT_FALSE(new_at_b->renew);

  // Two periods later the first key's tickets (lifetime 120 s) have ended: refused.
  EXPECT_TRUE(b->open(old_ticket, kT0 + kInterval - 1 + kLifetime).has_value());
  EXPECT_FALSE(b->open(old_ticket, kT0 + 3 * kInterval + 1).has_value());
  EXPECT_TRUE(b->open(new_ticket, kT0 + 3 * kInterval).has_value());
}

TEST_F(RedisTicketKeysTest, AnInstanceWhoseClockIsAheadSealsWithAKeyTheOthersHold) {
  auto behind = instance(kT0 + 50);
  auto ahead = instance(kT0 + 62);  // already in the next period
  ASSERT_TRUE(behind && ahead);
  Bytes t = seal(*ahead, kT0 + 62);
  // The instance still in the first period opens it with its "next" key, without asking Redis.
  server.stop();
  auto opened = behind->open(t, kT0 + 55);
  ASSERT_TRUE(opened.has_value());
}

TEST_F(RedisTicketKeysTest, HeldKeysKeepWorkingWhileRedisIsStopped) {
  std::string log_a;
  auto a = instance(kT0, &log_a);
  auto b = instance(kT0);
  ASSERT_TRUE(a && b);
  Bytes before = seal(*a, kT0 + 1);

  server.stop();
  // Same period: seal and open as before, across the two instances.
  Bytes during = seal(*a, kT0 + 30);
  EXPECT_TRUE(b->open(during, kT0 + 31).has_value());
  EXPECT_TRUE(b->open(before, kT0 + 31).has_value());

  // The next period cannot be fetched: both seal with the "next" key they already hold, so
  // they still agree, and the earlier tickets still open.
  const int64_t t1 = kT0 + kInterval + 5;
  Bytes later_a = seal(*a, t1);
  Bytes later_b = seal(*b, t1);
  EXPECT_EQ(name_of(later_a), name_of(later_b));
  EXPECT_NE(name_of(later_a), name_of(before));
  EXPECT_TRUE(b->open(later_a, t1 + 1).has_value());
  EXPECT_TRUE(a->open(later_b, t1 + 1).has_value());
  EXPECT_TRUE(a->open(before, t1 + 1).has_value());
  // Long after, still with the newest key held.
  EXPECT_TRUE(seal(*a, t1 + 10 * kInterval).size() > 0);
  EXPECT_NE(log_a.find("ticket keys are not refreshed"), std::string::npos) << log_a;
  EXPECT_EQ(log_a.find("ticket keys are not refreshed"), log_a.rfind("ticket keys are not refreshed"))
      << "logged more than once: " << log_a;

  // Redis is back (empty): the instances make and agree on new keys and say so.
  ASSERT_TRUE(server.start()) << server.why();
  const int64_t t2 = t1 + 11 * kInterval;
  int64_t last = t2;
  bool refreshed = false;
  for (int i = 0; i < 50 && !refreshed; ++i) {
    last = t2 + i;  // a failed fetch is retried from the next second on
    seal(*a, last);
    refreshed = log_a.find("reachable again") != std::string::npos;
    if (!refreshed) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(refreshed) << log_a;
  seal(*b, last);
  EXPECT_EQ(a->current_name(), b->current_name());
}

TEST_F(RedisTicketKeysTest, ThreadsSealAndOpenAcrossAPeriodChange) {
  auto a = instance(kT0);
  auto b = instance(kT0);
  ASSERT_TRUE(a && b);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      DeterministicRng r(100 + t);
      for (int i = 0; i < 50; ++i) {
        const int64_t now = kT0 + 50 + i / 2;  // crosses into the next period
        auto ticket = (t % 2 ? a : b)->seal(Bytes(30, 0x11), r, now);
        if (!ticket || !(t % 2 ? b : a)->open(*ticket, now)) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(a->current_name(), b->current_name());
}

TEST_F(RedisTicketKeysTest, NoKeysHeldAndRedisDownFailsAtCreation) {
  std::string log;
  RedisSettings s = server.settings(&log);
  server.stop();
  auto keys = make_redis_ticket_keys(s);
  ASSERT_FALSE(keys.ok());
  EXPECT_EQ(keys.error().alert, Alert::none);
  EXPECT_EQ(log, "") << "the error is returned, not logged as an outage of held keys";
  EXPECT_EQ(keys.error().code, ErrorCode::connection_refused) << keys.error().to_string();
  EXPECT_EQ(keys.error().party, Party::network);
  EXPECT_NE(keys.error().detail.find("redis 127.0.0.1:" + std::to_string(s.port)),
            std::string::npos);
}

TEST_F(RedisTicketKeysTest, AMalformedStoredKeyIsAnErrorNotAKey) {
  redis::RedisConnection conn(server.settings());
  const int64_t period = (kT0 + 1200) / kInterval;
  ASSERT_TRUE(conn.command({"SET", "tlskit-test:ticketkey:" + std::to_string(period), "short"}).ok());
  TicketKeySettings k;
  k.rotation_interval = kInterval;
  k.ticket_lifetime = kLifetime;
  auto keys = redis::make_redis_ticket_keys_at(server.settings(), k, kT0 + 1200);
  ASSERT_FALSE(keys.ok());
  EXPECT_NE(keys.error().detail.find("not a 48-byte ticket key"), std::string::npos)
      << keys.error().detail;
}

}  // namespace
}  // namespace tlskit::test
