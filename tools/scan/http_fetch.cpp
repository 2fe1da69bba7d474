// HTTP response parsing (http-parser), HSTS, and the http:// fetch for AIA.
#include "scan/http_fetch.h"

#include <http_parser.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "io/tcp.h"

namespace tlskit::tools::scan {
namespace {

Error bad(const std::string& what, ErrorCode code = ErrorCode::decode_error) {
  return make_error(code, Alert::none, Party::peer, Step::none, what);
}

std::string lower(std::string_view s) {
  std::string o(s);
  for (char& c : o) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return o;
}

std::string trim(std::string_view s) {
  size_t a = 0, b = s.size();
  while (a < b && (s[a] == ' ' || s[a] == '\t')) ++a;
  while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t')) --b;
  return std::string(s.substr(a, b - a));
}

}  // namespace

// The parser state behind HttpResponseParser (http-parser's C callbacks).
struct HttpResponseParser::Impl {
  http_parser parser{};
  http_parser_settings settings{};
  HttpResponse* out = nullptr;
  std::string field, value;
  bool in_value = false;
  bool done = false;
  std::string error;
  size_t header_bytes = 0;

  void flush_header() {
    if (!field.empty() || !value.empty()) {
      if (out->headers.size() >= kMaxHttpHeaders) {
        error = "more than " + std::to_string(kMaxHttpHeaders) + " headers";
      } else {
        out->headers.emplace_back(lower(field), trim(value));
      }
    }
    field.clear();
    value.clear();
    in_value = false;
  }
};

namespace {

HttpResponseParser::Impl* impl_of(http_parser* p) { return static_cast<HttpResponseParser::Impl*>(p->data); }

int on_field(http_parser* p, const char* at, size_t n) {
  auto* s = impl_of(p);
  if (s->in_value) s->flush_header();
  s->header_bytes += n;
  if (s->header_bytes > kMaxHttpHeaderBytes) return 1;
  s->field.append(at, n);
  return s->error.empty() ? 0 : 1;
}

int on_value(http_parser* p, const char* at, size_t n) {
  auto* s = impl_of(p);
  s->in_value = true;
  s->header_bytes += n;
  if (s->header_bytes > kMaxHttpHeaderBytes) return 1;
  s->value.append(at, n);
  return 0;
}

int on_headers_complete(http_parser* p) {
  auto* s = impl_of(p);
  s->flush_header();
  s->out->status = static_cast<int>(p->status_code);
  return s->error.empty() ? 0 : 1;
}

int on_body(http_parser* p, const char* at, size_t n) {
  auto* s = impl_of(p);
  s->out->body.insert(s->out->body.end(), at, at + n);
  return 0;
}

int on_complete(http_parser* p) {
  impl_of(p)->done = true;
  return 0;
}

}  // namespace

std::string HttpResponse::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (k == name) return v;
  return "";
}

HttpResponseParser::HttpResponseParser() : impl_(new Impl) {
  http_parser_init(&impl_->parser, HTTP_RESPONSE);
  impl_->parser.data = impl_;
  impl_->out = &r_;
  http_parser_settings_init(&impl_->settings);
  impl_->settings.on_header_field = on_field;
  impl_->settings.on_header_value = on_value;
  impl_->settings.on_headers_complete = on_headers_complete;
  impl_->settings.on_body = on_body;
  impl_->settings.on_message_complete = on_complete;
}

HttpResponseParser::~HttpResponseParser() { delete impl_; }

Result<bool> HttpResponseParser::feed(ByteView data) {
  if (impl_->done) return true;
  total_ += data.size();
  if (total_ > kMaxHttpResponseBytes)
    return bad("an HTTP response over " + std::to_string(kMaxHttpResponseBytes / 1024) + " KiB", ErrorCode::limit_exceeded);
  size_t n = http_parser_execute(&impl_->parser, &impl_->settings, reinterpret_cast<const char*>(data.data()), data.size());
  if (!impl_->error.empty()) return bad("HTTP response: " + impl_->error, ErrorCode::limit_exceeded);
  if (impl_->header_bytes > kMaxHttpHeaderBytes)
    return bad("HTTP response headers over " + std::to_string(kMaxHttpHeaderBytes / 1024) + " KiB", ErrorCode::limit_exceeded);
  auto err = static_cast<http_errno>(impl_->parser.http_errno);
  if (err != HPE_OK && !impl_->done)
    return bad(std::string("not a valid HTTP response: ") + http_errno_description(err));
  if (n != data.size() && !impl_->done) return bad("not a valid HTTP response");
  if (data.empty() && !impl_->done) {
    if (r_.status == 0) return bad("the connection closed before an HTTP response");
    return bad("the connection closed in the middle of the HTTP response");
  }
  r_.complete = impl_->done;
  return impl_->done;
}

