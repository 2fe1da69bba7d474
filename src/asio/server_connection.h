// One accepted connection of tlskit::asio::server: the socket, the sans-I/O TLS connection, its
// deadline and its application handler, driven in reactor style (wait until readable, then read
// non-blocking into the worker's buffer), so an idle connection holds no read buffer of its own.
// Lives on one worker; nothing here is thread-safe, nothing needs to be.
#pragma once
#include <asio.hpp>
#include <chrono>
#include <memory>

#include "tlskit/asio/server.h"

namespace tlskit::asio::detail {

class server_worker;

// A connection from accept to close. Kept alive by the handlers of its pending waits (each holds
// a shared_ptr) and listed in its worker (for a graceful shutdown) until it finishes.
class server_connection : public std::enable_shared_from_this<server_connection> {
 public:
  using clock = std::chrono::steady_clock;

  server_connection(server_worker& worker, ::asio::ip::tcp::socket socket,
                    std::unique_ptr<Connection> tls, uint64_t id,
                    ::asio::ip::tcp::endpoint peer);
  ~server_connection();
  server_connection(const server_connection&) = delete;
  server_connection& operator=(const server_connection&) = delete;

  // Starts the handshake deadline and waits for the ClientHello.
  void start();
  // The server shuts down: close now if idle, else let the handler say goodbye and finish.
  void drain();
  // The drain deadline passed: close now.
  void abort();
  // Encrypted bytes waiting to be sent.
  std::size_t buffered_output() const;

  // Intrusive list of the worker's connections (for drain), maintained by the worker.
  server_connection* prev = nullptr;
  server_connection* next = nullptr;

 private:
  void wait_readable();
  void wait_writable();
  void on_readable(std::error_code ec);
  void on_writable(std::error_code ec);
  void on_timer(std::error_code ec);
  // Feeds n bytes of the worker's buffer; false when the connection ended.
  bool feed(std::size_t n);
  // After a feed: hands plaintext to the handler, queues its replies. False when it ended.
  bool serve();
  // The handshake just completed: makes the handler and moves to the idle deadline.
  void on_established();
  // Writes what is pending without blocking; false when the connection ended.
  bool flush();
  // Decides what to wait for next (write, read, linger) after a flush.
  void rearm();
  // Queues close_notify; the connection closes once it is sent.
  void close_gracefully();
  // Starts the linger after the last byte was sent (shutdown(send), read and discard).
  void start_linger();
  // Ends the connection: closes the socket, reports it, leaves the worker.
  void finish(connection_end why);
  void set_deadline(clock::time_point t);
  bool handler_busy() const;

  server_worker& worker_;
  ::asio::ip::tcp::socket socket_;
  ::asio::steady_timer timer_;
  std::unique_ptr<Connection> tls_;
  std::unique_ptr<session_handler> handler_;
  Bytes app_out_;  // the handler's replies before encryption (reused)
  ::asio::ip::tcp::endpoint peer_;  // the peer's address and port
  uint64_t id_;
  clock::time_point accepted_at_;
  clock::time_point established_at_{};
  clock::time_point deadline_;
  uint64_t bytes_in_ = 0;
  uint64_t bytes_out_ = 0;
  connection_end end_reason_ = connection_end::closed;  // why, once closing started
  bool read_waiting_ = false;
  bool write_waiting_ = false;
  bool timer_waiting_ = false;
  bool closing_ = false;     // close_notify queued: finish once output is sent
  bool lingering_ = false;   // all sent, write side shut: discarding input until EOF/deadline
  bool draining_ = false;    // the server shuts down: close once the handler is idle
  bool finished_ = false;
};

}  // namespace tlskit::asio::detail
