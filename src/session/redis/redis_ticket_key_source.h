// Ticket keys shared by a fleet through Redis: a session::TicketKeySource.
//
// Time is cut into periods of rotation_interval seconds. Period N = floor(now / interval) has
// one key, stored under "<prefix>ticketkey:<N>" as 48 bytes: a random 16-byte key name, then
// the 32-byte AES-256-GCM key. A fetch for the period N containing now reads N+1, N, N-1, ...
// N-k (k periods cover the ticket lifetime) with one MGET; when N or N+1 is missing, it makes
// a random candidate, writes it with SET NX EX, then reads the key back with GET and uses what
// it read. So N+1 exists before any server's clock reaches it: a server whose clock is slightly
// ahead seals with the key the others already hold as "next".
//
// Why no two servers can disagree on the key of a period:
//  - a period's key is only ever written with SET NX, which Redis executes atomically (one
//    command at a time): of all servers racing to create it, exactly one SET succeeds and the
//    others change nothing; nothing ever overwrites a key (no plain SET, no DEL);
//  - every server, winner or loser, uses the value it reads back from Redis (GET / MGET), never
//    its own candidate, so all use the winner's value;
//  - a key expires 3 periods + the ticket lifetime after it was created, and it is created at
//    the earliest one period before its own (as "next"), so it outlives the end of its period
//    plus the ticket lifetime: it cannot vanish and be re-created differently while any server
//    may still seal with it or open its tickets.
// The one way around this is Redis losing acknowledged writes (a restart without persistence,
// FLUSHALL, a failover to a replica that missed the write). The servers then converge on the
// new key at their next recheck (session/sourced_ticket_keys.h, within a minute) and keep the
// lost key to open the tickets it sealed.
#pragma once
#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "base/rng.h"
#include "session/redis/outage_log.h"
#include "session/redis/redis_connection.h"
#include "session/ticket_key_source.h"

namespace tlskit::redis {

// Most periods of keys a fetch reads (ticket_lifetime / rotation_interval is bounded by it).
inline constexpr uint32_t kMaxTicketKeyPeriods = 1024;
// Size of a stored key: name, then the AES-256-GCM key.
inline constexpr size_t kStoredTicketKeySize =
    session::kTicketKeyNameSize + session::kTicketKeySize;

// The Redis-backed key source. Thread-safe.
class RedisTicketKeySource final : public session::TicketKeySource {
 public:
  // rng makes the candidate keys (it must be safe to use under this object's mutex, e.g. the
  // provider's system RNG). Use check() on the numbers first.
  RedisTicketKeySource(std::shared_ptr<RedisConnection> connection, uint32_t rotation_interval,
                       uint32_t ticket_lifetime, Rng& rng);

  // config_invalid when rotation_interval is 0 or the lifetime spans over kMaxTicketKeyPeriods
  // periods.
  static Result<void> check(uint32_t rotation_interval, uint32_t ticket_lifetime);

  // The keys of the period containing now (see the file comment). Fails with the connection's
  // error, or io_error when Redis answers something unexpected or a stored key is not 48
  // bytes; logs the first failure of an outage (after a first success) and the recovery.
  Result<session::SharedTicketKeys> fetch(int64_t now) override;
  uint32_t rotation_interval() const override { return interval_; }

  // "<prefix>ticketkey:<period>".
  std::string key_for(int64_t period) const;
  // Seconds a stored key lives: 3 periods + the ticket lifetime.
  int64_t key_ttl() const;
  // How many periods before the current one a fetch reads (covers the ticket lifetime).
  int64_t previous_periods() const;

 private:
  Result<session::SharedTicketKeys> fetch_unlogged(int64_t now);
  // The stored key of period from an MGET element, or nullopt when absent.
  Result<std::optional<session::TicketKeyMaterial>> parse(const RedisReply& r, int64_t period) const;
  // Creates period's key with SET NX unless it exists, then reads back the winner.
  Result<session::TicketKeyMaterial> create(int64_t period);

  std::shared_ptr<RedisConnection> connection_;
  const uint32_t interval_;
  const uint32_t ticket_lifetime_;
  std::mutex rng_mu_;
  Rng& rng_;
  OutageLog outage_;
  // Until the first fetch succeeds, failures are returned to whoever creates the keys, not
  // logged as an outage (no keys are held yet, so "keeps the keys it holds" would be untrue).
  std::atomic<bool> fetched_once_{false};
};

}  // namespace tlskit::redis
