// Blocking TCP: a stream with connect/read/write timeouts and a listener, errors as tlskit::Error.
// Every failure carries Party::network and one of connection_refused / timeout /
// connection_reset / io_error, with the address and the system error in the detail.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "base/bytes.h"
#include "base/result.h"

namespace tlskit::io {

// Largest timeout accepted anywhere (one day, in milliseconds); larger values are clamped.
inline constexpr int kMaxTimeoutMs = 24 * 3600 * 1000;

// A host and port as given on a command line ("example.com:443", "[::1]:443", "127.0.0.1:8443").
struct HostPort {
  std::string host;
  uint16_t port = 0;
};

// Parses "HOST:PORT" (IPv6 literals in brackets). default_port is used when ":PORT" is absent
// and is nonzero; otherwise a missing or invalid port fails with config_invalid (Party::config).
Result<HostPort> parse_host_port(std::string_view text, uint16_t default_port = 0);

// True when host is an IPv4 or IPv6 literal (no SNI is sent for those, RFC 6066 §3).
bool is_ip_literal(std::string_view host);

// A connected TCP socket, owned (closed on destruction). Move-only.
class TcpStream {
 public:
  TcpStream() = default;
  explicit TcpStream(int fd) : fd_(fd) {}
  TcpStream(TcpStream&& o) noexcept : fd_(o.fd_), peer_(std::move(o.peer_)) { o.fd_ = -1; }
  TcpStream& operator=(TcpStream&& o) noexcept;
  TcpStream(const TcpStream&) = delete;
  TcpStream& operator=(const TcpStream&) = delete;
  ~TcpStream() { close(); }

  // Resolves host and connects to the first address that accepts within timeout_ms in total.
  // Errors: connection_refused, timeout, connection_reset, io_error (name resolution failures
  // included); Step::connect, Party::network.
  static Result<TcpStream> connect(const std::string& host, uint16_t port, int timeout_ms);

  // Reads up to out.size() bytes, waiting at most timeout_ms (negative: forever). Returns the
  // number read; 0 means the peer closed its side (EOF). Errors: timeout, connection_reset,
  // io_error (Step::none: the caller knows the protocol step).
  Result<size_t> read(MutableByteView out, int timeout_ms);

  // Writes all of data, waiting at most timeout_ms for each chunk to be accepted. Errors:
  // timeout, connection_reset (peer closed / EPIPE), io_error.
  Result<void> write_all(ByteView data, int timeout_ms);

  // Waits until the socket is readable (data or EOF). Returns false on timeout; io_error when
  // poll fails.
  Result<bool> wait_readable(int timeout_ms);

  // Half-closes the sending direction (FIN), keeping the socket readable.
  void shutdown_write();
  // Closes the socket (idempotent).
  void close();

  bool is_open() const { return fd_ >= 0; }
  int fd() const { return fd_; }
  // "127.0.0.1:443" (or "[::1]:443") of the peer; empty if unknown.
  const std::string& peer_address() const { return peer_; }
  // Sets the peer address text (used by the listener).
  void set_peer_address(std::string p) { peer_ = std::move(p); }

 private:
  int fd_ = -1;
  std::string peer_;
};

// A listening TCP socket. Move-only.
class TcpListener {
 public:
  TcpListener() = default;
  TcpListener(TcpListener&& o) noexcept : fd_(o.fd_), port_(o.port_) { o.fd_ = -1; }
  TcpListener& operator=(TcpListener&& o) noexcept;
  TcpListener(const TcpListener&) = delete;
  TcpListener& operator=(const TcpListener&) = delete;
  ~TcpListener() { close(); }

  // Binds address:port (port 0 picks a free port; address must be a numeric IPv4 or IPv6
  // literal, e.g. "127.0.0.1") with SO_REUSEADDR and listens. Errors: io_error with the
  // system reason ("address already in use"), Step::connect, Party::network.
  static Result<TcpListener> listen(const std::string& address, uint16_t port, int backlog = 64);

  // Waits up to timeout_ms (negative: forever) for a connection. Returns nullopt on timeout
  // or when interrupted by a signal (so a caller can check its stop flag); io_error otherwise.
  Result<std::optional<TcpStream>> accept(int timeout_ms);

  // The bound port (the chosen one when 0 was asked for).
  uint16_t port() const { return port_; }
  void close();
  bool is_open() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
};

}  // namespace tlskit::io
