// 0-RTT early data (RFC 8446 §2.3, §4.2.10, §8): the server's decision to accept what a
// ClientHello offers, with the anti-replay checks that are always on, and the client's
// decision to offer it.
#pragma once
#include <cstdint>
#include <string_view>

#include "handshake/engine.h"
#include "handshake/psk_tls13.h"
#include "tlskit/events.h"

namespace tlskit::handshake {

// What the server knows when it decides on 0-RTT.
struct EarlyDataOffer {
  const AcceptedPsk* psk = nullptr;  // the PSK the handshake resumes, if any
  bool hello_retry = false;          // a HelloRetryRequest was sent (RFC 8446 §4.1.4)
  CipherSuite suite{};               // the suite selected for this connection
  std::string_view alpn;             // the ALPN selected for this connection ("" = none)
};

// Server: EarlyDataReason::none to accept the client's early data, else why not. In order:
// 0-RTT on (max_early_data_size > 0); no HelloRetryRequest; the first identity resumed
// (§4.2.10) and it is a ticket that allows early data; the same suite and ALPN as the ticket
// (§4.2.10); the ticket age within early_data_window_ms (§8.3); and last, the replay guard
// records the ticket for the first time (§8.1) — only then is its single 0-RTT use spent.
EarlyDataReason server_early_data_decision(const EngineEnv& env, const EarlyDataOffer& offer);

// The early data bytes a server skips when it refuses 0-RTT: what it announces in tickets,
// with room for record overhead, and never less than the default bound (RFC 8446 §4.2.10).
uint32_t early_data_skip_budget(const Config& config);

// Client: whether to offer early_data_size bytes of 0-RTT with the session offered
// (EarlyDataReason::none = offer it).
EarlyDataReason client_early_data_decision(const std::optional<ResumptionOffer>& psk,
                                           size_t early_data_size);

}  // namespace tlskit::handshake
