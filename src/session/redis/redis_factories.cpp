// The public factories of tlskit/redis.h over the Redis connection, guard and key source.
#include "session/redis/redis_factories.h"

#include "crypto/provider.h"
#include "session/redis/redis_connection.h"
#include "session/redis/redis_replay_guard.h"
#include "session/redis/redis_ticket_key_source.h"

namespace tlskit {

TicketKeySettings redis_ticket_key_settings() {
  TicketKeySettings s;
  s.rotation_interval = 3600;
  s.ticket_lifetime = 7200;
  return s;
}

Result<std::shared_ptr<session::ReplayGuard>> make_redis_replay_guard(
    const RedisSettings& settings) {
  TK_TRY(redis::check_redis_settings(settings));
  auto connection = std::make_shared<redis::RedisConnection>(settings);
  return std::shared_ptr<session::ReplayGuard>(
      std::make_shared<redis::RedisReplayGuard>(std::move(connection)));
}

Result<std::shared_ptr<session::TicketKeys>> make_redis_ticket_keys(
    const RedisSettings& settings, const TicketKeySettings& keys) {
  return redis::make_redis_ticket_keys_at(settings, keys, SystemClock::instance().unix_seconds());
}

namespace redis {

Result<std::shared_ptr<session::TicketKeys>> make_redis_ticket_keys_at(
    const RedisSettings& settings, const TicketKeySettings& keys, int64_t now,
    uint32_t recheck_interval) {
  TK_TRY(check_redis_settings(settings));
  TK_TRY(RedisTicketKeySource::check(keys.rotation_interval, keys.ticket_lifetime));
  const crypto::Provider& provider = crypto::default_provider();
  auto connection = std::make_shared<RedisConnection>(settings);
  auto source = std::make_shared<RedisTicketKeySource>(
      std::move(connection), keys.rotation_interval, keys.ticket_lifetime, provider.system_rng());
  session::TicketKeyOptions options;
  options.rotation_interval = keys.rotation_interval;
  options.ticket_lifetime = keys.ticket_lifetime;
  return session::TicketKeys::from_source(provider, std::move(source), now, options,
                                          recheck_interval);
}

}  // namespace redis
}  // namespace tlskit
