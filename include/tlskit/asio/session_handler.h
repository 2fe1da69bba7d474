/// @file
/// What a tlskit::asio::server does with the plaintext of one connection: the application
/// protocol (echo, HTTP/1.1, HTTP/2, ...), sans-I/O. The server owns the sockets, the TLS
/// connection, the deadlines and the limits; a handler only turns received bytes into bytes to
/// send.
#pragma once
#include <memory>
#include <string>

#include "tlskit/bytes.h"
#include "tlskit/connection.h"

namespace tlskit::asio {

/// One connection's application protocol. Every call happens on the connection's thread, one
/// at a time, so a handler needs no locks. Replies are appended to `out`; the server encrypts
/// and sends them, and reads nothing more from the peer while more than its output bound is
/// waiting to be sent (so a handler that answers a flood of requests cannot grow without bound).
class session_handler {
 public:
  virtual ~session_handler() = default;

  /// The handshake has completed (connection.info() tells the version, suite, ALPN, early data,
  /// ...). Bytes appended to out are sent first (an HTTP/2 server's SETTINGS frame).
  virtual void on_open(const Connection& connection, Bytes& out) {
    (void)connection;
    (void)out;
  }

  /// Plaintext from the peer: any part of the stream (half a request, or several). Appends the
  /// replies to out. Returns false when the connection should be closed once out is sent
  /// (Connection: close, a protocol error whose response is in out).
  virtual bool on_data(ByteView data, Bytes& out) = 0;

  /// True while a request is partly received or being answered. A server that shuts down
  /// gracefully closes connections that are not busy at once, and waits up to its drain
  /// deadline for the others.
  virtual bool busy() const { return false; }

  /// The server is shutting down gracefully: append a goodbye to out if the protocol has one
  /// (HTTP/2 GOAWAY). Returns false to close once out is sent, true to keep serving until the
  /// requests in flight are answered (then busy() turns false and the server closes).
  virtual bool on_drain(Bytes& out) {
    (void)out;
    return false;
  }

  /// A few words for the connection's log line (e.g. "http/1.1 requests=3"); empty: nothing.
  virtual std::string summary() const { return {}; }
};

}  // namespace tlskit::asio
