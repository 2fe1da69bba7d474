// SingleUseStore and the ticket age freshness check.
#include "session/anti_replay.h"

#include <algorithm>

namespace tlskit::session {

SingleUseStore::SingleUseStore(size_t capacity) : capacity_(std::max<size_t>(1, capacity)) {}

void SingleUseStore::purge_locked(int64_t now) {
  while (!by_expiry_.empty() && by_expiry_.begin()->first < now) {
    auto it = ids_.find(by_expiry_.begin()->second);
    // Only drop the id if this expiry entry is the one recorded for it.
    if (it != ids_.end() && it->second == by_expiry_.begin()->first) ids_.erase(it);
    by_expiry_.erase(by_expiry_.begin());
  }
}

bool SingleUseStore::first_use(ByteView id, int64_t now, int64_t expires) {
  if (id.empty() || id.size() > kMaxReplayIdSize) return false;
  if (expires < now) return false;  // already expired: nothing to accept
  std::lock_guard<std::mutex> lock(mu_);
  purge_locked(now);
  std::string key(id.begin(), id.end());
  if (ids_.count(key)) return false;
  if (ids_.size() >= capacity_) return false;  // fail closed
  ids_.emplace(key, expires);
  by_expiry_.emplace(expires, std::move(key));
  return true;
}

size_t SingleUseStore::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return ids_.size();
}

ReplayGuard& process_replay_guard() {
  static SingleUseStore* store = new SingleUseStore();  // never destroyed: used until exit
  return *store;
}

bool ticket_age_fresh(uint32_t obfuscated_ticket_age, uint32_t ticket_age_add, int64_t issued_ms,
                      int64_t now_ms, uint32_t window_ms) {
  if (now_ms < issued_ms) return false;
  // RFC 8446 §4.2.11.1: the age is obfuscated by adding ticket_age_add modulo 2^32.
  int64_t client_age = static_cast<uint32_t>(obfuscated_ticket_age - ticket_age_add);
  int64_t server_age = now_ms - issued_ms;
  int64_t diff = client_age > server_age ? client_age - server_age : server_age - client_age;
  return diff <= static_cast<int64_t>(window_ms);
}

}  // namespace tlskit::session
