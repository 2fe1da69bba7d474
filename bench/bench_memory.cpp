// Heap bytes per established, idle connection (server side and client side): heap in use
// (alloc_counter.h) around creating N connection pairs and freeing first the clients, then
// the servers.
#include <cstdio>
#include <vector>

#include "alloc_counter.h"
#include "bench_common.h"

namespace bench {
namespace {

struct MemResult {
  double client = -1;  // bytes per connection
  double server = -1;
  std::string error;
};

MemResult measure(Stack& s, const Options& o, bool release_buffers) {
  MemResult m;
  Scenario sc{"memory", CertType::ecdsa_p256, Aead::aes128gcm};
  if (!s.setup(o.pki, sc)) {
    m.error = s.error();
    return m;
  }
  {
    // One connection first: lazy one-time allocations (tables, provider caches) are not
    // per-connection memory.
    auto warm = s.establish(release_buffers);
    if (!warm) {
      m.error = s.error();
      return m;
    }
  }
  std::vector<std::unique_ptr<Established>> conns;
  conns.reserve(static_cast<size_t>(o.connections));
  for (int i = 0; i < o.connections; ++i) {
    auto e = s.establish(release_buffers);
    if (!e) {
      m.error = s.error();
      return m;
    }
    conns.push_back(std::move(e));
  }
  int64_t with_all = alloc_stats().live_bytes;
  for (auto& c : conns) c->drop_client();
  int64_t without_clients = alloc_stats().live_bytes;
  for (auto& c : conns) c->drop_server();
  int64_t without_servers = alloc_stats().live_bytes;
  conns.clear();
  m.client = static_cast<double>(with_all - without_clients) / o.connections;
  m.server = static_cast<double>(without_clients - without_servers) / o.connections;
  return m;
}

}  // namespace

void bench_memory(const Options& o, Stack* tlskit, Stack* libssl, std::vector<Row>& rows) {
  const std::string section =
      "Memory: heap bytes per established idle connection (TLS 1.3, ECDSA P-256)";
  // (Heap in use as glibc counts it, chunk headers included: mallinfo2.)
  MemResult t, l, lr;
  if (tlskit != nullptr) t = measure(*tlskit, o, false);
  if (libssl != nullptr) {
    l = measure(*libssl, o, false);
    lr = measure(*libssl, o, true);
  }
  add_ratio_row(rows, section, "server connection, bytes", t.server, l.server, 0);
  rows.back().target = "tlskit <= 16384";
  rows.back().verdict = t.server >= 0 ? (t.server <= 16384 ? 1 : 0) : -1;
  char buf[200];
  if (lr.server >= 0) {
    std::snprintf(buf, sizeof buf,
                  "  libssl with SSL_MODE_RELEASE_BUFFERS: server %.0f bytes, client %.0f bytes\n",
                  lr.server, lr.client);
    rows.back().note = buf;
  }
  add_ratio_row(rows, section, "client connection, bytes", t.client, l.client, 0);
  std::snprintf(buf, sizeof buf,
                "  (%d connection pairs; the client keeps the server's chain; the memory BIOs "
                "standing for sockets are not counted)\n",
                o.connections);
  rows.back().note = buf;
  if (!t.error.empty()) rows.back().note += "  tlskit not measured: " + t.error + "\n";
  if (!l.error.empty()) rows.back().note += "  libssl not measured: " + l.error + "\n";
}

}  // namespace bench
