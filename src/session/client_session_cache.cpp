// ClientSessionCache: LRU of servers, each with its sessions.
#include "session/client_session_cache.h"
#include "base/ascii.h"

#include <algorithm>

namespace tlskit::session {

ClientSessionCache::ClientSessionCache(size_t max_servers, size_t max_per_server)
    : max_servers_(std::max<size_t>(1, max_servers)),
      max_per_server_(std::max<size_t>(1, max_per_server)) {}

std::string ClientSessionCache::key_for(std::string_view host, uint16_t port) {
  std::string k;
  bool v6 = host.find(':') != std::string_view::npos && (host.empty() || host.front() != '[');
  if (v6) k += '[';
  for (char c : host) k += ascii_lower(c);
  if (v6) k += ']';
  k += ':';
  k += std::to_string(port);
  return k;
}

void ClientSessionCache::put(const std::string& key, ClientSession s) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = index_.find(key);
  if (it == index_.end()) {
    lru_.push_front(Entry{key, {}});
    index_[key] = lru_.begin();
    it = index_.find(key);
  } else {
    lru_.splice(lru_.begin(), lru_, it->second);
  }
  auto& sessions = it->second->sessions;
  // One TLS 1.2 session per server; a change of version also starts over.
  if (s.state.version == ProtocolVersion::tls1_2 ||
      (!sessions.empty() && sessions.back().state.version != s.state.version))
    sessions.clear();
  sessions.push_back(std::move(s));
  while (sessions.size() > max_per_server_) sessions.pop_front();
  while (lru_.size() > max_servers_) {
    index_.erase(lru_.back().key);
    lru_.pop_back();
  }
}

std::optional<ClientSession> ClientSessionCache::take(const std::string& key, int64_t now) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = index_.find(key);
  if (it == index_.end()) return std::nullopt;
  auto& sessions = it->second->sessions;
  std::erase_if(sessions, [now](const ClientSession& c) { return c.expired(now); });
  std::optional<ClientSession> out;
  if (!sessions.empty()) {
    if (sessions.back().state.version == ProtocolVersion::tls1_3) {
      out = std::move(sessions.back());
      sessions.pop_back();
    } else {
      out = sessions.back();
    }
  }
  if (sessions.empty()) {
    lru_.erase(it->second);
    index_.erase(it);
  } else {
    lru_.splice(lru_.begin(), lru_, it->second);
  }
  return out;
}

void ClientSessionCache::remove(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = index_.find(key);
  if (it == index_.end()) return;
  lru_.erase(it->second);
  index_.erase(it);
}

size_t ClientSessionCache::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return lru_.size();
}

}  // namespace tlskit::session
