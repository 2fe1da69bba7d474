// RedisReplayGuard against a real redis-server: an id is accepted once across two guards (two
// server instances), the expiry is honoured, and every id is refused while Redis is down
// (fail closed), with one log line per outage.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "session/redis/redis_connection.h"
#include "session/redis/redis_replay_guard.h"
#include "redis_server.h"
#include "session/anti_replay.h"
#include "tlskit/redis.h"

namespace tlskit::test {
namespace {

constexpr int64_t kNow = 1700000000;

Bytes id_of(uint8_t b, size_t n = 32) { return Bytes(n, b); }

size_t count_of(const std::string& text, std::string_view what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

class RedisReplayGuardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (redis_server_binary().empty()) GTEST_SKIP() << "redis-server is not installed";
    ASSERT_TRUE(server.start()) << server.why();
  }
  std::shared_ptr<session::ReplayGuard> guard(std::string* log = nullptr) {
    auto g = make_redis_replay_guard(server.settings(log));
    EXPECT_TRUE(g.ok()) << g.error().to_string();
    return g.ok() ? *g : nullptr;
  }
  RedisServer server;
};

TEST_F(RedisReplayGuardTest, AnIdIsAcceptedOnceAcrossTwoInstances) {
  auto a = guard();
  auto b = guard();
  EXPECT_TRUE(a->first_use(id_of(1), kNow, kNow + 60));
  EXPECT_FALSE(b->first_use(id_of(1), kNow, kNow + 60));  // a replay sent to the other instance
  EXPECT_FALSE(a->first_use(id_of(1), kNow, kNow + 60));  // and to the same one
  EXPECT_TRUE(b->first_use(id_of(2), kNow, kNow + 60));
  EXPECT_FALSE(a->first_use(id_of(2), kNow, kNow + 60));
}

TEST_F(RedisReplayGuardTest, ThreadsRacingOnTwoInstancesAcceptAnIdOnce) {
  auto a = guard();
  auto b = guard();
  std::atomic<int> accepted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      auto& g = (t % 2) ? *a : *b;
      for (uint8_t i = 0; i < 20; ++i)
        if (g.first_use(id_of(static_cast<uint8_t>(100 + i)), kNow, kNow + 60)) ++accepted;
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(accepted.load(), 20);  // each of the 20 ids once, whichever thread won
}

TEST_F(RedisReplayGuardTest, KeyLayoutAndExpiry) {
  auto conn = std::make_shared<redis::RedisConnection>(server.settings());
  redis::RedisReplayGuard g(conn);
  Bytes id = {0xde, 0xad, 0xbe, 0xef};
  EXPECT_EQ(g.key_for(id), "tlskit-test:replay:deadbeef");
  ASSERT_TRUE(g.first_use(id, kNow, kNow + 100));
  auto ttl = conn->command({"TTL", g.key_for(id)});
  ASSERT_TRUE(ttl.ok()) << ttl.error().to_string();
  ASSERT_EQ(ttl->type, redis::RedisReply::Type::integer);
  EXPECT_GE(ttl->integer, 98);
  EXPECT_LE(ttl->integer, 100);

  // An id recorded for one second is accepted again once Redis has expired it.
  Bytes short_lived = id_of(7);
  ASSERT_TRUE(g.first_use(short_lived, kNow, kNow + 1));
  EXPECT_FALSE(g.first_use(short_lived, kNow, kNow + 1));
  bool again = false;
  for (int i = 0; i < 40 && !again; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    again = g.first_use(short_lived, kNow, kNow + 1);
  }
  EXPECT_TRUE(again) << "the id did not expire within 4 s";
}

TEST_F(RedisReplayGuardTest, RefusesWhatTheInMemoryStoreRefuses) {
  auto g = guard();
  EXPECT_FALSE(g->first_use(Bytes{}, kNow, kNow + 10));
  EXPECT_FALSE(g->first_use(id_of(3, session::kMaxReplayIdSize + 1), kNow, kNow + 10));
  EXPECT_FALSE(g->first_use(id_of(3), kNow, kNow - 1));  // already expired
  EXPECT_TRUE(g->first_use(id_of(3, session::kMaxReplayIdSize), kNow, kNow));  // kept >= 1 s
}

TEST_F(RedisReplayGuardTest, FailsClosedWhileRedisIsDownAndRecovers) {
  std::string log;
  auto g = guard(&log);
  ASSERT_TRUE(g->first_use(id_of(10), kNow, kNow + 60));

  server.stop();
  // Every id is refused, fresh or not, and the outage is logged once.
  for (uint8_t i = 11; i < 16; ++i) EXPECT_FALSE(g->first_use(id_of(i), kNow, kNow + 60));
  EXPECT_EQ(count_of(log, "0-RTT is refused (fail closed)"), 1u) << log;
  EXPECT_NE(log.find("redis 127.0.0.1:" + std::to_string(server.port())), std::string::npos) << log;

  ASSERT_TRUE(server.start()) << server.why();  // same port, empty (no persistence)
  bool accepted = false;
  for (int i = 0; i < 100 && !accepted; ++i) {  // the reconnect interval is 20 ms here
    accepted = g->first_use(id_of(20), kNow, kNow + 60);
    if (!accepted) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(accepted);
  EXPECT_FALSE(g->first_use(id_of(20), kNow, kNow + 60));
  EXPECT_EQ(count_of(log, "reachable again"), 1u) << log;

  // A second outage is logged again.
  server.stop();
  EXPECT_FALSE(g->first_use(id_of(21), kNow, kNow + 60));
  EXPECT_EQ(count_of(log, "0-RTT is refused (fail closed)"), 2u) << log;
}

TEST_F(RedisReplayGuardTest, AnUnreachableServerIsRefusedWithinTheTimeout) {
  RedisSettings s = server.settings();
  server.stop();
  s.timeout = std::chrono::milliseconds(100);
  auto g = make_redis_replay_guard(s);
  ASSERT_TRUE(g.ok());
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_FALSE((*g)->first_use(id_of(30), kNow, kNow + 60));
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(2));
}

}  // namespace
}  // namespace tlskit::test
