/// @file
/// Factories for resumption state: the server's ticket keys and session-ID cache
/// (Config::ticket_keys, Config::session_cache), and a client cache of saved Sessions.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "tlskit/config.h"
#include "tlskit/export.h"
#include "tlskit/result.h"
#include "tlskit/session.h"

namespace tlskit {

/// How a server's ticket keys rotate.
struct TicketKeySettings {
  /// A key seals tickets for this many seconds, then a fresh random key replaces it (0 = never
  /// by time).
  uint32_t rotation_interval = 12 * 3600;
  /// The longest lifetime of a ticket (at most 7 days); the previous key keeps opening tickets
  /// this long after it stopped sealing.
  uint32_t ticket_lifetime = 7200;
};

/// A ring of random ticket keys (RFC 5077 tickets sealed with AES-256-GCM) for
/// Config::ticket_keys, shared by the connections of one server config and safe across threads.
/// Fails with config_invalid when ticket_lifetime is over 7 days, crypto_failure when the
/// primitives are missing.
TLSKIT_API Result<std::shared_ptr<session::TicketKeys>> make_ticket_keys(
    const TicketKeySettings& settings = {});

/// A bounded, thread-safe TLS 1.2 session-ID cache for Config::session_cache: capacity sessions,
/// least recently used dropped first; single_use removes a session when it is resumed.
TLSKIT_API std::shared_ptr<session::ServerSessionStore> make_server_session_cache(
    size_t capacity = 20480, bool single_use = false);

/// A bounded, thread-safe in-memory 0-RTT replay store for Config::replay_guard: each ticket
/// may carry early data once while it lives (RFC 8446 §8.1); when capacity tickets are
/// recorded, 0-RTT is refused until some expire (fail closed). Servers that accept each
/// other's tickets must share one store (a Redis one: tlskit/redis.h).
TLSKIT_API std::shared_ptr<session::ReplayGuard> make_replay_guard(size_t capacity = 100000);

/// A bounded, thread-safe client cache of saved Sessions per server ("host:port"): keep the
/// session of a finished connection with put(), offer take()'s result in Config::resume_session.
class TLSKIT_API ClientSessionCache {
 public:
  /// Keeps sessions for at most max_servers servers, max_per_server each.
  explicit ClientSessionCache(size_t max_servers = 256, size_t max_per_server = 4);
  ~ClientSessionCache();
  ClientSessionCache(const ClientSessionCache&) = delete;
  ClientSessionCache& operator=(const ClientSessionCache&) = delete;

  /// Stores a session for host:port (the least recently used server goes when full).
  void put(std::string_view host, uint16_t port, const Session& session);
  /// The newest unexpired session for host:port at now (Unix seconds), or nullopt. A TLS 1.3
  /// session is handed out once; a TLS 1.2 session stays for later connections.
  std::optional<Session> take(std::string_view host, uint16_t port, int64_t now);
  /// Forgets host:port's sessions (after the server refused to resume).
  void remove(std::string_view host, uint16_t port);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tlskit
