// 0-RTT decisions (RFC 8446 §4.2.10, §8).
#include "handshake/early_data.h"

#include <algorithm>

#include "handshake/tls13_common.h"
#include "session/anti_replay.h"

namespace tlskit::handshake {

EarlyDataReason server_early_data_decision(const EngineEnv& env, const EarlyDataOffer& o) {
  const Config& c = env.config;
  if (c.max_early_data_size == 0) return EarlyDataReason::disabled;
  // RFC 8446 §4.2.10: no early data after a HelloRetryRequest.
  if (o.hello_retry) return EarlyDataReason::hello_retry;
  // RFC 8446 §4.2.10: 0-RTT uses the first PSK identity offered.
  if (!o.psk || o.psk->index != 0) return EarlyDataReason::not_resumed;
  // External PSKs have no ticket age and no single use to spend (OpenSSL's anti-replay does
  // not cover them either): no 0-RTT with them.
  if (o.psk->external) return EarlyDataReason::external_psk;
  const session::SessionState& st = o.psk->state;
  if (st.max_early_data == 0) return EarlyDataReason::ticket_forbids;
  // RFC 8446 §4.2.10: the suite and the ALPN must be the ticket's.
  if (st.suite != o.suite || st.alpn != o.alpn) return EarlyDataReason::parameters_changed;
  // RFC 8446 §8.3: the client's view of the ticket age against ours.
  if (!session::ticket_age_fresh(o.psk->obfuscated_ticket_age, st.ticket_age_add,
                                 st.ticket_time_ms, env.clock.unix_millis(),
                                 c.early_data_window_ms))
    return EarlyDataReason::too_old;
  // RFC 8446 §8.1: each ticket carries early data once. The id is a hash of the ticket, kept
  // until the ticket expires.
  std::array<uint8_t, 32> id{};
  env.provider.hash(crypto::HashAlg::sha256, o.psk->identity, id);
  const int64_t now = env.clock.unix_seconds();
  const int64_t expires = std::max(now, st.created + static_cast<int64_t>(st.lifetime));
  session::ReplayGuard& guard = c.replay_guard ? *c.replay_guard : session::process_replay_guard();
  if (!guard.first_use(id, now, expires)) return EarlyDataReason::replay;
  return EarlyDataReason::none;
}

uint32_t early_data_skip_budget(const Config& config) {
  // Each record of early data adds at most 256 bytes of overhead (RFC 8446 §5.2).
  const uint64_t announced = uint64_t{config.max_early_data_size} +
                             (uint64_t{config.max_early_data_size} / 16384 + 1) * 256;
  return static_cast<uint32_t>(
      std::min<uint64_t>(UINT32_MAX, std::max<uint64_t>(announced, kMaxSkippedEarlyData)));
}

EarlyDataReason client_early_data_decision(const std::optional<ResumptionOffer>& psk,
                                           size_t early_data_size) {
  if (!psk || psk->external) return EarlyDataReason::no_session;
  if (psk->session.state.max_early_data == 0) return EarlyDataReason::ticket_forbids;
  if (early_data_size > psk->session.state.max_early_data) return EarlyDataReason::too_large;
  return EarlyDataReason::none;
}

}  // namespace tlskit::handshake
