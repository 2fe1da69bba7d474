// The factories of tlskit/redis.h with the time made explicit, for tests that step through
// rotation periods; the public make_redis_ticket_keys is make_redis_ticket_keys_at(now).
#pragma once
#include <cstdint>
#include <memory>

#include "base/result.h"
#include "session/ticket_keys.h"
#include "tlskit/redis.h"

namespace tlskit::redis {

// make_redis_ticket_keys() whose first fetch is for `now`; recheck_interval as in
// session::TicketKeys::from_source.
Result<std::shared_ptr<session::TicketKeys>> make_redis_ticket_keys_at(
    const RedisSettings& settings, const TicketKeySettings& keys, int64_t now,
    uint32_t recheck_interval = 60);

}  // namespace tlskit::redis
