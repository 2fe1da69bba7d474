// A small HTTP/1.1 server for the exporter's endpoints: one listening thread, a thread per
// connection up to a bound (over it: 503), requests parsed by Debian's http-parser with a
// bounded head and a deadline, one request per connection (Connection: close).
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "base/result.h"
#include "exporter/query.h"
#include "io/tcp.h"

namespace tlskit::tools::exporter {

// Bounds of one request.
inline constexpr size_t kMaxRequestBytes = 16 * 1024;  // request line, headers and body
inline constexpr int kRequestTimeoutMs = 10000;        // to receive the whole request
inline constexpr int kResponseTimeoutMs = 10000;       // to send the response
inline constexpr int kDefaultMaxConnections = 64;      // connections served at once

// A parsed request.
struct HttpRequest {
  std::string method;   // "GET", "HEAD", ...
  std::string path;     // "/probe" (not decoded)
  QueryParams query;    // decoded parameters
  std::string peer;     // "127.0.0.1:54321"
};

// A response; status 200 unless said otherwise.
struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::string allow;  // the Allow header of a 405
};

// The result of parsing the bytes of one request (exposed for tests and the fuzzer): either
// complete (request set), incomplete (need more bytes), or an error response (400/413/414/...).
struct ParseState {
  bool complete = false;
  std::optional<HttpResponse> error;
  HttpRequest request;
};
// Parses data, the bytes received so far; a request over kMaxRequestBytes is a 413/431.
ParseState parse_http_request(std::string_view data);

// The full response bytes: status line, Content-Type, Content-Length, Connection: close
// (and Allow), blank line, the body unless head_only.
std::string serialize_response(const HttpResponse& r, bool head_only);

// Called for each request, on the connection's thread.
using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

class HttpServer {
 public:
  // Listens on address:port (port 0 picks one). Errors: io_error naming the address.
  static Result<std::unique_ptr<HttpServer>> listen(const std::string& address, uint16_t port,
                                                    HttpHandler handler,
                                                    int max_connections = kDefaultMaxConnections);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Starts the accept thread.
  void start();
  // Stops accepting, waits for running connections (each ends within its timeouts).
  void stop();
  uint16_t port() const { return listener_.port(); }
  // Connections being served right now.
  int active() const { return active_.load(); }

 private:
  HttpServer(io::TcpListener l, HttpHandler h, int max_connections)
      : listener_(std::move(l)), handler_(std::move(h)), max_connections_(max_connections) {}
  void accept_loop();
  void serve(io::TcpStream s);
  void reap();

  struct Worker {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
  };
  io::TcpListener listener_;
  HttpHandler handler_;
  int max_connections_;
  std::atomic<bool> stop_{false};
  std::atomic<int> active_{0};
  std::thread acceptor_;
  std::mutex mu_;
  std::list<Worker> workers_;
};

}  // namespace tlskit::tools::exporter
