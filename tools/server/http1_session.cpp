// HTTP/1.1 for `tlskit server --http`, over http-parser.
#include "server/http1_session.h"

#include <http_parser.h>

#include <algorithm>
#include <cctype>
#include <limits>

#include "cli/http_early_data.h"

namespace tlskit::tools::server {
namespace {

// Field names and values kept while parsing: only Host and Early-Data matter, so longer ones
// are cut (their length is still bounded by kMaxRequestHead).
constexpr size_t kKeptFieldBytes = 32;

// Case-insensitive equality of ASCII field names (RFC 9110 §5.1).
bool name_is(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// A token character (RFC 9110 §5.6.2), the only characters of a field name (§5.1).
bool is_tchar(unsigned char c) {
  const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  return alnum ||
         std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

void append(Bytes& out, std::string_view s) { out.insert(out.end(), s.begin(), s.end()); }

// How the connection header of a response reads.
enum class Persist { keep, keep_http10, close };

// Appends an HTTP/1.1 response. HTTP/1.0 keep-alive is confirmed with Connection: keep-alive
// (RFC 9112 §9.3 / RFC 2068 §19.7.1), a closing response says Connection: close (§9.6).
void write_response(const HttpAnswer& a, Persist persist, Bytes& out) {
  std::string h = "HTTP/1.1 " + std::to_string(a.status) + " " + http_reason(a.status) + "\r\n";
  h += "Server: " + std::string(kServerName) + "\r\n";
  if (a.content_length) {
    h += "Content-Type: text/plain; charset=utf-8\r\n";
    h += "Content-Length: " + std::to_string(a.body.size()) + "\r\n";
  }
  if (!a.allow.empty()) h += "Allow: " + a.allow + "\r\n";
  if (persist == Persist::close) h += "Connection: close\r\n";
  if (persist == Persist::keep_http10) h += "Connection: keep-alive\r\n";
  h += "\r\n";
  append(out, h);
  if (a.send_body && a.content_length) append(out, a.body);
}

}  // namespace

struct Http1Session::State {
  http_parser parser{};
  http_parser_settings settings{};
  HttpConnectionFacts facts;
  Bytes* out = nullptr;         // where callbacks append responses (valid during on_data)
  const char* chunk = nullptr;  // the data on_data is parsing
  uint64_t chunk_offset = 0;    // stream offset of chunk[0]
  uint64_t stream_offset = 0;   // bytes received before this on_data
  uint64_t message_start = 0;   // the current message starts at or after this offset
  uint64_t head_data_end = 0;   // offset just past the last head byte a callback reported
  bool in_message = false;      // a request has begun and is not complete
  bool headers_done = false;
  bool message_done = false;  // set by on_message_complete during the current execute
  uint64_t body_bytes = 0;
  std::string field, value;  // the field being parsed (cut at kKeptFieldBytes)
  bool in_value = false;
  int host_fields = 0;
  bool marked_early = false;  // an Early-Data: 1 field (RFC 8470 §5.1)
  int reject_status = 0;      // why a callback stopped the parser (413, 431, 400)
  std::string reject_text;
  bool closed = false;  // the last response closes the connection: nothing more
  bool draining = false;
  uint64_t requests = 0;
  uint64_t early_requests = 0;  // requests that began in 0-RTT data
  uint64_t too_early = 0;       // of all requests, answered 425 (RFC 8470)

  State() {
    http_parser_settings_init(&settings);
    settings.on_message_begin = on_message_begin;
    settings.on_url = on_url;
    settings.on_header_field = on_header_field;
    settings.on_header_value = on_header_value;
    settings.on_headers_complete = on_headers_complete;
    settings.on_body = on_body;
    settings.on_message_complete = on_message_complete;
    reset_parser();
  }

  void reset_parser() {
    http_parser_init(&parser, HTTP_REQUEST);
    parser.data = this;
  }

  static State& of(http_parser* p) { return *static_cast<State*>(p->data); }

  // Notes that head bytes up to at+n arrived (for the head bound).
  void saw_head(const char* at, size_t n) {
    head_data_end = chunk_offset + static_cast<uint64_t>(at - chunk) + n;
  }

  int reject(int status, std::string text) {
    reject_status = status;
    reject_text = std::move(text);
    return -1;  // any other value than 0, 1, 2 stops http-parser with an error
  }

  void finish_field() {
    if (name_is(field, "Host")) ++host_fields;
    if (name_is(field, "Early-Data") && http_early_data_value_marks(value)) marked_early = true;
    field.clear();
    value.clear();
    in_value = false;
  }

  static int on_message_begin(http_parser* p) {
    State& s = of(p);
    s.in_message = true;
    s.headers_done = false;
    s.body_bytes = 0;
    s.field.clear();
    s.value.clear();
    s.in_value = false;
    s.host_fields = 0;
    s.marked_early = false;
    return 0;
  }

  static int on_url(http_parser* p, const char* at, size_t n) {
    of(p).saw_head(at, n);
    return 0;
  }

  static int on_header_field(http_parser* p, const char* at, size_t n) {
    State& s = of(p);
    s.saw_head(at, n);
    if (s.in_value) s.finish_field();
    // RFC 9112 §5.1: a server MUST reject with 400 a request with whitespace between a field
    // name and the colon; http-parser lets spaces into names, so names are checked here.
    for (size_t i = 0; i < n; ++i)
      if (!is_tchar(static_cast<unsigned char>(at[i])))
        return s.reject(400, "a field name is not a token");
    s.field.append(at, std::min(n, kKeptFieldBytes - std::min(kKeptFieldBytes, s.field.size())));
    return 0;
  }

  static int on_header_value(http_parser* p, const char* at, size_t n) {
    State& s = of(p);
    s.saw_head(at, n);
    s.in_value = true;
    s.value.append(at, std::min(n, kKeptFieldBytes - std::min(kKeptFieldBytes, s.value.size())));
    return 0;
  }

  static int on_headers_complete(http_parser* p) {
    State& s = of(p);
    if (s.in_value || !s.field.empty()) s.finish_field();
    s.headers_done = true;
    if (s.head_data_end - std::min(s.head_data_end, s.message_start) > kMaxRequestHead)
      return s.reject(
          431, "the request head is larger than " + std::to_string(kMaxRequestHead) + " bytes");
    // RFC 9112 §3: the request line ends with the HTTP version; http-parser also takes a
    // version-less (HTTP/0.9) line, which this server does not serve.
    if (p->http_major == 0) return s.reject(400, "the request line has no HTTP version");
    // RFC 9112 §3.2: a server MUST answer 400 to an HTTP/1.1 request without Host, and to any
    // request with more than one Host field line.
    if (s.host_fields > 1) return s.reject(400, "more than one Host field");
    if (s.host_fields == 0 && (p->http_major > 1 || (p->http_major == 1 && p->http_minor >= 1)))
      return s.reject(400, "an HTTP/1.1 request needs a Host field");
    if (p->content_length != std::numeric_limits<uint64_t>::max() &&
        p->content_length > kMaxRequestBody)
      return s.reject(
          413, "the request body is larger than " + std::to_string(kMaxRequestBody) + " bytes");
    return 0;
  }

  static int on_body(http_parser* p, const char*, size_t n) {
    State& s = of(p);
    s.body_bytes += n;  // read and discarded
    if (s.body_bytes > kMaxRequestBody)
      return s.reject(
          413, "the request body is larger than " + std::to_string(kMaxRequestBody) + " bytes");
    return 0;
  }

  static int on_message_complete(http_parser* p) {
    State& s = of(p);
    s.in_message = false;
    s.message_done = true;
    ++s.requests;
    const std::string_view method = http_method_str(static_cast<http_method>(p->method));
    // RFC 9112 §9.3: HTTP/1.1 persists unless Connection: close; HTTP/1.0 closes unless
    // keep-alive was asked (http_should_keep_alive implements both).
    const bool http10 = p->http_major == 1 && p->http_minor == 0;
    bool keep = http_should_keep_alive(p) != 0 && !s.draining;
    if (p->method == HTTP_CONNECT) keep = false;  // what follows would be tunnel bytes
    // A request that began in 0-RTT data: the message starts at or after message_start, so it
    // began in early data if message_start is below the early data's end (RFC 8470 §5.2).
    const bool began_early = s.message_start < s.facts.early_data_bytes;
    const bool too_early = http_request_too_early(method, s.marked_early, began_early);
    if (began_early) ++s.early_requests;
    if (too_early) ++s.too_early;
    write_response(answer_request(method, too_early, s.facts),
                   !keep ? Persist::close : (http10 ? Persist::keep_http10 : Persist::keep),
                   *s.out);
    if (!keep) s.closed = true;
    http_parser_pause(p, 1);  // one message per execute: message_start stays exact
    return 0;
  }

  // Answers an error (400, 413, 431) and closes.
  void fail(int status, const std::string& text) {
    write_response(error_answer(status, text), Persist::close, *out);
    closed = true;
    in_message = false;
  }

  bool feed(ByteView data, Bytes& o) {
    if (closed) return false;
    out = &o;
    chunk = reinterpret_cast<const char*>(data.data());
    chunk_offset = stream_offset;
    size_t off = 0;
    // Each round consumes at least one byte or stops; the bound is only a guard.
    for (size_t round = 0; round <= data.size() && off < data.size() && !closed; ++round) {
      message_done = false;
      const size_t used = http_parser_execute(&parser, &settings, chunk + off, data.size() - off);
      off += used;
      const http_errno err = HTTP_PARSER_ERRNO(&parser);
      if (err == HPE_PAUSED) {
        if (message_done) message_start = chunk_offset + off;
        http_parser_pause(&parser, 0);
        // Upgrade (RFC 9110 §7.8) is optional: we answered the request as if it were absent, and
        // read what follows as the next request.
        if (parser.upgrade) reset_parser();
        continue;
      }
      if (err != HPE_OK) {
        if (reject_status != 0) {
          fail(reject_status, reject_text);
        } else if (err == HPE_HEADER_OVERFLOW) {
          fail(431, "the request head is too large");
        } else {
          fail(400, std::string("malformed request: ") + http_errno_description(err));
        }
        break;
      }
      if (used == 0) break;
    }
    stream_offset += data.size();
    if (!closed && in_message && !headers_done && stream_offset - message_start > kMaxRequestHead)
      fail(431, "the request head is larger than " + std::to_string(kMaxRequestHead) + " bytes");
    out = nullptr;
    return !closed;
  }
};

Http1Session::Http1Session() : s_(std::make_unique<State>()) {}
Http1Session::~Http1Session() = default;

void Http1Session::on_open(const Connection& connection, Bytes& out) {
  (void)out;
  open(http_connection_facts(connection));
}

void Http1Session::open(const HttpConnectionFacts& facts) { s_->facts = facts; }

bool Http1Session::on_data(ByteView data, Bytes& out) { return s_->feed(data, out); }

bool Http1Session::busy() const { return s_->in_message && !s_->closed; }

bool Http1Session::on_drain(Bytes& out) {
  (void)out;
  s_->draining = true;
  if (!busy()) {
    s_->closed = true;
    return false;
  }
  return true;
}

std::string Http1Session::summary() const {
  std::string r = "http/1.1 requests=" + std::to_string(s_->requests);
  // 0-RTT: how many requests began in early data, and how many of all got 425 Too Early.
  if (s_->early_requests > 0 || s_->too_early > 0)
    r += " early=" + std::to_string(s_->early_requests) + " too-early=" + std::to_string(s_->too_early);
  return r;
}

uint64_t Http1Session::requests() const { return s_->requests; }

}  // namespace tlskit::tools::server