Result<HttpResponse> parse_http_response(ByteView data) {
  HttpResponseParser p;
  TK_ASSIGN(bool done, p.feed(data));
  if (!done) {
    TK_ASSIGN(done, p.feed({}));
  }
  return p.response();
}

Hsts parse_hsts(std::string_view v) {
  Hsts h;
  bool seen_age = false;
  size_t pos = 0;
  for (int guard = 0; guard < 64 && pos <= v.size(); ++guard) {
    size_t end = v.find(';', pos);
    if (end == std::string_view::npos) end = v.size();
    std::string d = trim(v.substr(pos, end - pos));
    pos = end + 1;
    std::string name = lower(d.substr(0, d.find('=')));
    name = trim(name);
    if (name == "max-age") {
      if (seen_age) return Hsts{};  // RFC 6797 §6.1: directives appear at most once
      seen_age = true;
      size_t eq = d.find('=');
      if (eq == std::string::npos) return Hsts{};
      std::string val = trim(std::string_view(d).substr(eq + 1));
      if (val.size() >= 2 && val.front() == '"' && val.back() == '"') val = val.substr(1, val.size() - 2);
      if (val.empty() || val.size() > 12 || !std::all_of(val.begin(), val.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return Hsts{};
      h.max_age = std::stoll(val);
    } else if (name == "includesubdomains") {
      h.include_subdomains = true;
    } else if (name == "preload") {
      h.preload = true;
    }
    if (end == v.size()) break;
  }
  h.valid = seen_age;
  return h;
}

Result<HttpUrl> parse_http_url(std::string_view url) {
  auto invalid = [&](const std::string& why) {
    return make_error(ErrorCode::config_invalid, Alert::none, Party::peer, Step::none,
                      "URL '" + std::string(url.substr(0, 200)) + "': " + why);
  };
  if (url.size() > kMaxUrlLength) return invalid("longer than " + std::to_string(kMaxUrlLength) + " characters");
  if (lower(url.substr(0, 7)) != "http://") return invalid("only http:// URLs are fetched");
  std::string_view rest = url.substr(7);
  size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  HttpUrl u;
  u.path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  for (char c : u.path)
    if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f) return invalid("a control character or space in the path");
  if (authority.find('@') != std::string_view::npos) return invalid("user information is not accepted");
  if (authority.empty()) return invalid("no host");
  auto hp = io::parse_host_port(authority, 80);
  if (!hp) return invalid(hp.error().detail);
  u.host = hp->host;
  u.port = hp->port;
  return u;
}

std::string http_get_request(const std::string& host, const std::string& path) {
  return "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: tlskit-scan\r\nAccept: */*\r\nConnection: close\r\n\r\n";
}

Result<HttpResponse> read_http_response(Transport& t, const Clock& clock, int64_t deadline_us) {
  HttpResponseParser p;
  std::array<uint8_t, 8192> buf{};
  for (size_t rounds = 0; rounds < kMaxHttpResponseBytes; ++rounds) {
    int64_t left = (deadline_us - clock.monotonic_micros()) / 1000;
    if (left <= 0)
      return make_error(ErrorCode::timeout, Alert::none, Party::network, Step::none, "no complete HTTP response in time");
    TK_ASSIGN(size_t n, t.read(buf, static_cast<int>(left)));
    TK_ASSIGN(bool done, p.feed(ByteView(buf.data(), n)));
    if (done) return p.response();
  }
  return bad("an HTTP response that never ends", ErrorCode::limit_exceeded);
}

Result<HttpResponse> fetch_http_url(std::string_view url, int timeout_ms, const Clock& clock) {
  TK_ASSIGN(HttpUrl u, parse_http_url(url));
  const int64_t deadline = clock.monotonic_micros() + int64_t{timeout_ms} * 1000;
  auto s = io::TcpStream::connect(u.host, u.port, timeout_ms);
  if (!s) return s.error();
  TcpTransport t(*s);
  std::string req = http_get_request(u.host, u.path);
  TK_TRY(t.write(as_bytes(req), timeout_ms));
  TK_ASSIGN(HttpResponse r, read_http_response(t, clock, deadline));
  if (r.status != 200)
    return bad("GET " + std::string(url) + " answered HTTP " + std::to_string(r.status));
  return r;
}

}  // namespace tlskit::tools::scan
