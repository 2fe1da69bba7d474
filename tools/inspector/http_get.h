// --http-get PATH: after the handshake, one HTTP/1.1 GET over the connection and the start of
// the answer, so the diagnosis can read what the server said at the application layer (e.g.
// nginx's 400 "No required SSL certificate was sent" when it wanted a client certificate).
#pragma once
#include <optional>
#include <string>

#include "inspector/transport.h"
#include "tlskit/connection.h"

namespace tlskit::tools {

// What the server answered to our GET.
struct HttpAnswer {
  std::string path;         // the path requested
  int status = 0;           // the status code (0 when no status line arrived)
  std::string status_line;  // e.g. "HTTP/1.1 400 Bad Request"
  std::string head_and_body;  // the first bytes of the answer (at most kMaxHttpAnswer)
  std::optional<Error> error;  // why no complete answer came (timeout, a TLS error, ...)
};

// The most of the answer kept (the head and the start of the body).
inline constexpr size_t kMaxHttpAnswer = 16 * 1024;

// Sends "GET path HTTP/1.1" with Host: host and Connection: close over conn (handshake done),
// then reads until the server closes, the answer is kMaxHttpAnswer bytes long, or timeout_ms
// passes. Never fails: problems go to HttpAnswer::error.
HttpAnswer run_http_get(Connection& conn, Transport& t, const std::string& host,
                        const std::string& path, int timeout_ms);

// The status code of an HTTP/1.x status line at the start of text (0 when there is none).
int http_status_of(const std::string& text);

}  // namespace tlskit::tools
