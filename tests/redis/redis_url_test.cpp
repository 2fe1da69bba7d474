// parse_redis_url: redis://HOST:PORT, and a clear error for everything else.
#include <gtest/gtest.h>

#include "tlskit/redis.h"

namespace tlskit {
namespace {

std::string error_of(std::string_view url) {
  auto r = parse_redis_url(url);
  EXPECT_FALSE(r.ok()) << url;
  if (r.ok()) return "";
  EXPECT_EQ(r.error().code, ErrorCode::config_invalid);
  EXPECT_EQ(r.error().party, Party::config);
  return r.error().detail;
}

TEST(RedisUrl, HostAndPort) {
  auto r = parse_redis_url("redis://127.0.0.1:6380");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->host, "127.0.0.1");
  EXPECT_EQ(r->port, 6380);
  EXPECT_EQ(r->key_prefix, "tlskit:");
  EXPECT_EQ(r->timeout.count(), 200);

  auto named = parse_redis_url("REDIS://cache.internal:6379/");
  ASSERT_TRUE(named.ok()) << named.error().to_string();
  EXPECT_EQ(named->host, "cache.internal");
  EXPECT_EQ(named->port, 6379);

  auto v6 = parse_redis_url("redis://[::1]:7000");
  ASSERT_TRUE(v6.ok()) << v6.error().to_string();
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 7000);
}

TEST(RedisUrl, TlsIsRefusedWithAReason) {
  std::string why = error_of("rediss://127.0.0.1:6379");
  EXPECT_NE(why.find("rediss://"), std::string::npos) << why;
  EXPECT_NE(why.find("not supported"), std::string::npos) << why;
}

TEST(RedisUrl, EverythingElseIsAClearError) {
  EXPECT_NE(error_of("127.0.0.1:6379").find("expected redis://HOST:PORT"), std::string::npos);
  EXPECT_NE(error_of("http://127.0.0.1:6379").find("unsupported scheme 'http'"), std::string::npos);
  EXPECT_NE(error_of("redis://127.0.0.1").find("no port"), std::string::npos);
  EXPECT_NE(error_of("redis://127.0.0.1:").find("no port"), std::string::npos);
  EXPECT_NE(error_of("redis://:6379").find("no host"), std::string::npos);
  EXPECT_NE(error_of("redis://127.0.0.1:0").find("not a number from 1 to 65535"), std::string::npos);
  EXPECT_NE(error_of("redis://127.0.0.1:65536").find("1 to 65535"), std::string::npos);
  EXPECT_NE(error_of("redis://127.0.0.1:63x9").find("'63x9'"), std::string::npos);
  EXPECT_NE(error_of("redis://user:secret@127.0.0.1:6379").find("passwords are not supported"),
            std::string::npos);
  EXPECT_NE(error_of("redis://127.0.0.1:6379/2").find("database numbers"), std::string::npos);
  EXPECT_NE(error_of("redis://127.0.0.1:6379?db=1").find("query"), std::string::npos);
  EXPECT_NE(error_of("redis://::1:6379").find("brackets"), std::string::npos);
  EXPECT_NE(error_of("redis://[::1]").find("no port"), std::string::npos);
  EXPECT_NE(error_of("unix:///run/redis.sock").find("Unix socket"), std::string::npos);
  // The detail quotes the URL it is about.
  EXPECT_NE(error_of("redis://h").find("'redis://h'"), std::string::npos);
}

TEST(RedisSettingsCheck, BadSettingsAreRefusedBeforeAnyConnection) {
  RedisSettings s;
  s.host = "";
  auto g = make_redis_replay_guard(s);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().code, ErrorCode::config_invalid);
  s.host = "127.0.0.1";
  s.timeout = std::chrono::milliseconds(0);
  EXPECT_FALSE(make_redis_replay_guard(s).ok());
  s.timeout = std::chrono::milliseconds(200);
  s.key_prefix = "";
  EXPECT_FALSE(make_redis_replay_guard(s).ok());

  RedisSettings good;
  TicketKeySettings never;
  never.rotation_interval = 0;
  auto k = make_redis_ticket_keys(good, never);
  ASSERT_FALSE(k.ok());
  EXPECT_EQ(k.error().code, ErrorCode::config_invalid);
  EXPECT_NE(k.error().detail.find("rotation interval"), std::string::npos);
  TicketKeySettings too_long;
  too_long.rotation_interval = 60;
  too_long.ticket_lifetime = 7 * 24 * 3600;
  EXPECT_NE(make_redis_ticket_keys(good, too_long).error().detail.find("rotation intervals"),
            std::string::npos);
}

TEST(RedisSettingsCheck, DefaultsRotateHourly) {
  TicketKeySettings s = redis_ticket_key_settings();
  EXPECT_EQ(s.rotation_interval, 3600u);
  EXPECT_EQ(s.ticket_lifetime, 7200u);
}

}  // namespace
}  // namespace tlskit
