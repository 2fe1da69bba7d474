/// @file
/// The sans-I/O TLS connection: bytes in, bytes and events out. No sockets, no blocking.
#pragma once
#include <cstddef>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "tlskit/bytes.h"
#include "tlskit/export.h"
#include "tlskit/result.h"
#include "tlskit/config.h"
#include "tlskit/events.h"
#include "tlskit/session.h"

namespace tlskit {

class ConnectionImpl;

/// What a client connection may set for itself, over the shared Config.
struct ConnectOptions {
  /// The name for SNI and the host check; empty = Config::server_name.
  std::string server_name;
  /// The session to resume; nullptr = Config::resume_session (or the session cache).
  std::shared_ptr<const Session> resume_session;
  /// ALPN protocols to offer on this connection, in preference order; empty = Config::alpn.
  std::vector<std::string> alpn;
  /// 0-RTT (RFC 8446 §4.2.10): application data sent with the ClientHello, under keys from the
  /// resumed session, when that session's ticket allows early data and this much of it (its
  /// max_early_data). Otherwise, or when the server refuses it, it is not delivered:
  /// info().early_data says so and why. Early data can be replayed by an attacker: send only
  /// what is safe to repeat (an idempotent request). Empty = no 0-RTT.
  Bytes early_data;
  /// When the server refuses the early data, write it again as ordinary data once the
  /// handshake completes (otherwise the application decides, seeing info().early_data).
  bool resend_rejected_early_data = false;
};

/// A TLS 1.3 / 1.2 connection, client or server.
/// Typical loop: send pending_output() to the peer and consume_output(); feed() what the peer
/// sends; read() application data; drain next_event() for the trace.
/// Errors are sticky: after a fatal error every call returns the same Error, and the alert to
/// send is already in pending_output().
class TLSKIT_API Connection {
 public:
  /// Creates a client; the ClientHello is ready in pending_output() at once.
  static Result<std::unique_ptr<Connection>> client(std::shared_ptr<const Config> config);
  /// Creates a client with per-connection options (server name, session, 0-RTT data); the
  /// ClientHello, and the early data when there is some, are ready in pending_output() at once.
  /// Errors: as client(config).
  static Result<std::unique_ptr<Connection>> client(std::shared_ptr<const Config> config,
                                                    const ConnectOptions& options);
  /// Creates a server waiting for a ClientHello.
  static Result<std::unique_ptr<Connection>> server(std::shared_ptr<const Config> config);
  /// Creates a client from a configuration validated when it was built (ClientConfig::build),
  /// with per-connection options. Errors: config_invalid when an option makes it invalid (a
  /// server name over 253 bytes), crypto_failure.
  static Result<std::unique_ptr<Connection>> client(std::shared_ptr<const ClientConfig> config,
                                                    const ConnectOptions& options = {});
  /// Creates a server from a configuration validated when it was built (ServerConfig::build).
  static Result<std::unique_ptr<Connection>> server(std::shared_ptr<const ServerConfig> config);
  ~Connection();

  /// Processes bytes from the transport (any split: partial records are buffered).
  Result<void> feed(ByteView in);
  /// Tells the connection the transport reached EOF; an error if the peer did not close_notify.
  Result<void> feed_eof();

  /// Bytes waiting to be sent to the transport.
  ByteView pending_output() const;
  /// Drops the first n bytes of pending_output() after the caller sent them.
  void consume_output(size_t n);

  /// Encrypts application data for sending (after the handshake).
  Result<void> write(ByteView plaintext);
  /// Copies decrypted application data into out; returns bytes copied (0 when none is ready).
  size_t read(MutableByteView out);
  /// Decrypted application data ready to read.
  size_t readable() const;
  /// Zero-copy read: the decrypted application data ready to read (readable() bytes), valid
  /// until the next feed(), read() or consume_read(). Call consume_read(n) once n bytes of it
  /// were used.
  ByteView readable_view() const;
  /// Drops the first n bytes (at most readable()) of readable_view().
  void consume_read(size_t n);

  /// Sends a KeyUpdate (RFC 8446 §4.6.3); request_peer asks the peer to update too.
  Result<void> key_update(bool request_peer);
  /// Server, TLS 1.3: asks the client for its certificate after the handshake (RFC 8446
  /// §4.6.2) with a CertificateRequest of a fresh 32-byte context; feed() then checks the
  /// client's Certificate, CertificateVerify and Finished, and when they pass, info() holds the
  /// client's chain (info().post_handshake_auth says how it went) and an event of kind
  /// post_handshake_auth is queued. Application data keeps flowing meanwhile.
  /// Errors (the connection stays usable): unexpected_message when this is not a TLS 1.3 server
  /// after its handshake or a request is still unanswered; config_invalid when
  /// Config::post_handshake_auth is off; missing_extension when the client did not offer
  /// post_handshake_auth (a server MUST NOT ask it then).
  Result<void> request_client_certificate();
  /// Queues close_notify.
  void close();

  /// True once both Finished messages were exchanged.
  bool handshake_complete() const;
  /// True after the peer's close_notify.
  bool peer_closed() const;
  bool is_server() const;  ///< True for a server connection.
  /// The sticky fatal error, if any.
  const std::optional<Error>& error() const;
  /// Negotiated parameters so far.
  const HandshakeInfo& info() const;
  /// Takes the next event, if any (events are kept only while the config asks for them).
  std::optional<Event> next_event();
  /// Client: the session to resume with later (give it to Config::resume_session, or save it
  /// with Session::to_pem for --sess-out), once the handshake completed and the server offered
  /// a way to resume (TLS 1.2 session ID or ticket); nullopt otherwise. It holds secrets.
  std::optional<Session> session() const;
  /// The handshake step the connection is in: the message it waits for (client_hello,
  /// server_hello, ..., post_handshake once complete).
  Step step() const;
  /// Keying material exporter (RFC 8446 §7.5, RFC 5705): length bytes for label and context,
  /// after the handshake. Errors: unexpected_message before the handshake completed,
  /// internal_error for a label or length the exporter cannot take.
  Result<Bytes> export_keying_material(std::string_view label, ByteView context,
                                       size_t length) const;

 private:
  explicit Connection(std::unique_ptr<ConnectionImpl> impl);
  std::unique_ptr<ConnectionImpl> impl_;
};

}  // namespace tlskit
