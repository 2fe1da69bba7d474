// TicketKeys: sealing and opening tickets, rotation of the current/previous key.
#include "session/ticket_keys.h"

#include <algorithm>
#include <cstring>

#include "session/sourced_ticket_keys.h"
#include "session/ticket_crypto.h"

namespace tlskit::session {
namespace {

Error config_error(std::string detail) {
  return make_error(ErrorCode::config_invalid, Alert::internal_error, Party::config, Step::config,
                    std::move(detail));
}

TicketKeyMaterial random_material(Rng& rng, int64_t now) {
  TicketKeyMaterial m;
  rng.fill(m.name);
  m.key = SecretBytes(kTicketKeySize);
  rng.fill(m.key.mutable_view());
  m.created = now;
  return m;
}

}  // namespace

TicketKeys::TicketKeys(const crypto::Provider& provider, TicketKeyOptions options)
    : provider_(provider), options_(options) {}

TicketKeys::~TicketKeys() = default;

Result<TicketKeys::Slot> TicketKeys::make_slot(TicketKeyMaterial m) const {
  if (m.key.size() != kTicketKeySize)
    return config_error("ticket key must be " + std::to_string(kTicketKeySize) + " bytes");
  TK_ASSIGN(auto aead, provider_.make_aead(crypto::AeadAlg::aes_256_gcm, m.key.view()));
  Slot s;
  s.material = std::move(m);
  s.aead = std::move(aead);
  return s;
}

Result<std::shared_ptr<TicketKeys>> TicketKeys::create(const crypto::Provider& provider, Rng& rng,
                                                       int64_t now, TicketKeyOptions options) {
  return from_keys(provider, random_material(rng, now), std::nullopt, options);
}

Result<std::shared_ptr<TicketKeys>> TicketKeys::from_keys(
    const crypto::Provider& provider, TicketKeyMaterial current,
    std::optional<TicketKeyMaterial> previous, TicketKeyOptions options) {
  // RFC 8446 §4.6.1: servers MUST NOT use any value greater than 604800 seconds.
  if (options.ticket_lifetime > kMaxSessionLifetime)
    return config_error("ticket lifetime over 7 days (RFC 8446 §4.6.1)");
  if (previous && previous->name == current.name)
    return config_error("current and previous ticket keys have the same name");
  std::shared_ptr<TicketKeys> ring(new TicketKeys(provider, options));
  int64_t current_created = current.created;
  TK_ASSIGN(ring->current_, ring->make_slot(std::move(current)));
  if (previous) {
    TK_ASSIGN(Slot p, ring->make_slot(std::move(*previous)));
    p.retired = current_created;
    ring->previous_ = std::move(p);
  }
  return ring;
}

Result<std::shared_ptr<TicketKeys>> TicketKeys::from_source(
    const crypto::Provider& provider, std::shared_ptr<TicketKeySource> source, int64_t now,
    TicketKeyOptions options, uint32_t recheck_interval) {
  // RFC 8446 §4.6.1: servers MUST NOT use any value greater than 604800 seconds.
  if (options.ticket_lifetime > kMaxSessionLifetime)
    return config_error("ticket lifetime over 7 days (RFC 8446 §4.6.1)");
  if (!source) return config_error("no ticket key source");
  options.rotation_interval = source->rotation_interval();
  TK_ASSIGN(auto sourced, SourcedTicketKeys::create(provider, std::move(source), now,
                                                    options.ticket_lifetime, recheck_interval));
  std::shared_ptr<TicketKeys> ring(new TicketKeys(provider, options));
  ring->sourced_ = std::move(sourced);
  return ring;
}

Result<void> TicketKeys::rotate_locked(Rng& rng, int64_t now) {
  TK_ASSIGN(Slot fresh, make_slot(random_material(rng, now)));
  // A random 16-byte name equal to the old one means a broken RNG; refuse rather than confuse.
  if (fresh.material.name == current_.material.name)
    return make_error(ErrorCode::crypto_failure, Alert::internal_error, Party::us, Step::none,
                      "ticket key rotation produced a repeated key name");
  current_.retired = now;
  previous_ = std::move(current_);
  current_ = std::move(fresh);
  return ok();
}

Result<void> TicketKeys::rotate(Rng& rng, int64_t now) {
  if (sourced_) return config_error("shared ticket keys rotate by period at their source");
  std::lock_guard<std::mutex> lock(mu_);
  return rotate_locked(rng, now);
}

bool TicketKeys::previous_usable(int64_t now) const {
  if (!previous_) return false;
  return now >= previous_->retired &&
         now - previous_->retired <= static_cast<int64_t>(options_.ticket_lifetime);
}

Result<Bytes> TicketKeys::seal(ByteView plaintext, Rng& rng, int64_t now) {
  if (sourced_) return sourced_->seal(plaintext, rng, now);
  if (plaintext.size() > kMaxTicketSize - kTicketOverhead)
    return make_error(ErrorCode::limit_exceeded, Alert::internal_error, Party::us,
                      Step::new_session_ticket, "session state too large for a ticket");
  std::lock_guard<std::mutex> lock(mu_);
  bool old = options_.rotation_interval != 0 &&
             (now < current_.material.created ||
              now - current_.material.created >= static_cast<int64_t>(options_.rotation_interval));
  if (old || current_.sealed >= kMaxTicketsPerKey) TK_TRY(rotate_locked(rng, now));
  TK_ASSIGN(Bytes out, seal_ticket(*current_.aead, current_.material.name, plaintext, rng));
  ++current_.sealed;
  return out;
}

std::optional<OpenedTicket> TicketKeys::open(ByteView ticket, int64_t now) const {
  if (!ticket_size_ok(ticket)) return std::nullopt;
  if (sourced_) return sourced_->open(ticket, now);
  std::lock_guard<std::mutex> lock(mu_);
  const Slot* slot = nullptr;
  bool renew = false;
  if (ticket_names(ticket, current_.material.name)) {
    slot = &current_;
  } else if (previous_usable(now) && ticket_names(ticket, previous_->material.name)) {
    slot = &*previous_;
    renew = true;
  }
  if (!slot) return std::nullopt;
  auto plain = open_ticket(*slot->aead, ticket);
  if (!plain) return std::nullopt;
  OpenedTicket opened;
  opened.plaintext = std::move(*plain);
  opened.renew = renew;
  return opened;
}

Result<Bytes> TicketKeys::seal_session_compact(SessionState state, Rng& rng, int64_t now) {
  auto sealed = seal_session(state, rng, now);
  if (sealed || state.peer_chain.empty()) return sealed;
  Bytes all;
  for (const auto& c : state.peer_chain) all.insert(all.end(), c.begin(), c.end());
  state.peer_chain_hash.resize(crypto::hash_size(crypto::HashAlg::sha256));
  provider_.hash(crypto::HashAlg::sha256, all, state.peer_chain_hash);
  state.peer_chain.clear();
  return seal_session(state, rng, now);
}

Result<Bytes> TicketKeys::seal_session(const SessionState& state, Rng& rng, int64_t now) {
  TK_ASSIGN(Bytes plain, serialize_session(state));
  auto sealed = seal(plain, rng, now);
  secure_zero(plain.data(), plain.size());
  return sealed;
}

std::optional<std::pair<SessionState, bool>> TicketKeys::open_session(ByteView ticket,
                                                                      int64_t now) const {
  auto opened = open(ticket, now);
  if (!opened) return std::nullopt;
  auto state = parse_session(opened->plaintext.view());
  if (!state || state->expired(now)) return std::nullopt;
  return std::make_pair(std::move(*state), opened->renew);
}

std::array<uint8_t, kTicketKeyNameSize> TicketKeys::current_name() const {
  if (sourced_) return sourced_->current_name();
  std::lock_guard<std::mutex> lock(mu_);
  return current_.material.name;
}

bool TicketKeys::has_previous() const {
  if (sourced_) return sourced_->has_previous();
  std::lock_guard<std::mutex> lock(mu_);
  return previous_.has_value();
}

}  // namespace tlskit::session
