// The 0-RTT anti-replay store of a fleet (RFC 8446 §8.1 across servers): a ReplayGuard that
// records ids in Redis with SET NX, so an id is accepted once by all servers sharing the Redis
// and key prefix. Fails closed: any Redis error refuses the id (that client does 1-RTT).
#pragma once
#include <memory>

#include "session/redis/outage_log.h"
#include "session/redis/redis_connection.h"
#include "session/anti_replay.h"

namespace tlskit::redis {

// A session::ReplayGuard over one RedisConnection. Thread-safe.
class RedisReplayGuard final : public session::ReplayGuard {
 public:
  // Keys are "<prefix>replay:<hex id>". Logs outages through the connection's settings.
  explicit RedisReplayGuard(std::shared_ptr<RedisConnection> connection);

  // SET <prefix>replay:<hex id> 1 NX EX <expires - now, at least 1>: true when the key was
  // set (first use); false when it existed (a replay), when id is empty or over
  // kMaxReplayIdSize bytes, when expires is before now, and on any Redis failure (fail
  // closed; the first failure of an outage is logged, and the recovery).
  bool first_use(ByteView id, int64_t now, int64_t expires) override;

  // The key an id is recorded under.
  std::string key_for(ByteView id) const;

 private:
  std::shared_ptr<RedisConnection> connection_;
  OutageLog outage_;
};

}  // namespace tlskit::redis
