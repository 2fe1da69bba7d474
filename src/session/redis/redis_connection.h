// One connection to a Redis server, shared by the threads of one user (a replay guard, a key
// source): one mutex around it, commands with a timeout, reconnection when it fails (at most
// one connection attempt per reconnect_interval). hiredis stays inside the .cpp.
#pragma once
#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "session/redis/redis_reply.h"
#include "tlskit/redis.h"

struct redisContext;  // hiredis

namespace tlskit::redis {

// A blocking Redis client with timeouts. Thread-safe (commands are serialized).
class RedisConnection {
 public:
  // Does not connect yet; the first command does.
  explicit RedisConnection(const RedisSettings& settings);
  ~RedisConnection();
  RedisConnection(const RedisConnection&) = delete;
  RedisConnection& operator=(const RedisConnection&) = delete;

  // Sends one command, given as its arguments (binary-safe), and returns the reply, which may
  // be a Redis error reply (RedisReply::is_error). Connects first when not connected; fails
  // with connection_refused / timeout / io_error ("redis HOST:PORT: ...") when it cannot
  // connect (or, within reconnect_interval of a failed attempt, with that attempt's error),
  // or when the command gets no reply within the timeout; the connection is then dropped and
  // the next command reconnects.
  Result<RedisReply> command(const std::vector<std::string>& args);

  // "redis HOST:PORT", the prefix of every error detail.
  const std::string& name() const { return name_; }
  // The settings it was made with.
  const RedisSettings& settings() const { return settings_; }

 private:
  Result<void> connect_locked();
  void drop_locked();

  const RedisSettings settings_;
  const std::string name_;
  std::mutex mu_;
  redisContext* ctx_ = nullptr;
  std::chrono::steady_clock::time_point next_attempt_{};
  std::optional<Error> last_connect_error_;
};

// Checks settings shared by every Redis user: a host, a port, a key prefix, a timeout of at
// least 1 ms. config_invalid naming the bad field.
Result<void> check_redis_settings(const RedisSettings& settings);

}  // namespace tlskit::redis
