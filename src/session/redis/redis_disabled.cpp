// The factories of tlskit/redis.h in a build without hiredis (TLSKIT_REDIS=OFF, or AUTO and
// hiredis not found): the same API, failing with a message that says how to get Redis support.
#include "session/redis/redis_error.h"
#include "session/anti_replay.h"
#include "session/ticket_keys.h"
#include "tlskit/redis.h"

namespace tlskit {
namespace {

Error not_built() {
  return redis::redis_config_error(
      "this tlskit was built without Redis support (hiredis was not found at build time): "
      "install libhiredis-dev and configure with -DTLSKIT_REDIS=ON");
}

}  // namespace

TicketKeySettings redis_ticket_key_settings() {
  TicketKeySettings s;
  s.rotation_interval = 3600;
  s.ticket_lifetime = 7200;
  return s;
}

Result<std::shared_ptr<session::ReplayGuard>> make_redis_replay_guard(const RedisSettings&) {
  return not_built();
}

Result<std::shared_ptr<session::TicketKeys>> make_redis_ticket_keys(const RedisSettings&,
                                                                    const TicketKeySettings&) {
  return not_built();
}

}  // namespace tlskit
