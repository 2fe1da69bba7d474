// The exporter's HTTP/1.1 server over http-parser (libhttp-parser-dev).
#include "exporter/http_server.h"

#include <http_parser.h>

#include <array>
#include <chrono>

#include "base/clock.h"

namespace tlskit::tools::exporter {
namespace {

constexpr int kAcceptPollMs = 200;     // how often the accept loop looks at the stop flag
constexpr size_t kReadChunk = 4096;
constexpr int kLingerMs = 1000;                 // lingering close: at most this long
constexpr size_t kMaxLingerBytes = 256 * 1024;  // and this much input discarded
constexpr uint64_t kMaxAcceptRounds = uint64_t{1} << 40;

const char* reason(int status) {
  switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Unknown";
  }
}

HttpResponse error_response(int status, const std::string& text) {
  HttpResponse r;
  r.status = status;
  r.body = text + "\n";
  return r;
}

// Collects what the parser reports.
struct Collector {
  std::string url;
  bool headers_done = false;
  bool complete = false;
};

int on_url(http_parser* p, const char* at, size_t n) {
  static_cast<Collector*>(p->data)->url.append(at, n);
  return 0;
}
int on_headers_complete(http_parser* p) {
  static_cast<Collector*>(p->data)->headers_done = true;
  return 0;
}
int on_message_complete(http_parser* p) {
  static_cast<Collector*>(p->data)->complete = true;
  http_parser_pause(p, 1);  // one request per connection: ignore anything pipelined after it
  return 0;
}

}  // namespace

ParseState parse_http_request(std::string_view data) {
  ParseState st;
  http_parser_settings settings;
  http_parser_settings_init(&settings);
  settings.on_url = on_url;
  settings.on_headers_complete = on_headers_complete;
  settings.on_message_complete = on_message_complete;
  http_parser parser;
  http_parser_init(&parser, HTTP_REQUEST);
  Collector c;
  parser.data = &c;
  size_t n = http_parser_execute(&parser, &settings, data.data(), data.size());
  http_errno err = HTTP_PARSER_ERRNO(&parser);
  if (err != HPE_OK && err != HPE_PAUSED) {
    st.error = error_response(400, std::string("bad HTTP request: ") + http_errno_description(err) +
                                       " (at byte " + std::to_string(n) + ")");
    return st;
  }
  if (!c.complete) {
    if (data.size() >= kMaxRequestBytes)
      st.error = error_response(c.headers_done ? 413 : 431,
                                "request larger than " + std::to_string(kMaxRequestBytes) + " bytes");
    return st;
  }
  st.request.method = http_method_str(static_cast<http_method>(parser.method));
  http_parser_url u;
  http_parser_url_init(&u);
  if (http_parser_parse_url(c.url.data(), c.url.size(), 0, &u) != 0) {
    st.error = error_response(400, "bad request target '" + c.url.substr(0, 200) + "'");
    return st;
  }
  if (u.field_set & (1 << UF_PATH))
    st.request.path = c.url.substr(u.field_data[UF_PATH].off, u.field_data[UF_PATH].len);
  if (u.field_set & (1 << UF_QUERY)) {
    auto q = parse_query(std::string_view(c.url).substr(u.field_data[UF_QUERY].off, u.field_data[UF_QUERY].len));
    if (!q) {
      st.error = error_response(400, "bad query string: " + q.error().detail);
      return st;
    }
    st.request.query = std::move(*q);
  }
  st.complete = true;
  return st;
}

std::string serialize_response(const HttpResponse& r, bool head_only) {
  std::string out = "HTTP/1.1 " + std::to_string(r.status) + " " + reason(r.status) + "\r\n";
  out += "Content-Type: " + r.content_type + "\r\n";
  out += "Content-Length: " + std::to_string(r.body.size()) + "\r\n";
  if (!r.allow.empty()) out += "Allow: " + r.allow + "\r\n";
  out += "Connection: close\r\n\r\n";
  if (!head_only) out += r.body;
  return out;
}

