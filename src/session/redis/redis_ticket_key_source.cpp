// RedisTicketKeySource: MGET the periods around now, SET NX the missing current and next key,
// read back the winner.
#include "session/redis/redis_ticket_key_source.h"

#include <algorithm>
#include <cstring>

#include "session/redis/redis_error.h"
#include "session/session_state.h"

namespace tlskit::redis {
namespace {

Error unexpected(const RedisConnection& c, std::string what) {
  return redis_network_error(ErrorCode::io_error, c.name() + ": " + std::move(what));
}

}  // namespace

RedisTicketKeySource::RedisTicketKeySource(std::shared_ptr<RedisConnection> connection,
                                           uint32_t rotation_interval, uint32_t ticket_lifetime,
                                           Rng& rng)
    : connection_(std::move(connection)),
      interval_(rotation_interval),
      ticket_lifetime_(ticket_lifetime),
      rng_(rng),
      outage_(connection_->settings().log,
              "ticket keys are not refreshed until Redis answers again; this server keeps "
              "sealing and opening tickets with the keys it holds",
              "ticket keys are shared again") {}

Result<void> RedisTicketKeySource::check(uint32_t rotation_interval, uint32_t ticket_lifetime) {
  if (rotation_interval == 0)
    return redis_config_error(
        "redis ticket keys need a rotation interval over 0 seconds (the default is 3600)");
  // RFC 8446 §4.6.1: servers MUST NOT use any value greater than 604800 seconds.
  if (ticket_lifetime > session::kMaxSessionLifetime)
    return redis_config_error("ticket lifetime over 7 days (RFC 8446 §4.6.1)");
  if (ticket_lifetime / rotation_interval >= kMaxTicketKeyPeriods)
    return redis_config_error("ticket lifetime " + std::to_string(ticket_lifetime) +
                              " s spans over " + std::to_string(kMaxTicketKeyPeriods) +
                              " rotation intervals of " + std::to_string(rotation_interval) +
                              " s; use a longer rotation interval");
  return ok();
}

std::string RedisTicketKeySource::key_for(int64_t period) const {
  return connection_->settings().key_prefix + "ticketkey:" + std::to_string(period);
}

int64_t RedisTicketKeySource::key_ttl() const {
  return 3 * static_cast<int64_t>(interval_) + ticket_lifetime_;
}

int64_t RedisTicketKeySource::previous_periods() const {
  // Tickets sealed at the very end of period N-j live ticket_lifetime longer: j up to
  // ceil(lifetime / interval) is still needed; at least N-1.
  return std::max<int64_t>(1, (static_cast<int64_t>(ticket_lifetime_) + interval_ - 1) / interval_);
}

Result<std::optional<session::TicketKeyMaterial>> RedisTicketKeySource::parse(
    const RedisReply& r, int64_t period) const {
  if (r.is_nil()) return std::optional<session::TicketKeyMaterial>();
  if (r.type != RedisReply::Type::string || r.str.size() != kStoredTicketKeySize)
    return unexpected(*connection_, key_for(period) + " holds " + r.describe() + ", not a " +
                                        std::to_string(kStoredTicketKeySize) +
                                        "-byte ticket key (name and AES-256-GCM key)");
  session::TicketKeyMaterial m;
  std::memcpy(m.name.data(), r.str.data(), session::kTicketKeyNameSize);
  m.key = SecretBytes(ByteView(reinterpret_cast<const uint8_t*>(r.str.data()) +
                                   session::kTicketKeyNameSize,
                               session::kTicketKeySize));
  m.created = period * static_cast<int64_t>(interval_);
  return std::optional<session::TicketKeyMaterial>(std::move(m));
}

Result<session::TicketKeyMaterial> RedisTicketKeySource::create(int64_t period) {
  std::string candidate(kStoredTicketKeySize, '\0');
  {
    std::lock_guard<std::mutex> lock(rng_mu_);
    rng_.fill(std::span<uint8_t>(reinterpret_cast<uint8_t*>(candidate.data()), candidate.size()));
  }
  const std::string key = key_for(period);
  // NX: only the first server to get here sets the key; the others' SET changes nothing.
  TK_ASSIGN(RedisReply set, connection_->command({"SET", key, candidate, "NX", "EX",
                                                  std::to_string(key_ttl())}));
  secure_zero(candidate.data(), candidate.size());
  if (!set.is_status("OK") && !set.is_nil())
    return unexpected(*connection_, "SET " + key + " NX answered " + set.describe());
  // Winner or not, use what Redis holds: the same value every server reads.
  TK_ASSIGN(RedisReply got, connection_->command({"GET", key}));
  TK_ASSIGN(auto material, parse(got, period));
  if (!material) return unexpected(*connection_, key + " vanished right after SET NX");
  return std::move(*material);
}

Result<session::SharedTicketKeys> RedisTicketKeySource::fetch_unlogged(int64_t now) {
  const int64_t n = session::ticket_key_period(now, interval_);
  const int64_t back = previous_periods();
  std::vector<std::string> args = {"MGET"};
  for (int64_t p = n + 1; p >= n - back; --p) args.push_back(key_for(p));  // N+1, N, N-1, ...
  TK_ASSIGN(RedisReply all, connection_->command(args));
  if (all.type != RedisReply::Type::array || all.elements.size() != args.size() - 1)
    return unexpected(*connection_, "MGET of ticket keys answered " + all.describe());

  session::SharedTicketKeys keys;
  keys.period = n;
  keys.rotation_interval = interval_;
  TK_ASSIGN(auto next, parse(all.elements[0], n + 1));
  TK_ASSIGN(auto current, parse(all.elements[1], n));
  if (!current) {
    TK_ASSIGN(current, create(n));
  }
  if (!next) {
    TK_ASSIGN(next, create(n + 1));
  }
  keys.current = std::move(*current);
  keys.next = std::move(next);
  for (size_t i = 2; i < all.elements.size(); ++i) {
    const int64_t p = n + 1 - static_cast<int64_t>(i);
    TK_ASSIGN(auto previous, parse(all.elements[i], p));
    if (previous) keys.previous.push_back(std::move(*previous));  // nobody used absent ones
  }
  return keys;
}

Result<session::SharedTicketKeys> RedisTicketKeySource::fetch(int64_t now) {
  auto keys = fetch_unlogged(now);
  if (keys) {
    fetched_once_ = true;
    outage_.success(connection_->name());
  } else if (fetched_once_) {
    outage_.failure(keys.error());
  }
  return keys;
}

}  // namespace tlskit::redis
