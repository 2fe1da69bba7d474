// HTTP CONNECT through a proxy (RFC 9110 §9.3.6).
#include "cli/proxy.h"

#include <chrono>

namespace tlskit::tools {
namespace {

std::string authority(const io::HostPort& t) {
  bool v6 = t.host.find(':') != std::string::npos;
  return (v6 ? "[" + t.host + "]" : t.host) + ":" + std::to_string(t.port);
}

Error proxy_error(ErrorCode code, const io::HostPort& proxy, const std::string& what) {
  return make_error(code, Alert::none, Party::network, Step::connect,
                    "proxy " + authority(proxy) + ": " + what);
}

int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

std::string proxy_connect_request(const io::HostPort& target) {
  std::string a = authority(target);
  return "CONNECT " + a + " HTTP/1.1\r\nHost: " + a + "\r\nUser-Agent: tlskit\r\n\r\n";
}

Result<void> check_proxy_response(const std::string& header, const io::HostPort& proxy,
                                  const io::HostPort& target) {
  std::string line = header.substr(0, header.find("\r\n"));
  // "HTTP/1.1 200 Connection established": the status code follows the first space.
  size_t sp = line.find(' ');
  bool http = line.rfind("HTTP/1.", 0) == 0 && sp != std::string::npos && line.size() >= sp + 4;
  if (!http)
    return proxy_error(ErrorCode::connection_refused, proxy,
                       "answered CONNECT to " + authority(target) +
                           " with something that is not an HTTP response: '" +
                           line.substr(0, 80) + "'");
  if (line[sp + 1] != '2')
    return proxy_error(ErrorCode::connection_refused, proxy,
                       "refused CONNECT to " + authority(target) + ": " + line.substr(0, 200));
  return ok();
}

Result<io::TcpStream> connect_via_proxy(const io::HostPort& proxy, const io::HostPort& target,
                                        int connect_timeout_ms, int timeout_ms) {
  auto s = io::TcpStream::connect(proxy.host, proxy.port, connect_timeout_ms);
  if (!s) {
    Error e = s.error();
    e.detail = "proxy " + authority(proxy) + ": " + e.detail;
    return e;
  }
  std::string req = proxy_connect_request(target);
  TK_TRY(s->write_all(as_bytes(req), timeout_ms));
  // Byte by byte up to the blank line, so no byte of the tunnel is consumed here.
  const int64_t deadline = steady_ms() + timeout_ms;
  std::string header;
  while (header.size() < 4 || header.compare(header.size() - 4, 4, "\r\n\r\n") != 0) {
    if (header.size() >= kMaxProxyResponse)
      return proxy_error(ErrorCode::limit_exceeded, proxy,
                         "the CONNECT response header is longer than " +
                             std::to_string(kMaxProxyResponse) + " bytes");
    int64_t left = deadline - steady_ms();
    if (left <= 0)
      return proxy_error(ErrorCode::timeout, proxy,
                         "no complete answer to CONNECT within " + std::to_string(timeout_ms) +
                             " ms");
    uint8_t c = 0;
    auto n = s->read(MutableByteView(&c, 1), static_cast<int>(left));
    if (!n) {
      Error e = n.error();
      e.detail = "proxy " + authority(proxy) + " (reading the CONNECT response): " + e.detail;
      return e;
    }
    if (*n == 0)
      return proxy_error(ErrorCode::peer_closed, proxy,
                         "closed the connection before answering CONNECT to " +
                             authority(target) + (header.empty() ? "" : " (got '" +
                             header.substr(0, header.find("\r\n")) + "')"));
    header += static_cast<char>(c);
  }
  TK_TRY(check_proxy_response(header, proxy, target));
  return std::move(*s);
}

}  // namespace tlskit::tools
