// Two public tlskit::Connection objects back to back in memory (the shared
// tests/memory_pair.h), with optional hooks that alter bytes in flight, and the TLS 1.2 tests'
// deterministic configs.
#pragma once
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "../memory_pair.h"
#include "engine_pair.h"
#include "tlskit/connection.h"

namespace tlskit::tls12test {

// Two connections in memory (tests/memory_pair.h).
using ConnPair = testing::MemoryPair;

// Creates both connections and runs the handshake, with optional in-flight edits.
inline ConnPair connect(std::shared_ptr<const Config> cc, std::shared_ptr<const Config> sc,
                        std::function<void(Bytes&)> to_server = nullptr,
                        std::function<void(Bytes&)> to_client = nullptr) {
  ConnPair p = testing::make_memory_pair(std::move(cc), std::move(sc));
  p.to_server = std::move(to_server);
  p.to_client = std::move(to_client);
  p.pump();
  return p;
}

// Deterministic primitives shared by a test's configs.
struct Env {
  DeterministicRng client_rng{21};
  DeterministicRng server_rng{22};
  FixedClock clock{kNow, 5000};

  std::shared_ptr<Config> client(ProtocolVersion min = ProtocolVersion::tls1_2,
                                 ProtocolVersion max = ProtocolVersion::tls1_3) {
    auto c = client_config();
    c->min_version = min;
    c->max_version = max;
    c->rng = &client_rng;
    c->clock = &clock;
    return c;
  }
  std::shared_ptr<Config> server(ProtocolVersion min = ProtocolVersion::tls1_2,
                                 ProtocolVersion max = ProtocolVersion::tls1_3,
                                 std::vector<Key> keys = {Key::p256, Key::rsa}) {
    auto c = server_config(std::move(keys));
    c->min_version = min;
    c->max_version = max;
    c->rng = &server_rng;
    c->clock = &clock;
    return c;
  }
};

}  // namespace tlskit::tls12test
