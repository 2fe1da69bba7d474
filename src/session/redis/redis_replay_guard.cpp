// RedisReplayGuard: SET NX EX per id.
#include "session/redis/redis_replay_guard.h"

#include <algorithm>

#include "session/redis/redis_error.h"

namespace tlskit::redis {

RedisReplayGuard::RedisReplayGuard(std::shared_ptr<RedisConnection> connection)
    : connection_(std::move(connection)),
      outage_(connection_->settings().log,
              "0-RTT is refused (fail closed) until Redis answers again; those clients fall "
              "back to a 1-RTT handshake",
              "0-RTT anti-replay works again") {}

std::string RedisReplayGuard::key_for(ByteView id) const {
  return connection_->settings().key_prefix + "replay:" + to_hex(id);
}

bool RedisReplayGuard::first_use(ByteView id, int64_t now, int64_t expires) {
  if (id.empty() || id.size() > session::kMaxReplayIdSize) return false;
  if (expires < now) return false;  // already expired: nothing to accept
  // RFC 8446 §8.1: the id must be remembered while the ticket can still be used; EX needs >= 1.
  const int64_t seconds = std::max<int64_t>(1, expires - now);
  auto reply = connection_->command({"SET", key_for(id), "1", "NX", "EX", std::to_string(seconds)});
  if (!reply) {
    outage_.failure(reply.error());
    return false;
  }
  if (reply->is_status("OK")) {
    outage_.success(connection_->name());
    return true;
  }
  if (reply->is_nil()) {  // NX: the key exists, this id was used before
    outage_.success(connection_->name());
    return false;
  }
  outage_.failure(redis_network_error(
      ErrorCode::io_error, connection_->name() + ": SET NX answered " + reply->describe()));
  return false;
}

}  // namespace tlskit::redis
