// What `tlskit server --http` answers, whatever the HTTP version: the connection facts a
// handler needs (from the handshake), the request limits, and the response to one request.
// HTTP/1.1 (http1_session.h) and HTTP/2 (http2_session.h) only frame these answers.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "tlskit/connection.h"

namespace tlskit::tools::server {

// The largest request head (request line and fields; HTTP/2: the header list) served: a
// larger one is answered 431 (RFC 6585 §5).
inline constexpr size_t kMaxRequestHead = 64 * 1024;

// The largest request body read (and discarded): a larger one is answered 413 (RFC 9110 §15.5.14).
inline constexpr uint64_t kMaxRequestBody = 1024 * 1024;

// What the handlers need to know about the TLS connection, taken once in on_open (tests build
// it directly, without a handshake).
struct HttpConnectionFacts {
  std::string version;  // "TLSv1.3" (tlskit::version_name), "?" if unknown
  std::string suite;    // "TLS_AES_128_GCM_SHA256" (tlskit::cipher_suite_name), "?" if unknown
  uint64_t early_data_bytes = 0;  // the first bytes of the stream that came as 0-RTT data
};

// The facts of a connection whose handshake completed.
HttpConnectionFacts http_connection_facts(const Connection& connection);

// One response, before HTTP/1.1 or HTTP/2 framing.
struct HttpAnswer {
  int status = 200;
  std::string body;            // the content (sent unless send_body is false)
  bool send_body = true;       // false for HEAD: Content-Length still tells the GET body's size
  bool content_length = true;  // false for 204 (RFC 9110 §8.6: no Content-Length in a 204)
  std::string allow;           // the Allow field's value, empty: none
};

// The answer to a complete request: its method (case-sensitive, RFC 9110 §9.1) and whether
// RFC 8470 makes it too early (http_request_too_early). GET and HEAD: 200 with the greeting;
// OPTIONS: 204 with Allow; an early unsafe request: 425; any other method: 405 with Allow.
HttpAnswer answer_request(std::string_view method, bool too_early,
                          const HttpConnectionFacts& facts);

// An error answer (400, 413, 431, ...) with a one-line text body.
HttpAnswer error_answer(int status, std::string_view text);

// The reason phrase of a status this server sends ("OK", "Too Early", ...); "Unknown" otherwise.
const char* http_reason(int status);

// The methods this server implements, for Allow (RFC 9110 §10.2.1).
inline constexpr std::string_view kAllowedMethods = "GET, HEAD, OPTIONS";

// The value of the Server field (RFC 9110 §10.2.4).
inline constexpr std::string_view kServerName = "tlskit";

}  // namespace tlskit::tools::server
