// SourcedTicketKeys: the held keys of a shared source, refreshed by period.
#include "session/sourced_ticket_keys.h"

#include <algorithm>

#include "session/ticket_crypto.h"

namespace tlskit::session {
namespace {

Error config_error(std::string detail) {
  return make_error(ErrorCode::config_invalid, Alert::internal_error, Party::config, Step::config,
                    std::move(detail));
}

}  // namespace

SourcedTicketKeys::SourcedTicketKeys(const crypto::Provider& provider,
                                     std::shared_ptr<TicketKeySource> source,
                                     uint32_t ticket_lifetime, uint32_t recheck_interval)
    : provider_(provider),
      source_(std::move(source)),
      ticket_lifetime_(ticket_lifetime),
      recheck_interval_(std::max<uint32_t>(1, recheck_interval)),
      interval_(source_->rotation_interval()) {}

SourcedTicketKeys::~SourcedTicketKeys() = default;

Result<std::unique_ptr<SourcedTicketKeys>> SourcedTicketKeys::create(
    const crypto::Provider& provider, std::shared_ptr<TicketKeySource> source, int64_t now,
    uint32_t ticket_lifetime, uint32_t recheck_interval) {
  if (!source) return config_error("no ticket key source");
  if (source->rotation_interval() == 0)
    return config_error("a ticket key source needs a rotation interval over 0 seconds");
  std::unique_ptr<SourcedTicketKeys> ring(
      new SourcedTicketKeys(provider, std::move(source), ticket_lifetime, recheck_interval));
  TK_ASSIGN(SharedTicketKeys keys, ring->source_->fetch(now));
  std::lock_guard<std::mutex> lock(ring->mu_);
  TK_TRY(ring->install_locked(keys, now));
  return ring;
}

Result<SourcedTicketKeys::Slot> SourcedTicketKeys::make_slot(const TicketKeyMaterial& m,
                                                             int64_t period, uint32_t interval) {
  if (m.key.size() != kTicketKeySize)
    return config_error("shared ticket key must be " + std::to_string(kTicketKeySize) + " bytes");
  Slot s;
  s.material = m;
  s.period = period;
  // A key seals until its period ends; its tickets live ticket_lifetime longer.
  s.open_until = (period + 1) * static_cast<int64_t>(interval) + ticket_lifetime_;
  // Reuse the AEAD of a key already held (the common case: most keys stay across refreshes).
  for (Slot& old : slots_) {
    if (old.material.name == m.name && old.aead && old.material.key.view().size() == m.key.size() &&
        std::equal(old.material.key.view().begin(), old.material.key.view().end(),
                   m.key.view().begin())) {
      s.aead = std::move(old.aead);
      s.open_until = std::max(s.open_until, old.open_until);
      return s;
    }
  }
  TK_ASSIGN(s.aead, provider_.make_aead(crypto::AeadAlg::aes_256_gcm, m.key.view()));
  return s;
}

Result<void> SourcedTicketKeys::install_locked(const SharedTicketKeys& keys, int64_t now) {
  if (keys.rotation_interval != interval_)
    return config_error("ticket key source changed its rotation interval");
  std::vector<Slot> fresh;
  auto add = [&](const TicketKeyMaterial& m, int64_t period) -> Result<void> {
    for (const Slot& s : fresh)
      if (s.material.name == m.name)
        return config_error("ticket key source returned two keys with the same name");
    TK_ASSIGN(Slot s, make_slot(m, period, keys.rotation_interval));
    fresh.push_back(std::move(s));
    return ok();
  };
  TK_TRY(add(keys.current, keys.period));
  for (const TicketKeyMaterial& m : keys.previous)
    TK_TRY(add(m, ticket_key_period(m.created, keys.rotation_interval)));
  if (keys.next) TK_TRY(add(*keys.next, keys.period + 1));
  // Keys held before that the source no longer hands out (it expired them, or lost them and
  // made new ones): keep opening their tickets while those can be alive.
  for (Slot& old : slots_) {
    if (!old.aead || old.open_until < now) continue;  // reused above, or no longer needed
    old.from_source = false;
    fresh.push_back(std::move(old));
  }
  slots_ = std::move(fresh);
  held_period_ = keys.period;
  recheck_at_ = now + recheck_interval_;
  return ok();
}

void SourcedTicketKeys::refresh_if_due(int64_t now) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    // After a failure, wait for retry_at_ (unless the clock went back past the failure).
    const bool backing_off = now < retry_at_ && now >= retry_at_ - kSharedTicketKeyRetry;
    if (refreshing_ || backing_off) return;
    if (ticket_key_period(now, interval_) == held_period_ && now < recheck_at_) return;
    refreshing_ = true;
  }
  // The source may take a network round trip: other threads keep using the held keys.
  auto keys = source_->fetch(now);
  std::lock_guard<std::mutex> lock(mu_);
  refreshing_ = false;
  // On failure the source reports it (once per outage); here the held keys simply stay.
  if (!keys || !install_locked(*keys, now)) retry_at_ = now + kSharedTicketKeyRetry;
}

