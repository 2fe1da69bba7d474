// --redis: parse the URL, then the shared ticket keys and replay guard.
#include "cli/redis_flag.h"

namespace tlskit::tools {

Result<RedisSharedState> make_redis_shared_state(std::string_view url,
                                                 std::function<void(std::string_view line)> log,
                                                 const TicketKeySettings& keys) {
  auto settings = parse_redis_url(url);
  if (!settings) return settings.error();
  settings->log = std::move(log);
  RedisSharedState state;
  auto ticket_keys = make_redis_ticket_keys(*settings, keys);
  if (!ticket_keys) return ticket_keys.error();
  state.ticket_keys = std::move(*ticket_keys);
  auto guard = make_redis_replay_guard(*settings);
  if (!guard) return guard.error();
  state.replay_guard = std::move(*guard);
  return state;
}

}  // namespace tlskit::tools