Result<std::unique_ptr<HttpServer>> HttpServer::listen(const std::string& address, uint16_t port,
                                                       HttpHandler handler, int max_connections) {
  TK_ASSIGN(io::TcpListener l, io::TcpListener::listen(address, port));
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(l), std::move(handler), max_connections));
}

HttpServer::~HttpServer() { stop(); }

void HttpServer::start() {
  acceptor_ = std::thread([this] { accept_loop(); });
}

void HttpServer::stop() {
  stop_ = true;
  if (acceptor_.joinable()) acceptor_.join();
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& w : workers_) w.thread.join();
  workers_.clear();
  listener_.close();
}

void HttpServer::reap() {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto it = workers_.begin(); it != workers_.end();) {
    if (it->done->load()) {
      it->thread.join();
      it = workers_.erase(it);
    } else {
      ++it;
    }
  }
}

void HttpServer::accept_loop() {
  for (uint64_t round = 0; round < kMaxAcceptRounds && !stop_; ++round) {
    reap();
    auto a = listener_.accept(kAcceptPollMs);
    if (!a || !a->has_value()) continue;
    io::TcpStream s = std::move(**a);
    if (active_.load() >= max_connections_) {
      // Over the bound: answer right here, briefly, and close.
      std::string busy = serialize_response(
          error_response(503, "too many connections (at most " + std::to_string(max_connections_) + ")"), false);
      (void)s.write_all(as_bytes(busy), 100);
      continue;
    }
    ++active_;
    Worker w;
    w.done = std::make_shared<std::atomic<bool>>(false);
    auto done = w.done;
    w.thread = std::thread([this, s = std::move(s), done]() mutable {
      serve(std::move(s));
      --active_;
      done->store(true);
    });
    std::lock_guard<std::mutex> lock(mu_);
    workers_.push_back(std::move(w));
  }
}

void HttpServer::serve(io::TcpStream s) {
  const Clock& clock = SystemClock::instance();
  const int64_t deadline = clock.monotonic_micros() + int64_t{kRequestTimeoutMs} * 1000;
  std::string data;
  std::array<uint8_t, kReadChunk> buf;
  ParseState st;
  for (int round = 0; round < 1 + static_cast<int>(kMaxRequestBytes); ++round) {
    int64_t left_ms = (deadline - clock.monotonic_micros()) / 1000;
    if (left_ms <= 0) {
      st.error = error_response(408, "the request did not arrive within " +
                                         std::to_string(kRequestTimeoutMs / 1000) + " s");
      break;
    }
    auto n = s.read(buf, static_cast<int>(std::min<int64_t>(left_ms, kAcceptPollMs)));
    if (!n) {
      if (n.error().code == ErrorCode::timeout && !stop_) continue;
      return;  // reset, or stopping
    }
    if (*n == 0) return;  // the client went away before a whole request
    size_t room = kMaxRequestBytes - data.size();
    data.append(reinterpret_cast<const char*>(buf.data()), std::min(room, *n));
    st = parse_http_request(data);
    if (st.complete || st.error) break;
  }
  HttpResponse resp;
  bool head = false;
  if (st.error) {
    resp = *st.error;
  } else if (!st.complete) {
    return;
  } else {
    st.request.peer = s.peer_address();
    head = st.request.method == "HEAD";
    resp = handler_(st.request);
  }
  if (!s.write_all(as_bytes(serialize_response(resp, head)), kResponseTimeoutMs)) return;
  s.shutdown_write();
  // Lingering close: read what the client still sends (a request we refused half-way) until it
  // closes, bounded, so closing with unread data does not reset the connection before the client
  // has read the response.
  const int64_t linger_end = clock.monotonic_micros() + int64_t{kLingerMs} * 1000;
  for (size_t drained = 0; drained < kMaxLingerBytes;) {
    int64_t left_ms = (linger_end - clock.monotonic_micros()) / 1000;
    if (left_ms <= 0) break;
    auto n = s.read(buf, static_cast<int>(left_ms));
    if (!n || *n == 0) break;
    drained += *n;
  }
}

}  // namespace tlskit::tools::exporter
