// Anti-replay for TLS 1.3 0-RTT (RFC 8446 §8): a single-use store that accepts each ticket (or
// ClientHello) identifier once, and the ticket-age freshness check of RFC 8446 §8.3.
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>

#include "base/bytes.h"

namespace tlskit::session {

// Default capacity of the in-memory single-use store.
inline constexpr size_t kDefaultSingleUseCapacity = 100000;
// Largest identifier recorded (a ticket is at most 65535 bytes; callers should pass a hash or
// the ticket's key name + nonce, which is unique per ticket).
inline constexpr size_t kMaxReplayIdSize = 64;

// The hook a server consults before accepting 0-RTT (or a single-use ticket). Implementations
// may be shared by many servers (e.g. backed by a shared database) and must be thread-safe.
class ReplayGuard {
 public:
  virtual ~ReplayGuard() = default;
  // Records id as used until `expires` (Unix seconds). Returns true the first time id is seen;
  // false when it was seen before (a replay) or cannot be recorded (store full, id too long):
  // the guard fails closed, and the server then refuses 0-RTT / resumption.
  virtual bool first_use(ByteView id, int64_t now, int64_t expires) = 0;
};

// An in-memory ReplayGuard bounded by capacity; expired ids are purged as time passes.
class SingleUseStore final : public ReplayGuard {
 public:
  explicit SingleUseStore(size_t capacity = kDefaultSingleUseCapacity);
  bool first_use(ByteView id, int64_t now, int64_t expires) override;
  // Ids currently recorded.
  size_t size() const;

 private:
  void purge_locked(int64_t now);
  size_t capacity_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, int64_t> ids_;  // id -> expiry
  std::multimap<int64_t, std::string> by_expiry_;
};

// The in-memory store servers use when Config::replay_guard is not set: one per process, so
// every server config of the process refuses a second 0-RTT use of a ticket.
ReplayGuard& process_replay_guard();

// RFC 8446 §8.3: the client's view of the ticket age (obfuscated_ticket_age - ticket_age_add,
// mod 2^32) must be within window_ms of the server's (now_ms - issued_ms). Returns false when
// outside the window, or when issued_ms is after now_ms.
bool ticket_age_fresh(uint32_t obfuscated_ticket_age, uint32_t ticket_age_add, int64_t issued_ms,
                      int64_t now_ms, uint32_t window_ms);

}  // namespace tlskit::session
