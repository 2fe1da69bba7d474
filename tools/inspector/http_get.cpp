// One HTTP/1.1 GET after the handshake (--http-get).
#include "inspector/http_get.h"

#include <array>
#include <chrono>

#include "base/clock.h"

namespace tlskit::tools {
namespace {

// Reads per call, and the bound on read rounds (each waits at most the time left).
constexpr size_t kChunk = 16 * 1024;
constexpr int kMaxRounds = 10000;

Result<void> flush(Connection& c, Transport& t, int timeout_ms) {
  ByteView out = c.pending_output();
  if (out.empty()) return ok();
  TK_TRY(t.write(out, timeout_ms));
  c.consume_output(out.size());
  return ok();
}

}  // namespace

int http_status_of(const std::string& text) {
  // "HTTP/1.1 400 Reason": the three digits after the first space.
  if (text.rfind("HTTP/1.", 0) != 0) return 0;
  const size_t sp = text.find(' ');
  if (sp == std::string::npos || text.size() < sp + 4) return 0;
  int code = 0;
  for (size_t i = sp + 1; i < sp + 4; ++i) {
    if (text[i] < '0' || text[i] > '9') return 0;
    code = code * 10 + (text[i] - '0');
  }
  return code;
}

HttpAnswer run_http_get(Connection& conn, Transport& t, const std::string& host,
                        const std::string& path, int timeout_ms) {
  HttpAnswer a;
  a.path = path;
  const std::string req = "GET " + path + " HTTP/1.1\r\nHost: " + host +
                          "\r\nUser-Agent: tlskit\r\nAccept: */*\r\nConnection: close\r\n\r\n";
  auto w = conn.write(as_bytes(req));
  if (w) w = flush(conn, t, timeout_ms);
  if (!w) {
    a.error = w.error();
    return a;
  }
  const Clock& clock = SystemClock::instance();
  const int64_t deadline = clock.monotonic_micros() + int64_t{timeout_ms} * 1000;
  std::array<uint8_t, kChunk> buf;
  for (int round = 0; round < kMaxRounds && a.head_and_body.size() < kMaxHttpAnswer; ++round) {
    // Take what the connection decrypted first.
    for (size_t n = conn.read(buf); n > 0; n = conn.read(buf))
      a.head_and_body.append(reinterpret_cast<const char*>(buf.data()),
                             std::min(n, kMaxHttpAnswer - std::min(kMaxHttpAnswer, a.head_and_body.size())));
    if (conn.peer_closed() || a.head_and_body.size() >= kMaxHttpAnswer) break;
    const int64_t left_ms = (deadline - clock.monotonic_micros()) / 1000;
    if (left_ms <= 0) {
      a.error = make_error(ErrorCode::timeout, Alert::none, Party::network, Step::application_data,
                           "no complete HTTP answer within " + std::to_string(timeout_ms) + " ms");
      break;
    }
    auto n = t.read(buf, static_cast<int>(left_ms));
    if (!n) {
      a.error = n.error();
      break;
    }
    if (*n == 0) break;  // the server closed the TCP connection (Connection: close)
    auto fed = conn.feed(ByteView(buf.data(), *n));
    (void)flush(conn, t, timeout_ms);  // a KeyUpdate answer, if any
    if (!fed) {
      a.error = fed.error();
      break;
    }
  }
  const size_t eol = a.head_and_body.find('\n');
  a.status_line = a.head_and_body.substr(0, eol == std::string::npos ? a.head_and_body.size() : eol);
  if (!a.status_line.empty() && a.status_line.back() == '\r') a.status_line.pop_back();
  a.status = http_status_of(a.status_line);
  return a;
}

}  // namespace tlskit::tools
