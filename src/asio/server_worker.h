// A worker of tlskit::asio::server: one thread running one io_context, its listening socket
// (accept_mode::reuse_port) or its share of the connections of a shared one, the connections it
// owns and its counters. Only the counters are read from other threads (relaxed atomics).
#pragma once
#include <asio.hpp>
#include <atomic>
#include <deque>
#include <memory>
#include <optional>
#include <thread>
#include <array>
#include <vector>

#include "address_limiter.h"
#include "server_connection.h"

namespace tlskit::asio::detail {

// Counters of one worker; each is written by that worker only.
struct worker_counters {
  std::atomic<uint64_t> accepted{0};
  std::atomic<uint64_t> handshakes{0};
  std::atomic<uint64_t> resumed{0};
  std::atomic<uint64_t> accept_pauses{0};
  std::array<std::atomic<uint64_t>, kConnectionEnds> ended{};
};

class server_worker;

// "127.0.0.1:54321" / "[::1]:54321".
std::string format_peer(const ::asio::ip::tcp::endpoint& peer);

// What the workers of one server share: fixed after listen(), except the atomics.
struct server_shared {
  server_limits limits;
  bool post_handshake_auth = false;  // server_options::post_handshake_auth
  handler_factory make_handler;
  close_callback on_close;
  std::atomic<std::size_t> open{0};       // connections open, all workers
  std::atomic<uint64_t> next_id{1};
  std::atomic<bool> stopping{false};
  address_limiter per_address;            // used when limits.max_connections_per_address > 0
  std::vector<std::unique_ptr<server_worker>> workers;
};

class server_worker {
 public:
  server_worker(server_shared& shared, std::shared_ptr<const ServerConfig> config);

  // Starts accepting on acceptor (this worker's own socket, or the shared one).
  void set_acceptor(::asio::ip::tcp::acceptor acceptor, bool hand_out);
  // Takes a socket accepted for this worker, and the peer address accept() gave (called on
  // this worker's thread).
  void adopt(::asio::ip::tcp::socket socket, const ::asio::ip::tcp::endpoint& peer);
  // Runs the io_context on a new thread.
  void start_thread();
  void join();
  // From any thread: new connections use config.
  void post_reload(std::shared_ptr<const ServerConfig> config);
  // From any thread: stop accepting, drain connections, close the rest at the deadline.
  void post_shutdown(std::chrono::milliseconds drain);
  // From any thread: accepting may resume (a connection closed somewhere).
  void post_resume();

  // Called by a connection that finished (on this worker's thread).
  void on_connection_finished(server_connection& c, connection_end why,
                              const ::asio::ip::tcp::endpoint& peer);
  // Tells on_close about a connection closed at accept (over the per-address cap).
  void report_refused(const ::asio::ip::tcp::endpoint& peer);
  // Links a connection into this worker's list.
  void link(server_connection& c);

  ::asio::io_context& io() { return io_; }
  server_shared& shared() { return shared_; }
  worker_counters& counters() { return counters_; }
  // The worker's read buffer, lent to one connection at a time.
  MutableByteView read_buffer() { return MutableByteView(read_buffer_.data(), read_buffer_.size()); }
  // Encrypted bytes waiting, all of this worker's connections (worker thread only).
  std::size_t buffered_output() const;
  // Same, last value published for other threads.
  std::atomic<uint64_t> published_buffered{0};
  // Connections given to this worker and not yet ended (read by a shared acceptor's worker).
  std::atomic<std::size_t> open_here{0};

 private:
  // Starts the next accept unless shutting down, accepting already, or full (then pauses).
  void accept_next();
  // An accept completed: hands the socket to target (this worker, or the least loaded one).
  void on_accept(std::error_code ec, ::asio::ip::tcp::socket socket, server_worker& target,
                 const ::asio::ip::tcp::endpoint& peer);
  // max_connections are open (all workers).
  bool full() const;
  // Counts one more open connection unless max_connections are open.
  bool try_take_slot();
  // Serves parked sockets while slots are free.
  void serve_parked();
  // With a shared acceptor: the worker with the fewest open connections (this one on a tie).
  server_worker* least_loaded();
  // Gives a socket whose slot is taken to target (this worker, or another by a post).
  void hand_to(server_worker& target, ::asio::ip::tcp::socket socket,
               const ::asio::ip::tcp::endpoint& peer);
  // Stops accepting until a connection closes (or kAcceptRetry passed).
  void pause_accepting();
  // One connection fewer is open: wakes paused workers when the server was full.
  void release_slot();
  // Publishes buffered_output() for stats(), every second.
  void publish();
  // The last connection of a shutdown finished.
  void stop_timers();

  server_shared& shared_;
  ::asio::io_context io_{1};
  std::shared_ptr<const ServerConfig> config_;
  std::optional<::asio::ip::tcp::acceptor> acceptor_;
  // A socket accepted while the server was full, and the worker whose io_context it is on.
  struct parked {
    server_worker* target;
    ::asio::ip::tcp::socket socket;
    ::asio::ip::tcp::endpoint peer;
  };
  std::deque<parked> parked_;  // served, in order, when slots free
  bool hand_out_ = false;          // a shared acceptor: give connections to the least loaded
  bool accepting_ = false;         // an async_accept is pending
  // Where the pending async_accept puts the peer's address (accept() returns it, so no
  // getpeername() per connection).
  ::asio::ip::tcp::endpoint accept_peer_;
  bool paused_ = false;
  std::atomic<bool> paused_flag_{false};  // paused_, readable by other threads
  ::asio::steady_timer retry_timer_;
  ::asio::steady_timer drain_timer_;
  ::asio::steady_timer publish_timer_;
  std::optional<::asio::executor_work_guard<::asio::io_context::executor_type>> keep_alive_;
  std::vector<uint8_t> read_buffer_;
  server_connection* head_ = nullptr;  // connections of this worker
  worker_counters counters_;
  std::thread thread_;
  bool shutting_down_ = false;
};

}  // namespace tlskit::asio::detail
