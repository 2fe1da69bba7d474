/// @file
/// tlskit::asio::stream<NextLayer>: TLS over any asio stream (usually asio::ip::tcp::socket),
/// in the shape of asio::ssl::stream, so that an asio program changes a type to use tlskit.
///
/// Threading: as asio::ssl::stream, a stream is not thread-safe. All its operations, and the
/// completion handlers that start new ones, must run in one strand: an io_context run by one
/// thread (an implicit strand), or a strand executor given to the socket. At most one read
/// (async_read_some, or a composed read built on it) and one write (async_write_some, or
/// asio::async_write) may be pending at once, which gives full-duplex use. async_handshake must
/// not overlap another operation; async_shutdown may be started while a read is pending (it
/// then completes once its close_notify is sent, and the read sees the peer's close_notify as
/// eof). The synchronous calls must not be mixed with pending asynchronous ones. There are no
/// locks inside.
///
/// Errors: see tlskit/asio/error.h. The peer's close_notify is asio::error::eof; a transport
/// EOF without it is a tlskit error (peer_closed: "... without close_notify; data may be
/// truncated"), as asio::ssl reports stream_truncated. Nothing in tlskit throws; the
/// synchronous overloads without an error_code throw asio::system_error through asio's own
/// helper, exactly as asio::ssl::stream's do.
#pragma once
#include <asio.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <system_error>
#include <type_traits>
#include <utility>

#include "tlskit/asio/error.h"
#include "tlskit/asio/stream_base.h"
#include "tlskit/asio/stream_core.h"
#include "tlskit/asio/stream_ops.h"

namespace tlskit::asio {

/// A TLS stream over NextLayer (an asio stream such as ::asio::ip::tcp::socket, or a reference
/// to one). Buffers are allocated once and reused: a steady-state read allocates nothing.
/// Ciphertext is copied once into the stream's output buffer before it is sent (as asio::ssl
/// copies it out of its BIO), so a read may feed the connection while a write is on the wire.
template <typename NextLayer>
class stream : public stream_base {
 public:
  /// The type of the next layer (the socket).
  using next_layer_type = std::remove_reference_t<NextLayer>;
  /// The type of the lowest layer (the socket itself for a socket).
  using lowest_layer_type = typename next_layer_type::lowest_layer_type;
  /// The executor of the next layer, which the stream's operations use by default.
  using executor_type = typename next_layer_type::executor_type;

  /// Makes the stream: the next layer from arg (an executor or io_context for a socket, or a
  /// socket to move in), the shared configuration, the role and, for a client, its own options
  /// (server name, session to resume, 0-RTT data). A client's ClientHello is prepared now. When
  /// the connection cannot be made (e.g. an invalid Config), every operation fails with that
  /// error; tls_error() has it.
  template <typename Arg>
  stream(Arg&& arg, std::shared_ptr<const Config> config, handshake_type role,
         const ConnectOptions& options = {})
      : next_layer_(std::forward<Arg>(arg)),
        core_(std::move(config), role, options),
        gate_(next_layer_.get_executor(), ::asio::steady_timer::time_point::max()) {}

  /// Makes a client stream from a built ClientConfig (validated once and shared; the preferred
  /// form), with this connection's options.
  template <typename Arg>
  stream(Arg&& arg, std::shared_ptr<const ClientConfig> config, const ConnectOptions& options = {})
      : next_layer_(std::forward<Arg>(arg)),
        core_(std::move(config), options),
        gate_(next_layer_.get_executor(), ::asio::steady_timer::time_point::max()) {}

  /// Makes a server stream from a built ServerConfig (validated once and shared).
  template <typename Arg>
  stream(Arg&& arg, std::shared_ptr<const ServerConfig> config)
      : next_layer_(std::forward<Arg>(arg)),
        core_(std::move(config)),
        gate_(next_layer_.get_executor(), ::asio::steady_timer::time_point::max()) {}

  /// Moves a stream with no pending operation.
  stream(stream&& other) = default;

  /// The executor the stream's asynchronous operations use by default.
  executor_type get_executor() noexcept { return next_layer_.get_executor(); }
  /// The next layer (the socket), e.g. to connect or close it.
  next_layer_type& next_layer() noexcept { return next_layer_; }
  /// The next layer (the socket).
  const next_layer_type& next_layer() const noexcept { return next_layer_; }
  /// The lowest layer (the socket itself for a socket).
  lowest_layer_type& lowest_layer() noexcept { return next_layer_.lowest_layer(); }
  /// The lowest layer.
  const lowest_layer_type& lowest_layer() const noexcept { return next_layer_.lowest_layer(); }

  /// The sans-I/O connection (info(), session(), key_update(), export_keying_material(), ...);
  /// nullptr when it could not be made. Use it from the stream's strand only.
  Connection* connection() noexcept { return core_.connection(); }
  /// The full tlskit Error behind the last TLS failure (code, alert, party, step, detail);
  /// nullopt when none.
  const std::optional<Error>& tls_error() const noexcept { return core_.tls_error(); }
  /// The role given at construction.
  handshake_type role() const noexcept { return core_.role(); }

