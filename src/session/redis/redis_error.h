// Errors of the Redis layer: who (the network or the configuration) and a specific detail
// that names the server ("redis 127.0.0.1:6379: ...").
#pragma once
#include <string>

#include "base/result.h"

namespace tlskit::redis {

// An error of talking to Redis (code: io_error, timeout, connection_refused, ...); no TLS alert
// follows from it (the handshake goes on without 0-RTT or with the keys held).
inline Error redis_network_error(ErrorCode code, std::string detail) {
  return make_error(code, Alert::none, Party::network, Step::none, std::move(detail));
}

// A setting that cannot work (config_invalid, Party::config).
inline Error redis_config_error(std::string detail) {
  return make_error(ErrorCode::config_invalid, Alert::internal_error, Party::config, Step::config,
                    std::move(detail));
}

}  // namespace tlskit::redis
