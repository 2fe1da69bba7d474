// The one in-memory harness of the tests: a client and a server tlskit::Connection back to
// back, bytes moved between them by hand (whole, or cut into chunks), optionally altered in
// flight (a man in the middle), the first error of each side kept. Used by tests/handshake
// (harness.h), tests/tls12 (conn_pair.h) and tests/redis.
#pragma once
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <utility>

#include "tlskit/config.h"
#include "tlskit/connection.h"

namespace tlskit::testing {

// Moves from's pending output into `to`, `chunk` bytes per feed() call, after `mutate` (if
// any) altered it. Stops feeding at the first error, which goes to to_error unless one is
// there already. Returns the bytes taken from `from`.
inline size_t transfer(Connection& from, Connection& to, std::optional<Error>& to_error,
                       size_t chunk = SIZE_MAX,
                       const std::function<void(Bytes&)>& mutate = nullptr) {
  ByteView out = from.pending_output();
  if (out.empty()) return 0;
  Bytes data(out.begin(), out.end());
  from.consume_output(data.size());
  if (mutate) mutate(data);
  for (size_t off = 0; off < data.size(); off += chunk) {
    const size_t n = std::min(chunk, data.size() - off);
    auto r = to.feed(ByteView(data).subspan(off, n));
    if (!r) {
      if (!to_error) to_error = r.error();
      break;
    }
  }
  return data.size();
}

// A client and a server talking in memory.
struct MemoryPair {
  std::unique_ptr<Connection> client;
  std::unique_ptr<Connection> server;
  std::optional<Error> client_error;  // the first error client->feed() returned
  std::optional<Error> server_error;
  std::function<void(Bytes&)> to_server;  // alters client -> server bytes (may be empty)
  std::function<void(Bytes&)> to_client;  // alters server -> client bytes
  size_t chunk = SIZE_MAX;                // bytes per feed() call

  // Both handshakes done and no error on either side.
  bool complete() const {
    return client && server && client->handshake_complete() && server->handshake_complete() &&
           !client_error && !server_error;
  }

  // Moves bytes both ways until neither side has more to send (bounded: 64 rounds).
  void pump() {
    if (!client || !server) return;
    for (int i = 0; i < 64; ++i) {
      size_t moved = transfer(*client, *server, server_error, chunk, to_server);
      moved += transfer(*server, *client, client_error, chunk, to_client);
      if (moved == 0) return;
    }
    ADD_FAILURE() << "pump did not settle in 64 rounds";
  }

  // Application data both ways (n bytes to the server, about n/2 back); true when both
  // arrive intact.
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

// Creates both connections (the client's ClientHello is queued, nothing is moved yet).
inline MemoryPair make_memory_pair(std::shared_ptr<const Config> cc,
                                   std::shared_ptr<const Config> sc) {
  MemoryPair p;
  auto c = Connection::client(std::move(cc));
  EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().to_string());
  auto s = Connection::server(std::move(sc));
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().to_string());
  if (c.ok()) p.client = std::move(*c);
  if (s.ok()) p.server = std::move(*s);
  return p;
}

}  // namespace tlskit::testing
