// The client's session cache: sessions to offer, keyed by "server name:port", bounded LRU.
#pragma once
#include <cstddef>
#include <cstdint>
#include <deque>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "session/session_state.h"

namespace tlskit::session {

// Default bounds: servers remembered, and sessions (TLS 1.3 tickets) kept per server.
inline constexpr size_t kDefaultClientCacheServers = 256;
inline constexpr size_t kDefaultClientCachePerServer = 4;

// A bounded, thread-safe cache of ClientSessions. TLS 1.2 keeps one session per server (a new
// one replaces it, and it may be offered many times); TLS 1.3 keeps up to max_per_server
// tickets, each handed out once (RFC 8446 §C.4: clients SHOULD NOT reuse a ticket).
class ClientSessionCache {
 public:
  explicit ClientSessionCache(size_t max_servers = kDefaultClientCacheServers,
                              size_t max_per_server = kDefaultClientCachePerServer);

  // The cache key for a server: "host:port" (host lower-cased; IPv6 literals in brackets).
  static std::string key_for(std::string_view host, uint16_t port);

  // Stores a session for key. The least recently used server is dropped when full.
  void put(const std::string& key, ClientSession s);
  // Returns the newest unexpired session for key, or nullopt. TLS 1.3 sessions are removed as
  // they are taken; TLS 1.2 sessions stay. Expired sessions are dropped on the way.
  std::optional<ClientSession> take(const std::string& key, int64_t now);
  // Forgets every session for key (e.g. after the server refused to resume or sent an alert).
  void remove(const std::string& key);
  // Number of servers with at least one session.
  size_t size() const;

 private:
  struct Entry {
    std::string key;
    std::deque<ClientSession> sessions;  // oldest first
  };
  using List = std::list<Entry>;
  size_t max_servers_;
  size_t max_per_server_;
  mutable std::mutex mu_;
  List lru_;  // most recently used first
  std::unordered_map<std::string, List::iterator> index_;
};

}  // namespace tlskit::session
