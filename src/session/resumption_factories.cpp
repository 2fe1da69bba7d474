// The public resumption factories (include/tlskit/resumption.h) over the session module.
#include "crypto/provider.h"
#include "session/anti_replay.h"
#include "session/client_session_cache.h"
#include "session/server_session_store.h"
#include "session/session_access.h"
#include "session/ticket_keys.h"
#include "tlskit/resumption.h"

namespace tlskit {

Result<std::shared_ptr<session::TicketKeys>> make_ticket_keys(const TicketKeySettings& settings) {
  const crypto::Provider& p = crypto::default_provider();
  session::TicketKeyOptions o;
  o.rotation_interval = settings.rotation_interval;
  o.ticket_lifetime = settings.ticket_lifetime;
  return session::TicketKeys::create(p, p.system_rng(), SystemClock::instance().unix_seconds(), o);
}

std::shared_ptr<session::ServerSessionStore> make_server_session_cache(size_t capacity,
                                                                       bool single_use) {
  return std::make_shared<session::ServerSessionStore>(capacity, single_use);
}

std::shared_ptr<session::ReplayGuard> make_replay_guard(size_t capacity) {
  return std::make_shared<session::SingleUseStore>(capacity);
}

// The public cache is the session module's cache of internal sessions.
class ClientSessionCache::Impl {
 public:
  Impl(size_t servers, size_t per_server) : cache(servers, per_server) {}
  session::ClientSessionCache cache;
};

ClientSessionCache::ClientSessionCache(size_t max_servers, size_t max_per_server)
    : impl_(std::make_unique<Impl>(max_servers, max_per_server)) {}

ClientSessionCache::~ClientSessionCache() = default;

void ClientSessionCache::put(std::string_view host, uint16_t port, const Session& s) {
  impl_->cache.put(session::ClientSessionCache::key_for(host, port), session::client_session_of(s));
}

std::optional<Session> ClientSessionCache::take(std::string_view host, uint16_t port, int64_t now) {
  auto s = impl_->cache.take(session::ClientSessionCache::key_for(host, port), now);
  if (!s) return std::nullopt;
  return Session(std::move(*s));
}

void ClientSessionCache::remove(std::string_view host, uint16_t port) {
  impl_->cache.remove(session::ClientSessionCache::key_for(host, port));
}

}  // namespace tlskit
