// Two public tlskit::Connection objects back to back in memory, with an optional hook that
// alters bytes in flight (a man in the middle).
#pragma once
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine_pair.h"
#include "tlskit/connection.h"

namespace tlskit::tls12test {

struct ConnPair {
  std::unique_ptr<Connection> client;
  std::unique_ptr<Connection> server;
  std::optional<Error> client_error;
  std::optional<Error> server_error;
  std::function<void(Bytes&)> to_server;  // alters client -> server bytes
  std::function<void(Bytes&)> to_client;

  bool complete() const {
    return client && server && client->handshake_complete() && server->handshake_complete() &&
           !client_error && !server_error;
  }

  size_t transfer(Connection& from, Connection& to, std::optional<Error>& err,
                  const std::function<void(Bytes&)>& mutate) {
    ByteView out = from.pending_output();
    if (out.empty()) return 0;
    Bytes data(out.begin(), out.end());
    from.consume_output(data.size());
    if (mutate) mutate(data);
    if (err) return data.size();
    auto r = to.feed(data);
    if (!r) err = r.error();
    return data.size();
  }

  void pump() {
    for (int i = 0; i < 64; ++i) {
      size_t moved = transfer(*client, *server, server_error, to_server);
      moved += transfer(*server, *client, client_error, to_client);
      if (moved == 0) return;
    }
    ADD_FAILURE() << "pump did not settle";
  }

  // Data both ways; true when it arrives intact.
  bool exchange(size_t n = 5000) {
    Bytes a(n), b(n / 2 + 1);
    for (size_t i = 0; i < a.size(); ++i) a[i] = static_cast<uint8_t>(i * 7);
    for (size_t i = 0; i < b.size(); ++i) b[i] = static_cast<uint8_t>(i * 13 + 1);
    if (!client->write(a).ok() || !server->write(b).ok()) return false;
    pump();
    Bytes ra(server->readable()), rb(client->readable());
    ra.resize(server->read(ra));
    rb.resize(client->read(rb));
    return ra == a && rb == b;
  }
};

// Creates both connections and runs the handshake.
inline ConnPair connect(std::shared_ptr<const Config> cc, std::shared_ptr<const Config> sc,
                        std::function<void(Bytes&)> to_server = nullptr,
                        std::function<void(Bytes&)> to_client = nullptr) {
  ConnPair p;
  p.to_server = std::move(to_server);
  p.to_client = std::move(to_client);
  auto c = Connection::client(std::move(cc));
  EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().to_string());
  auto s = Connection::server(std::move(sc));
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().to_string());
  if (!c.ok() || !s.ok()) return p;
  p.client = std::move(*c);
  p.server = std::move(*s);
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
