// `tlskit server --http` over HTTP/1.1 (RFC 9112): keep-alive, pipelining, bounded heads and
// bodies, RFC 8470 for 0-RTT requests. Sans-I/O: bytes in, bytes out
// (tlskit::asio::session_handler). Requests are parsed by http-parser (Debian's libhttp-parser).
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "server/http_answer.h"
#include "tlskit/asio/session_handler.h"

namespace tlskit::tools::server {

// One HTTP/1.1 connection's application protocol. Every request (GET/HEAD on any path) gets
// the greeting naming the TLS version and suite; see answer_request for the others. A
// malformed request gets 400, a head over kMaxRequestHead 431, a body over kMaxRequestBody
// 413, each with Connection: close, and on_data then returns false.
class Http1Session : public tlskit::asio::session_handler {
 public:
  Http1Session();
  ~Http1Session() override;
  Http1Session(const Http1Session&) = delete;
  Http1Session& operator=(const Http1Session&) = delete;

  // Takes the connection's facts (http_connection_facts); sends nothing.
  void on_open(const Connection& connection, Bytes& out) override;

  // Same as on_open, from facts built by the caller (tests, fuzzers).
  void open(const HttpConnectionFacts& facts);

  // Parses any part of the request stream and appends the responses, in request order.
  // Returns false once the connection must close after out is sent (Connection: close, HTTP/1.0
  // without keep-alive, an error response, a drain); later calls append nothing, return false.
  bool on_data(ByteView data, Bytes& out) override;

  // True while a request is partly received.
  bool busy() const override;

  // Graceful shutdown: returns false (close now) when no request is in progress; otherwise
  // true, and the request in progress is answered with Connection: close, then closed.
  bool on_drain(Bytes& out) override;

  // "http/1.1 requests=N".
  std::string summary() const override;

  // Complete requests answered so far.
  uint64_t requests() const;

 private:
  struct State;
  std::unique_ptr<State> s_;
};

}  // namespace tlskit::tools::server