  /// Runs the handshake; type must be the stream's role. Throws asio::system_error on failure
  /// (asio's helper, as asio::ssl::stream); the overload with an error_code does not throw.
  void handshake(handshake_type type) {
    std::error_code ec;
    handshake(type, ec);
    ::asio::detail::throw_error(ec, "handshake");
  }
  /// Runs the handshake; sets and returns ec (clear on success).
  std::error_code handshake(handshake_type type, std::error_code& ec) {
    detail::run_sync(next_layer_, core_, detail::handshake_step{type}, ec);
    return ec;
  }

  /// Reads decrypted bytes into buffers; returns how many (at least one, unless buffers is
  /// empty). Throws asio::system_error (eof after the peer's close_notify).
  template <typename MutableBufferSequence>
  std::size_t read_some(const MutableBufferSequence& buffers) {
    std::error_code ec;
    std::size_t n = read_some(buffers, ec);
    ::asio::detail::throw_error(ec, "read_some");
    return n;
  }
  /// Reads decrypted bytes into buffers; returns how many, sets ec (eof after close_notify).
  template <typename MutableBufferSequence>
  std::size_t read_some(const MutableBufferSequence& buffers, std::error_code& ec) {
    return detail::run_sync(next_layer_, core_, detail::read_step<MutableBufferSequence>{buffers},
                            ec);
  }

  /// Encrypts and sends some of buffers (up to 64 KiB); returns how many plaintext bytes.
  /// Throws asio::system_error on failure.
  template <typename ConstBufferSequence>
  std::size_t write_some(const ConstBufferSequence& buffers) {
    std::error_code ec;
    std::size_t n = write_some(buffers, ec);
    ::asio::detail::throw_error(ec, "write_some");
    return n;
  }
  /// Encrypts and sends some of buffers; returns how many plaintext bytes, sets ec.
  template <typename ConstBufferSequence>
  std::size_t write_some(const ConstBufferSequence& buffers, std::error_code& ec) {
    return detail::run_sync(next_layer_, core_, detail::write_step<ConstBufferSequence>{buffers},
                            ec);
  }

  /// Sends close_notify and waits for the peer's. Throws asio::system_error on failure.
  void shutdown() {
    std::error_code ec;
    shutdown(ec);
    ::asio::detail::throw_error(ec, "shutdown");
  }
  /// Sends close_notify and waits for the peer's; sets and returns ec.
  std::error_code shutdown(std::error_code& ec) {
    detail::run_sync(next_layer_, core_, detail::shutdown_step{}, ec);
    return ec;
  }

  /// Starts the handshake; completion signature void(std::error_code). Any completion token
  /// (a callback, asio::use_future, asio::use_awaitable, deferred). A cancellation slot bound to
  /// the token is honoured (terminal cancellation: the stream is then unusable).
  template <typename HandshakeToken = ::asio::default_completion_token_t<executor_type>>
  auto async_handshake(handshake_type type,
                       HandshakeToken&& token = ::asio::default_completion_token_t<executor_type>()) {
    return ::asio::async_compose<HandshakeToken, void(std::error_code)>(
        detail::io_op<stream, detail::handshake_step>(*this, detail::handshake_step{type}), token,
        next_layer_);
  }

  /// Starts a read of decrypted bytes; completion void(std::error_code, std::size_t). A bound
  /// cancellation slot is honoured for terminal, partial and total cancellation: a cancelled
  /// read completes with asio::error::operation_aborted and leaves the stream usable.
  template <typename MutableBufferSequence,
            typename ReadToken = ::asio::default_completion_token_t<executor_type>>
  auto async_read_some(const MutableBufferSequence& buffers,
                       ReadToken&& token = ::asio::default_completion_token_t<executor_type>()) {
    return ::asio::async_compose<ReadToken, void(std::error_code, std::size_t)>(
        detail::io_op<stream, detail::read_step<MutableBufferSequence>>(
            *this, detail::read_step<MutableBufferSequence>{buffers}),
        token, next_layer_);
  }

  /// Starts encrypting and sending some of buffers (up to 64 KiB); completion
  /// void(std::error_code, std::size_t) once they are on the next layer. asio::async_write
  /// over it sends everything.
  template <typename ConstBufferSequence,
            typename WriteToken = ::asio::default_completion_token_t<executor_type>>
  auto async_write_some(const ConstBufferSequence& buffers,
                        WriteToken&& token = ::asio::default_completion_token_t<executor_type>()) {
    return ::asio::async_compose<WriteToken, void(std::error_code, std::size_t)>(
        detail::io_op<stream, detail::write_step<ConstBufferSequence>>(
            *this, detail::write_step<ConstBufferSequence>{buffers}),
        token, next_layer_);
  }

  /// Starts the TLS shutdown: close_notify out, then the peer's in (see the threading note);
  /// completion void(std::error_code). The socket is left open: close it afterwards.
  template <typename ShutdownToken = ::asio::default_completion_token_t<executor_type>>
  auto async_shutdown(ShutdownToken&& token = ::asio::default_completion_token_t<executor_type>()) {
    return ::asio::async_compose<ShutdownToken, void(std::error_code)>(
        detail::io_op<stream, detail::shutdown_step>(*this, detail::shutdown_step{}), token,
        next_layer_);
  }

 private:
  template <typename, typename>
  friend class detail::io_op;

  NextLayer next_layer_;
  detail::stream_core core_;
  // Wakes operations waiting to send (never expires; cancelled when a send ends).
  ::asio::steady_timer gate_;
  int gate_waiters_ = 0;  // operations waiting on gate_
};

}  // namespace tlskit::asio
