/// @file
/// tlskit::asio::server: a TLS server on asio that uses every core and cannot be starved. One
/// io_context and one thread per worker; each connection lives on one worker for its whole life,
/// so nothing on a connection's path takes a lock. The application protocol is a
/// session_handler (tlskit/asio/session_handler.h), made per connection once its handshake has
/// completed.
///
/// What protects the server (each a server_limits field): a handshake deadline that trickled
/// bytes cannot extend (slowloris), an idle timeout that a half-received request cannot extend,
/// a maximum of open connections at which accepting pauses (the kernel's backlog holds new
/// clients; nothing is refused), an optional cap per source address, bounded output per
/// connection (the peer is not read while its replies wait to be sent), and a bounded amount of
/// reading per connection per turn, so one busy peer cannot hold a worker.
///
/// Threading: listen() and the methods below may be called from any thread; they post work to
/// the workers. The callbacks (handler factory, on_close) run on the worker of the connection.
#pragma once
#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "tlskit/asio/session_handler.h"
#include "tlskit/config.h"
#include "tlskit/connection.h"
#include "tlskit/result.h"

namespace tlskit::asio {

/// How a server protects itself. Defaults suit a public server.
struct server_limits {
  /// A handshake must complete this long after the connection was accepted (RFC 8446 sets no
  /// bound; a slowloris client sending a byte a second is closed at this deadline).
  std::chrono::milliseconds handshake_timeout{10000};
  /// An established connection with no request in progress is closed after this long without
  /// data; a request must also be received in full within this long.
  std::chrono::milliseconds idle_timeout{60000};
  /// Open connections at most (in handshake or established). At the limit, accepting pauses
  /// until one closes.
  std::size_t max_connections = 10000;
  /// Open connections per source IP address at most; 0: no cap. Over it, a new connection is
  /// closed at once (counted as refused_address_cap).
  std::size_t max_connections_per_address = 0;
  /// Encrypted bytes waiting to be sent, per connection, above which the peer is not read.
  std::size_t max_buffered_output = 256 * 1024;
  /// Bytes read from one connection before the worker turns to the others.
  std::size_t max_read_per_turn = 64 * 1024;
  /// After the server's close_notify, how long unread bytes from the peer are discarded before
  /// the socket is closed (so the kernel does not reset a response the peer has not read yet).
  std::chrono::milliseconds linger{2000};
};

/// How connections are spread over the workers.
enum class accept_mode : uint8_t {
  reuse_port,  ///< one listening socket per worker (SO_REUSEPORT): the kernel balances
  shared,      ///< one listening socket; its worker hands each connection to the worker with
               ///< the fewest open (itself on a tie)
};

/// Where and how to listen.
struct server_options {
  std::string address = "127.0.0.1";  ///< numeric IPv4 or IPv6 address
  uint16_t port = 0;                  ///< 0: a free port (see server::port())
  unsigned threads = 0;               ///< workers; 0: one per core
  accept_mode mode = accept_mode::shared;  ///< measured a little faster (docs/server.md)
  int backlog = 4096;                 ///< listen(2) backlog (the kernel caps it at somaxconn)
  server_limits limits;
  /// Right after the handshake, ask each client that offered post_handshake_auth for its
  /// certificate (RFC 8446 §4.6.2; needs Config::post_handshake_auth and a verifier). The
  /// answer is checked as it arrives; the connection's info() then holds the client's chain.
  bool post_handshake_auth = false;
};

/// Why a connection ended (for logs and the failure counters of server_stats).
enum class connection_end : uint8_t {
  closed,                ///< both sides closed cleanly (close_notify, or the handler's close)
  peer_eof,              ///< the peer closed the transport without close_notify
  tls_error,             ///< the TLS connection failed (an alert was sent or received)
  handshake_timeout,     ///< the handshake did not complete within handshake_timeout
  idle_timeout,          ///< no data within idle_timeout
  io_error,              ///< the transport failed (reset, ...)
  refused_address_cap,   ///< over max_connections_per_address
  shutdown,              ///< closed by the server's shutdown
};
/// Number of connection_end values.
inline constexpr std::size_t kConnectionEnds = 8;

/// A short name of an end: "closed", "peer_eof", "tls_error", "handshake_timeout", ...
const char* connection_end_name(connection_end end);

/// What on_close is told about a connection that ended.
struct connection_report {
  std::string peer;                  ///< "127.0.0.1:54321" / "[::1]:54321"
  uint64_t id = 0;                   ///< a number unique within the server's life
  /// The connection (info(), error()), valid during the call; nullptr for one closed at accept
  /// (refused_address_cap), which never had a TLS connection.
  const Connection* tls = nullptr;
  connection_end end = connection_end::closed;
  std::chrono::microseconds duration{0};    ///< from accept to close
  std::chrono::microseconds handshake_time{0};  ///< from accept to handshake completion (0: none)
  uint64_t bytes_in = 0;             ///< bytes received from the transport
  uint64_t bytes_out = 0;            ///< bytes sent to the transport
  std::string application;           ///< the handler's summary() ("" when none was made)
};

/// Counters since the server started (summed over the workers when asked).
struct server_stats {
  uint64_t accepted = 0;              ///< connections accepted
  uint64_t open = 0;                  ///< connections open now
  uint64_t handshakes = 0;            ///< handshakes completed
  uint64_t resumed = 0;               ///< of which resumed
  uint64_t accept_pauses = 0;         ///< times accepting paused at max_connections
  uint64_t buffered_output = 0;       ///< encrypted bytes waiting to be sent, all connections
  std::array<uint64_t, kConnectionEnds> ended{};  ///< connections ended, by connection_end
};

/// Makes the application protocol of a connection whose handshake completed.
using handler_factory = std::function<std::unique_ptr<session_handler>(const Connection&)>;
/// Told about each connection once it ended.
using close_callback = std::function<void(const connection_report&)>;

class server_impl;

/// A multi-core TLS server (see the file comment).
class server {
 public:
  /// Binds and listens (one socket per worker with accept_mode::reuse_port), but serves nothing
  /// until start(). Fails with io_error naming the address when it cannot listen, config_invalid
  /// when the config is not a valid server config.
  static Result<std::unique_ptr<server>> listen(const server_options& options,
                                                std::shared_ptr<const Config> config,
                                                handler_factory make_handler,
                                                close_callback on_close = {});
  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  /// The port listened on.
  uint16_t port() const;
  /// The number of workers.
  unsigned threads() const;
  /// Starts the workers' threads.
  void start();
  /// New connections use config from now on (certificates and keys reloaded); connections
  /// already open keep theirs. The config is validated here, once (ServerConfig::build): an
  /// invalid one is refused with its config_invalid error and the old one stays.
  Result<void> reload(std::shared_ptr<const Config> config);
  /// Graceful shutdown: stops accepting, sends close_notify to connections that are idle (and
  /// the handler's goodbye to busy ones), lets the others finish, and closes whatever is left
  /// once drain has passed. Returns at once; wait() returns when every worker has stopped.
  void shutdown(std::chrono::milliseconds drain);
  /// Waits for the workers to stop (after shutdown()).
  void wait();
  /// The counters now.
  server_stats stats() const;

 private:
  explicit server(std::unique_ptr<server_impl> impl);
  std::unique_ptr<server_impl> impl_;
};

}  // namespace tlskit::asio
