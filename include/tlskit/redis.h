/// @file
/// State shared by a fleet of TLS servers through Redis (library tlskit::redis, built with
/// hiredis): TLS 1.3 ticket keys every server agrees on, so a server resumes the tickets of
/// the others behind one load balancer, and the 0-RTT anti-replay store, so early data that
/// one server accepted is refused by all. docs/redis.md explains the key layout, rotation and
/// what happens while Redis is unreachable.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "tlskit/result.h"
#include "tlskit/resumption.h"

namespace tlskit {

namespace session {
class ReplayGuard;  ///< a 0-RTT single-use store, for Config::replay_guard
class TicketKeys;   ///< ticket keys, for Config::ticket_keys
}  // namespace session

/// Default Redis port.
inline constexpr uint16_t kRedisDefaultPort = 6379;

/// Where the shared state lives and how to talk to it.
struct RedisSettings {
  /// Host name or IP address of the Redis server (an IPv6 address without brackets).
  std::string host = "127.0.0.1";
  /// TCP port of the Redis server.
  uint16_t port = kRedisDefaultPort;
  /// Prefix of every key tlskit writes ("tlskit:" gives "tlskit:ticketkey:<period>" and
  /// "tlskit:replay:<hex id>"); fleets sharing one Redis keep apart with different prefixes.
  std::string key_prefix = "tlskit:";
  /// Longest wait to connect and for each command's reply; past it the call fails (and a
  /// 0-RTT attempt is refused) rather than holding up the handshake.
  std::chrono::milliseconds timeout{200};
  /// After a failed connection attempt, the next one waits at least this long (meanwhile calls
  /// fail at once without touching the network).
  std::chrono::milliseconds reconnect_interval{1000};
  /// Receives one line when Redis becomes unreachable or refuses a command (once per outage,
  /// with what it means for resumption or 0-RTT) and one when it is back; called from the
  /// thread whose handshake met the outage. Empty: the lines go to standard error, prefixed
  /// "tlskit redis: ". Never given key material or replay ids.
  std::function<void(std::string_view line)> log;
};

/// Parses "redis://HOST:PORT" (HOST a name, an IPv4 address or a bracketed IPv6 address, PORT
/// 1..65535; a trailing "/" is allowed) into settings with the other fields at their defaults.
/// config_invalid with what is wrong otherwise: another scheme (rediss://, TLS to Redis, is not
/// supported), a user name or password, a database number, a query, no port, a bad port.
Result<RedisSettings> parse_redis_url(std::string_view url);

/// The ticket key settings suited to keys shared through Redis: a new key every hour
/// (rotation_interval 3600), tickets valid for two hours (ticket_lifetime 7200).
TicketKeySettings redis_ticket_key_settings();

/// A 0-RTT replay store in Redis for Config::replay_guard, shared by every server pointed at
/// the same Redis and key prefix: an id is accepted once across all of them (SET NX with an
/// expiry). While Redis is unreachable, or refuses the command, every id is refused (fail
/// closed: those clients fall back to 1-RTT) and the settings' log gets one line per outage.
/// Does not connect yet. config_invalid for an empty host, port 0, an empty key prefix or a
/// timeout under 1 ms; config_invalid as well when tlskit was built without Redis support.
Result<std::shared_ptr<session::ReplayGuard>> make_redis_replay_guard(
    const RedisSettings& settings);

/// Ticket keys for Config::ticket_keys shared through Redis: period N = floor(now /
/// rotation_interval) has one key, made by whichever server first needs it and read back by
/// all, so every server seals with the same current key and opens the tickets of the others
/// (previous periods while their tickets can be alive, the current one and the next). While
/// Redis is unreachable the keys already held keep sealing and opening, and the settings' log
/// gets one line per outage. Connects and fetches the keys once: fails with the connection's
/// error (io_error, connection_refused, timeout) when Redis cannot be reached, config_invalid
/// for bad settings (as make_redis_replay_guard; rotation_interval 0; ticket_lifetime over 7
/// days or over 1024 rotation intervals) or when tlskit was built without Redis support.
Result<std::shared_ptr<session::TicketKeys>> make_redis_ticket_keys(
    const RedisSettings& settings, const TicketKeySettings& keys = redis_ticket_key_settings());

}  // namespace tlskit
