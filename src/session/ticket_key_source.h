// Ticket keys that come from outside the process (a fleet's shared store such as Redis), so
// servers behind one load balancer seal and open each other's tickets. Time is cut into
// periods of rotation_interval seconds; period N = floor(now / rotation_interval) has one key,
// and every server asks the source for the keys around the period it is in.
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "base/result.h"
#include "session/ticket_keys.h"

namespace tlskit::session {

// The keys a source hands out for the period containing `now`. Each key's `created` is the
// first second of the period it seals in (period * rotation_interval).
struct SharedTicketKeys {
  int64_t period = 0;               // N = floor(now / rotation_interval)
  uint32_t rotation_interval = 0;   // seconds per period (> 0)
  TicketKeyMaterial current;        // period N: seals tickets now
  // Periods N-1, N-2, ... (newest first) whose tickets may still be alive: at least N-1 when it
  // exists, and enough periods to cover the ticket lifetime. Periods nobody created are absent.
  std::vector<TicketKeyMaterial> previous;
  // Period N+1, made ahead of time, so a server whose clock is slightly ahead already seals
  // with a key the others can open. Absent only when the source cannot make it.
  std::optional<TicketKeyMaterial> next;
};

// Where shared ticket keys come from. Implementations must be thread-safe; fetch() may block
// for a bounded time (a network round trip with a timeout).
class TicketKeySource {
 public:
  virtual ~TicketKeySource() = default;
  // The keys for the period containing now (Unix seconds). Every server asking about the same
  // period must get the same keys. Fails (io_error, timeout, ...) with a specific detail when
  // the source cannot be reached or holds malformed keys; callers keep the keys they hold.
  virtual Result<SharedTicketKeys> fetch(int64_t now) = 0;
  // Seconds per period (> 0).
  virtual uint32_t rotation_interval() const = 0;
};

// floor(now / interval) for any sign of now; interval > 0.
inline int64_t ticket_key_period(int64_t now, uint32_t interval) {
  const int64_t i = interval;
  return now >= 0 ? now / i : -((-now + i - 1) / i);
}

}  // namespace tlskit::session
