// A small HTTP/1.1 client side for the scan: parses one response (status, headers, body) with
// Debian's http-parser, bounded in size and header count; reads HSTS; fetches an http:// URL
// (AIA caIssuers) over plain TCP, bounded in size and time. Never https, never redirects.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/bytes.h"
#include "base/clock.h"
#include "base/result.h"
#include "inspector/transport.h"

namespace tlskit::tools::scan {

// Bounds of one response.
inline constexpr size_t kMaxHttpResponseBytes = 256 * 1024;
inline constexpr size_t kMaxHttpHeaders = 200;
inline constexpr size_t kMaxHttpHeaderBytes = 16 * 1024;
inline constexpr size_t kMaxUrlLength = 2048;

// A parsed response.
struct HttpResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case, in order
  Bytes body;
  bool complete = false;  // the message ended (by its length, chunking, or EOF)

  // The first value of header `name` (lower case), or "" when absent.
  std::string header(std::string_view name) const;
};

// Incremental parser of one response (bytes in; complete when done).
class HttpResponseParser {
 public:
  HttpResponseParser();
  ~HttpResponseParser();
  HttpResponseParser(const HttpResponseParser&) = delete;
  HttpResponseParser& operator=(const HttpResponseParser&) = delete;
  // Feeds bytes (empty = EOF). Returns true when the response is complete. Errors (decode_error,
  // Party::peer, Step::none): not HTTP, malformed, over a bound (limit_exceeded).
  Result<bool> feed(ByteView data);
  // The response so far.
  const HttpResponse& response() const { return r_; }

  struct Impl;

 private:
  Impl* impl_;
  HttpResponse r_;
  size_t total_ = 0;
};

// Parses a whole response (ended by EOF at the end of data).
Result<HttpResponse> parse_http_response(ByteView data);

// Strict-Transport-Security (RFC 6797 §6.1): max-age (required), includeSubDomains, preload.
struct Hsts {
  bool valid = false;
  int64_t max_age = 0;
  bool include_subdomains = false;
  bool preload = false;
};
// Parses an STS header value; valid is false without a well-formed max-age.
Hsts parse_hsts(std::string_view value);

// An http:// URL split: host, port (80 by default), path ("/" when empty).
struct HttpUrl {
  std::string host;
  uint16_t port = 80;
  std::string path = "/";
};
// Parses an http:// URL (not https, no userinfo); config_invalid otherwise.
Result<HttpUrl> parse_http_url(std::string_view url);

// The request "GET path HTTP/1.1" with Host, Connection: close, a User-Agent, Accept.
std::string http_get_request(const std::string& host, const std::string& path);

// Reads one response from transport until complete, EOF, max_bytes or the deadline.
Result<HttpResponse> read_http_response(Transport& t, const Clock& clock, int64_t deadline_us);

// Fetches an http:// URL: TCP connect, GET, read (bounded by kMaxHttpResponseBytes and
// timeout_ms). Errors name the URL: not http, connect, timeout, a status other than 200.
Result<HttpResponse> fetch_http_url(std::string_view url, int timeout_ms, const Clock& clock);

}  // namespace tlskit::tools::scan