SourcedTicketKeys::Slot* SourcedTicketKeys::seal_slot_locked(int64_t now) {
  // The key of now's period; while the source is unreachable past the held periods, the
  // newest held key (the "next" one first: the key every server agrees on for that period).
  const int64_t period = ticket_key_period(now, interval_);
  Slot* best = nullptr;
  Slot* current = nullptr;
  for (Slot& s : slots_) {
    if (!s.from_source) continue;
    if (s.period == held_period_) current = &s;
    if (s.period <= period && (!best || s.period > best->period)) best = &s;
  }
  return best ? best : current;
}

Result<Bytes> SourcedTicketKeys::seal(ByteView plaintext, Rng& rng, int64_t now) {
  refresh_if_due(now);
  std::lock_guard<std::mutex> lock(mu_);
  Slot* slot = seal_slot_locked(now);
  if (!slot)
    return make_error(ErrorCode::internal_error, Alert::internal_error, Party::us,
                      Step::new_session_ticket, "no shared ticket key held");
  TK_ASSIGN(Bytes ticket, seal_ticket(*slot->aead, slot->material.name, plaintext, rng));
  // Sealing past the key's period (source unreachable) extends how long it must open.
  slot->open_until = std::max(slot->open_until, now + static_cast<int64_t>(ticket_lifetime_));
  return ticket;
}

std::optional<OpenedTicket> SourcedTicketKeys::open(ByteView ticket, int64_t now) {
  if (!ticket_size_ok(ticket)) return std::nullopt;
  refresh_if_due(now);
  std::lock_guard<std::mutex> lock(mu_);
  for (Slot& s : slots_) {
    if (!ticket_names(ticket, s.material.name)) continue;
    if (now > s.open_until) return std::nullopt;
    auto plain = open_ticket(*s.aead, ticket);
    if (!plain) return std::nullopt;
    OpenedTicket opened;
    opened.plaintext = std::move(*plain);
    opened.renew = &s != seal_slot_locked(now);
    return opened;
  }
  return std::nullopt;
}

std::array<uint8_t, kTicketKeyNameSize> SourcedTicketKeys::current_name() const {
  std::lock_guard<std::mutex> lock(mu_);
  for (const Slot& s : slots_)
    if (s.from_source && s.period == held_period_) return s.material.name;
  return {};
}

bool SourcedTicketKeys::has_previous() const {
  std::lock_guard<std::mutex> lock(mu_);
  for (const Slot& s : slots_)
    if (s.period < held_period_ || !s.from_source) return true;
  return false;
}

int64_t SourcedTicketKeys::held_period() const {
  std::lock_guard<std::mutex> lock(mu_);
  return held_period_;
}

}  // namespace tlskit::session
