// The kernel's part of one new TLS 1.3 connection as `openssl s_time -new` makes them, with no
// TLS at all: what any server pays per connection before its protocol and crypto work, the
// floor next to the crypto floor for the server row (bench/server_vs_nginx.sh, docs/server.md).
// A blocking server thread on 127.0.0.1 accepts, reads the ClientHello-sized message, writes a
// server-flight-sized one, reads the Finished-sized one and the end of the stream, and closes;
// a client thread in the same process sends the same sizes and pauses between its steps for
// as long as s_time's crypto takes, so the server sleeps and wakes at each step as it does
// under s_time. The server thread's CPU time per connection is the row.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "bench_common.h"

namespace bench {
namespace {

// Message sizes of a TLS 1.3 handshake with an ECDSA P-256 chain and X25519.
constexpr size_t kClientHelloBytes = 300;
constexpr size_t kServerFlightBytes = 1200;
constexpr size_t kClientFinishedBytes = 80;
// The client's pause before each of its steps: about what s_time's side of a handshake costs.
constexpr auto kClientPause = std::chrono::microseconds(200);
constexpr int kSocketTimeoutSeconds = 5;  // no read or accept waits longer

// A socket option that bounds every blocking call on fd.
void bound_waits(int fd) {
  timeval tv{kSocketTimeoutSeconds, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

// Busy-waits for d, as a client doing crypto would (a sleep would free the core).
void spin(std::chrono::microseconds d) {
  auto end = std::chrono::steady_clock::now() + d;
  while (std::chrono::steady_clock::now() < end) {
  }
}

bool write_all(int fd, const char* p, size_t n) {
  while (n > 0) {
    ssize_t w = ::write(fd, p, n);
    if (w <= 0) return false;
    p += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

// Reads exactly n bytes (false on EOF, error or timeout).
bool read_exactly(int fd, char* buf, size_t n) {
  size_t got = 0;
  while (got < n) {
    ssize_t r = ::read(fd, buf + got, n - got);
    if (r <= 0) return false;
    got += static_cast<size_t>(r);
  }
  return true;
}

// Server CPU microseconds per connection over n connections; < 0 when a socket call failed.
double server_cpu_us(int n) {
  int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  if (listener < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listener, 16) != 0 ||
      ::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(listener);
    return -1;
  }
  bound_waits(listener);
  int64_t server_ns = -1;  // written by the server thread, read after join()
  std::thread server([&] {
    static char buf[4096], flight[kServerFlightBytes];
    int one = 1;
    int64_t t0 = thread_cpu_ns();
    for (int i = 0; i < n; ++i) {
      int c = ::accept(listener, nullptr, nullptr);
      if (c < 0) return;
      bound_waits(c);
      setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      bool ok = read_exactly(c, buf, kClientHelloBytes) && write_all(c, flight, sizeof flight) &&
                read_exactly(c, buf, kClientFinishedBytes) && ::read(c, buf, sizeof buf) == 0;
      ::close(c);
      if (!ok) return;
    }
    server_ns = thread_cpu_ns() - t0;
  });
  bool client_ok = true;
  static char hello[kClientHelloBytes], finished[kClientFinishedBytes], in[kServerFlightBytes];
  for (int i = 0; i < n && client_ok; ++i) {
    int s = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    client_ok = s >= 0;
    if (!client_ok) break;
    bound_waits(s);
    setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    client_ok = ::connect(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    if (client_ok) {
      spin(kClientPause);
      client_ok = write_all(s, hello, sizeof hello) && read_exactly(s, in, sizeof in);
    }
    if (client_ok) {
      spin(kClientPause);
      client_ok = write_all(s, finished, sizeof finished);
    }
    ::close(s);
  }
  if (!client_ok) ::shutdown(listener, SHUT_RDWR);  // the server's accept returns
  server.join();
  ::close(listener);
  return client_ok && server_ns >= 0 ? static_cast<double>(server_ns) / n / 1e3 : -1;
}

}  // namespace

void bench_io_floor(const Options& o, std::vector<Row>& rows) {
  const std::string section =
      "Kernel floor of one s_time-shaped connection (no TLS), for the server row";
  // Rounds of 500 connections; the median over them.
  std::vector<double> per_round;
  for (int r = 0; r < o.rounds; ++r) {
    double us = server_cpu_us(500);
    if (us < 0) break;
    per_round.push_back(us);
  }
  Row row;
  row.section = section;
  row.what = "server CPU us per connection";
  row.tlskit = per_round.empty() ? -1 : median(per_round);
  row.decimals = 1;
  row.left_title = "us";
  row.right_title = "";
  row.note =
      "  (accept, read 300 B, write 1,200 B, read 80 B, read EOF, close; a blocking server "
      "thread on 127.0.0.1,\n   the client pausing 200 us before each step as s_time's crypto "
      "does; docs/server.md uses it with the crypto floor)\n";
  rows.push_back(row);
}

}  // namespace bench
