// The server's session-ID store (TLS 1.2 resumption by session ID, RFC 5246 §7.4.1.2): a
// bounded, thread-safe LRU from session ID to SessionState, optionally single-use.
#pragma once
#include <cstddef>
#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "base/bytes.h"
#include "session/session_state.h"

namespace tlskit::session {

// Default capacity (OpenSSL's default session cache size as well).
inline constexpr size_t kDefaultServerStoreCapacity = 20480;

class ServerSessionStore {
 public:
  // capacity: sessions kept (the least recently used is dropped when full). single_use: a
  // session is removed when it is looked up, so each session ID resumes at most once.
  explicit ServerSessionStore(size_t capacity = kDefaultServerStoreCapacity,
                              bool single_use = false);

  // Stores state under id (1..32 bytes; other sizes are ignored, as they cannot be resumed).
  void put(ByteView id, SessionState state);
  // Returns the unexpired session for id, or nullopt; removes it when single-use or expired.
  std::optional<SessionState> get(ByteView id, int64_t now);
  // Forgets id (e.g. after a fatal alert on a connection that used it, RFC 5246 §7.2).
  void remove(ByteView id);
  size_t size() const;
  bool single_use() const { return single_use_; }

 private:
  struct Entry {
    std::string id;
    SessionState state;
  };
  using List = std::list<Entry>;
  size_t capacity_;
  bool single_use_;
  mutable std::mutex mu_;
  List lru_;  // most recently used first
  std::unordered_map<std::string, List::iterator> index_;
};

}  // namespace tlskit::session
