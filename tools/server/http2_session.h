// `tlskit server --http` over HTTP/2 (RFC 9113), for connections whose ALPN is "h2": the same
// answers as HTTP/1.1 (http_answer.h), framed by libnghttp2's server session. Sans-I/O:
// nghttp2_session_mem_recv / mem_send, no sockets.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "server/http_answer.h"
#include "tlskit/asio/session_handler.h"

namespace tlskit::tools::server {

// Streams a client may open at once (SETTINGS_MAX_CONCURRENT_STREAMS we announce).
inline constexpr uint32_t kH2MaxConcurrentStreams = 100;

// One HTTP/2 connection's application protocol. Each request stream gets its answer when the
// request ends (or at once when the header list is too large, 431, or the request is an unsafe
// 0-RTT one, 425). Limits: kH2MaxConcurrentStreams streams, header lists of kMaxRequestHead
// (RFC 9113 §6.5.2 size), bodies of kMaxRequestBody (413), and nghttp2's flood protections
// (SETTINGS and PING acks, SETTINGS entries, CONTINUATION frames, rapid RST_STREAM).
class Http2Session : public tlskit::asio::session_handler {
 public:
  Http2Session();
  ~Http2Session() override;
  Http2Session(const Http2Session&) = delete;
  Http2Session& operator=(const Http2Session&) = delete;

  // Takes the connection's facts and appends the server connection preface (SETTINGS).
  void on_open(const Connection& connection, Bytes& out) override;

  // Same as on_open, from facts built by the caller (tests, fuzzers).
  void open(const HttpConnectionFacts& facts, Bytes& out);

  // Reads frames, appends the frames to send. A connection error (a bad preface, a frame the
  // protocol forbids, a flood) appends GOAWAY and returns false; so does the end of the session
  // (the client's GOAWAY, or a drain with no stream left). Later calls append nothing.
  bool on_data(ByteView data, Bytes& out) override;

  // True while a stream is open (its request not yet ended or its response not yet sent).
  bool busy() const override;

  // Graceful shutdown: appends GOAWAY (NO_ERROR, last stream id processed, RFC 9113 §6.8);
  // returns true while streams remain open, false to close at once.
  bool on_drain(Bytes& out) override;

  // "h2 streams=N": request streams seen.
  std::string summary() const override;

  // Request streams seen so far.
  uint64_t streams() const;

 private:
  struct State;
  std::unique_ptr<State> s_;
};

}  // namespace tlskit::tools::server
