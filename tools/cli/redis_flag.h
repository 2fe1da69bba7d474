// --redis redis://HOST:PORT for `tlskit server`: the TLS 1.3 ticket keys and the 0-RTT replay
// guard shared through Redis by every server of a fleet (tlskit/redis.h, docs/redis.md).
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "tlskit/redis.h"
#include "tlskit/result.h"
#include "tlskit/resumption.h"

namespace tlskit::tools {

// What --redis gives a server config: Config::ticket_keys and Config::replay_guard.
struct RedisSharedState {
  std::shared_ptr<session::TicketKeys> ticket_keys;
  std::shared_ptr<session::ReplayGuard> replay_guard;
};

// Parses the flag's URL and makes both objects against that Redis (fetching the ticket keys
// once, so an unreachable Redis is reported at start-up). log receives the outage lines (empty:
// standard error); keys sets rotation and ticket lifetime (default: a new key every hour,
// tickets valid two hours). config_invalid (Party::config) for a bad URL, with what is wrong;
// connection_refused / timeout / io_error ("redis HOST:PORT: ...") when Redis cannot be reached.
Result<RedisSharedState> make_redis_shared_state(
    std::string_view url, std::function<void(std::string_view line)> log = nullptr,
    const TicketKeySettings& keys = redis_ticket_key_settings());

}  // namespace tlskit::tools
