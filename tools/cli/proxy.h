// `--proxy HOST:PORT` (s_client -proxy): an HTTP CONNECT tunnel opened before the TLS handshake.
#pragma once
#include <string>

#include "base/result.h"
#include "io/tcp.h"

namespace tlskit::tools {

// Largest CONNECT response header read from a proxy; a longer one is an error.
inline constexpr size_t kMaxProxyResponse = 8192;

// Builds the CONNECT request for target ("CONNECT host:443 HTTP/1.1\r\nHost: ...\r\n\r\n").
std::string proxy_connect_request(const io::HostPort& target);

// Checks a proxy's response header (up to and including the blank line): ok for a 2xx status;
// otherwise connection_refused (Party::network, Step::connect) whose detail names the proxy and
// its status line ("proxy 127.0.0.1:3128 refused CONNECT to h:443: HTTP/1.1 407 Proxy ...").
Result<void> check_proxy_response(const std::string& header, const io::HostPort& proxy,
                                  const io::HostPort& target);

// Connects to proxy, sends CONNECT for target and reads the response header (at most
// kMaxProxyResponse bytes, within timeout_ms). On success the stream is a tunnel to target.
Result<io::TcpStream> connect_via_proxy(const io::HostPort& proxy, const io::HostPort& target,
                                        int connect_timeout_ms, int timeout_ms);

}  // namespace tlskit::tools
