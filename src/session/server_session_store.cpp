// ServerSessionStore: bounded LRU keyed by session ID.
#include "session/server_session_store.h"

#include <algorithm>

namespace tlskit::session {
namespace {

std::string key_of(ByteView id) { return std::string(id.begin(), id.end()); }

}  // namespace

ServerSessionStore::ServerSessionStore(size_t capacity, bool single_use)
    : capacity_(std::max<size_t>(1, capacity)), single_use_(single_use) {}

void ServerSessionStore::put(ByteView id, SessionState state) {
  if (id.empty() || id.size() > kMaxSessionIdSize) return;
  std::lock_guard<std::mutex> lock(mu_);
  std::string key = key_of(id);
  auto it = index_.find(key);
  if (it != index_.end()) {
    it->second->state = std::move(state);
    lru_.splice(lru_.begin(), lru_, it->second);
    return;
  }
  lru_.push_front(Entry{key, std::move(state)});
  index_.emplace(std::move(key), lru_.begin());
  while (lru_.size() > capacity_) {
    index_.erase(lru_.back().id);
    lru_.pop_back();
  }
}

std::optional<SessionState> ServerSessionStore::get(ByteView id, int64_t now) {
  if (id.empty() || id.size() > kMaxSessionIdSize) return std::nullopt;
  std::lock_guard<std::mutex> lock(mu_);
  auto it = index_.find(key_of(id));
  if (it == index_.end()) return std::nullopt;
  if (it->second->state.expired(now)) {
    lru_.erase(it->second);
    index_.erase(it);
    return std::nullopt;
  }
  if (single_use_) {
    SessionState s = std::move(it->second->state);
    lru_.erase(it->second);
    index_.erase(it);
    return s;
  }
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->state;
}

void ServerSessionStore::remove(ByteView id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = index_.find(key_of(id));
  if (it == index_.end()) return;
  lru_.erase(it->second);
  index_.erase(it);
}

size_t ServerSessionStore::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return lru_.size();
}

}  // namespace tlskit::session
