// The sans-I/O TLS connection: bytes in, bytes and events out. No sockets, no blocking.
#pragma once
#include <cstddef>
#include <deque>
#include <memory>
#include <optional>

#include "base/bytes.h"
#include "base/result.h"
#include "tlskit/config.h"
#include "tlskit/events.h"

namespace tlskit {

class ConnectionImpl;

// A TLS 1.3 / 1.2 connection, client or server.
// Typical loop: send pending_output() to the peer and consume_output(); feed() what the peer
// sends; read() application data; drain next_event() for the trace.
// Errors are sticky: after a fatal error every call returns the same Error, and the alert to
// send is already in pending_output().
class Connection {
 public:
  // Creates a client; the ClientHello is ready in pending_output() at once.
  static Result<std::unique_ptr<Connection>> client(std::shared_ptr<const Config> config);
  // Creates a server waiting for a ClientHello.
  static Result<std::unique_ptr<Connection>> server(std::shared_ptr<const Config> config);
  ~Connection();

  // Processes bytes from the transport (any split: partial records are buffered).
  Result<void> feed(ByteView in);
  // Tells the connection the transport reached EOF; an error if the peer did not close_notify.
  Result<void> feed_eof();

  // Bytes waiting to be sent to the transport.
  ByteView pending_output() const;
  // Drops the first n bytes of pending_output() after the caller sent them.
  void consume_output(size_t n);

  // Encrypts application data for sending (after the handshake).
  Result<void> write(ByteView plaintext);
  // Copies decrypted application data into out; returns bytes copied (0 when none is ready).
  size_t read(MutableByteView out);
  // Decrypted application data ready to read.
  size_t readable() const;

  // Sends a KeyUpdate (RFC 8446 §4.6.3); request_peer asks the peer to update too.
  Result<void> key_update(bool request_peer);
  // Queues close_notify.
  void close();

  // True once both Finished messages were exchanged.
  bool handshake_complete() const;
  // True after the peer's close_notify.
  bool peer_closed() const;
  bool is_server() const;
  // The sticky fatal error, if any.
  const std::optional<Error>& error() const;
  // Negotiated parameters so far.
  const HandshakeInfo& info() const;
  // Takes the next event, if any (events are kept only while the config asks for them).
  std::optional<Event> next_event();

 private:
  explicit Connection(std::unique_ptr<ConnectionImpl> impl);
  std::unique_ptr<ConnectionImpl> impl_;
};

}  // namespace tlskit
