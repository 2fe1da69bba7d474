/// @file
/// The part of tlskit::asio::stream that does not depend on the next layer's type: the
/// tlskit::Connection, the stream's two reusable buffers, and, for each operation, the next
/// move (send what is pending, read more, or finish). The asynchronous and the synchronous
/// operations of stream<NextLayer> both ask it; it does no I/O itself.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <system_error>
#include <vector>

#include "tlskit/asio/stream_base.h"
#include "tlskit/config.h"
#include "tlskit/connection.h"

namespace tlskit::asio::detail {

/// What an operation needs next.
enum class want {
  done,          ///< finished: the result is in the ec (and size) given to next_*()
  write_output,  ///< send take_output() to the next layer, then call output_done()
  wait_output,   ///< another operation is sending: wait until it calls output_done()
  read_input,    ///< read into input_buffer(), then call input_done()
};

/// The next layer-independent state of one stream. Not thread-safe: like the stream, it is
/// used from one strand (explicit or implicit) at a time.
class stream_core {
 public:
  /// Bytes read from the next layer at most per read (two full TLS records).
  static constexpr size_t kInputSize = 2 * (16384 + 256 + 5);
  /// Plaintext bytes taken from the caller at most per write_some.
  static constexpr size_t kMaxWriteChunk = 64 * 1024;
  /// Buffers smaller than this are gathered (up to kGatherSize) into one write.
  static constexpr size_t kGatherSize = 16 * 1024;

  /// Creates the connection for role (a client's ClientHello is ready at once). A failure is
  /// kept and returned by every operation (tls_error() has it).
  stream_core(std::shared_ptr<const Config> config, stream_base::handshake_type role,
              const ConnectOptions& options);
  /// Creates a client from a built ClientConfig (validated once, shared by many streams).
  stream_core(std::shared_ptr<const ClientConfig> config, const ConnectOptions& options);
  /// Creates a server from a built ServerConfig.
  explicit stream_core(std::shared_ptr<const ServerConfig> config);
  stream_core(stream_core&&) noexcept = default;             ///< only with no operation pending
  stream_core& operator=(stream_core&&) noexcept = default;  ///< only with no operation pending
  ~stream_core();

  /// The connection; nullptr when creating it failed.
  Connection* connection() const { return conn_.get(); }
  /// The role given at construction.
  stream_base::handshake_type role() const { return role_; }
  /// The connection's sticky error, or the error of creating it; nullopt when none.
  const std::optional<Error>& tls_error() const;

  /// Handshake: next move. Errors: the role differs from type (config_invalid), the TLS error
  /// (alert sent first when possible), a transport write error.
  want next_handshake(stream_base::handshake_type type, std::error_code& ec);
  /// Read: next move; done with ec clear and data_ready when readable_view() has data.
  /// Errors: eof after the peer's close_notify, the TLS error, reading before the handshake
  /// (unexpected_message), a transport write error.
  want next_read(std::error_code& ec, bool& data_ready);
  /// Write, first step: encrypts plaintext into the pending output. Errors: the TLS error,
  /// writing before the handshake or after shutdown.
  std::error_code start_write(ByteView plaintext);
  /// Write, then: next move until the output is sent. Errors: a transport write error.
  want next_flush(std::error_code& ec);
  /// Shutdown: queues close_notify, sends it, then reads until the peer's close_notify (unless a
  /// read operation is pending: it will see it). Errors: the TLS error, a transport error.
  want next_shutdown(std::error_code& ec);

  /// Moves the pending output into the stream's output buffer (reused) and returns it; the
  /// stream is then "sending" until output_done().
  ByteView take_output();
  /// Ends the send started by take_output(). A transport error makes the stream unusable
  /// (a record may be cut): later operations return it.
  void output_done(const std::error_code& ec);
  /// The buffer the next layer reads into (kInputSize bytes, allocated once).
  MutableByteView input_buffer() { return {input_.get(), kInputSize}; }
  /// Hands n bytes read into input_buffer() to the connection, and the read's error: eof goes
  /// to feed_eof() (an error without close_notify); another error is returned (the operation
  /// ends with it; operation_aborted leaves the stream usable).
  std::error_code input_done(const std::error_code& ec, size_t n);

  /// Decrypted data ready (the connection's readable_view()).
  ByteView readable_view() const;
  /// Drops n bytes of readable_view().
  void consume_read(size_t n);
  /// Picks the plaintext of one write_some from a buffer sequence given as (data, size) pairs:
  /// the first non-empty buffer alone when large, else small ones gathered into a reused buffer.
  ByteView stage_gather(const ByteView* pieces, size_t count);
  /// True while a read operation is pending (shutdown then leaves the reading to it).
  bool reading() const { return reading_; }
  /// Marks a read operation pending or finished.
  void set_reading(bool on) { reading_ = on; }

 private:
  // Keeps the connection, or the error of creating it.
  void adopt(Result<std::unique_ptr<Connection>> c);
  // The error_code of the sticky TLS error, made once.
  std::error_code tls_error_code();
  // Common first checks: creation failure, broken transport, sticky TLS error (after sending
  // its alert). True when w/ec were set.
  bool failed(want& w, std::error_code& ec);
  // write_output or wait_output when output is pending; false when none is.
  bool output_move(want& w) const;

  std::unique_ptr<Connection> conn_;
  stream_base::handshake_type role_;
  std::optional<Error> create_error_;
  std::error_code tls_ec_;       // made from the sticky error when first seen
  std::error_code broken_;       // a transport write failed: the stream is unusable
  std::unique_ptr<uint8_t[]> input_;
  std::vector<uint8_t> output_;  // what is being sent; capacity kept
  std::vector<uint8_t> gather_;  // small write buffers joined; capacity kept
  bool sending_ = false;
  bool reading_ = false;
};

/// The most buffers of a caller's buffer sequence one write_some looks at (stage_gather()).
inline constexpr size_t kMaxPieces = 16;

}  // namespace tlskit::asio::detail
