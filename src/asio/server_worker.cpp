// server_worker: accepting (and pausing at the connection limit), adopting sockets, the list of
// connections for a graceful shutdown.
#include "server_worker.h"

namespace tlskit::asio::detail {
namespace {

constexpr std::chrono::milliseconds kAcceptRetry{100};  // after EMFILE & co., or while full
constexpr std::chrono::seconds kPublishEvery{1};        // buffered_output for stats()
constexpr std::size_t kReadBufferSize = 64 * 1024;      // one per worker, lent to a connection

}  // namespace

server_worker::server_worker(server_shared& shared, std::shared_ptr<const ServerConfig> config)
    : shared_(shared),
      config_(std::move(config)),
      retry_timer_(io_),
      drain_timer_(io_),
      publish_timer_(io_),
      read_buffer_(kReadBufferSize) {
  keep_alive_.emplace(io_.get_executor());
}

void server_worker::set_acceptor(::asio::ip::tcp::acceptor acceptor, bool hand_out) {
  acceptor_.emplace(std::move(acceptor));
  hand_out_ = hand_out;
}

void server_worker::start_thread() {
  ::asio::post(io_, [this] {
    accept_next();
    publish();
  });
  thread_ = std::thread([this] { io_.run(); });
}

void server_worker::join() {
  if (thread_.joinable()) thread_.join();
}

bool server_worker::full() const {
  return shared_.open.load(std::memory_order_relaxed) >= shared_.limits.max_connections;
}

bool server_worker::try_take_slot() {
  std::size_t open = shared_.open.load(std::memory_order_relaxed);
  while (open < shared_.limits.max_connections)
    if (shared_.open.compare_exchange_weak(open, open + 1, std::memory_order_relaxed)) return true;
  return false;
}

void server_worker::serve_parked() {
  while (!parked_.empty() && try_take_slot()) {
    parked p = std::move(parked_.front());
    parked_.pop_front();
    hand_to(*p.target, std::move(p.socket), p.peer);
  }
}

server_worker* server_worker::least_loaded() {
  // Ties go to this worker: a connection that stays where it was accepted costs no wake-up of
  // another thread (what one connection at a time, as `openssl s_time` makes them, would pay).
  server_worker* best = this;
  std::size_t best_open = open_here.load(std::memory_order_relaxed);
  for (auto& w : shared_.workers) {
    std::size_t n = w->open_here.load(std::memory_order_relaxed);
    if (n < best_open) {
      best = w.get();
      best_open = n;
    }
  }
  return best;
}

void server_worker::hand_to(server_worker& target, ::asio::ip::tcp::socket socket,
                            const ::asio::ip::tcp::endpoint& peer) {
  target.open_here.fetch_add(1, std::memory_order_relaxed);
  if (&target == this) {
    adopt(std::move(socket), peer);
  } else {
    ::asio::post(target.io(), [t = &target, s = std::move(socket), peer]() mutable {
      t->adopt(std::move(s), peer);
    });
  }
}

void server_worker::accept_next() {
  if (shutting_down_ || accepting_ || !acceptor_) return;
  serve_parked();
  if (!parked_.empty() || full()) {
    pause_accepting();
    return;
  }
  if (paused_) {
    paused_ = false;
    paused_flag_.store(false, std::memory_order_relaxed);
  }
  server_worker* target = hand_out_ ? least_loaded() : this;
  accepting_ = true;
  acceptor_->async_accept(target->io(), accept_peer_,
                          [this, target](std::error_code ec, ::asio::ip::tcp::socket socket) {
                            accepting_ = false;
                            // A copy: the next async_accept reuses accept_peer_.
                            const ::asio::ip::tcp::endpoint peer = accept_peer_;
                            on_accept(ec, std::move(socket), *target, peer);
                          });
}

void server_worker::on_accept(std::error_code ec, ::asio::ip::tcp::socket socket,
                              server_worker& target, const ::asio::ip::tcp::endpoint& peer) {
  if (shutting_down_ || ec == ::asio::error::operation_aborted) return;
  if (ec) {
    // Out of descriptors or buffers (EMFILE, ENFILE, ENOBUFS, ...): try again a little later
    // instead of spinning; the connection waits in the backlog.
    retry_timer_.expires_after(kAcceptRetry);
    retry_timer_.async_wait([this](std::error_code) { accept_next(); });
    return;
  }
  if (try_take_slot()) {
    hand_to(target, std::move(socket), peer);
  } else {
    // Another worker's accept, started before the server was full, completed after: the
    // connection waits here unserved (as in the backlog) until a slot frees.
    parked_.push_back(parked{&target, std::move(socket), peer});
  }
  accept_next();
}

void server_worker::pause_accepting() {
  if (!paused_) {
    paused_ = true;
    paused_flag_.store(true, std::memory_order_relaxed);
    counters_.accept_pauses.fetch_add(1, std::memory_order_relaxed);
  }
  // Resumed early by post_resume() when a connection closes; this is the fallback.
  retry_timer_.expires_after(kAcceptRetry);
  retry_timer_.async_wait([this](std::error_code) {
    if (!shutting_down_) accept_next();
  });
}

void server_worker::post_resume() {
  if (!paused_flag_.load(std::memory_order_relaxed)) return;
  ::asio::post(io_, [this] {
    if (paused_ && !shutting_down_) retry_timer_.cancel();  // its handler calls accept_next()
  });
}

void server_worker::release_slot() {
  open_here.fetch_sub(1, std::memory_order_relaxed);
  std::size_t before = shared_.open.fetch_sub(1, std::memory_order_relaxed);
  if (before >= shared_.limits.max_connections)
    for (auto& w : shared_.workers) w->post_resume();
}

void server_worker::adopt(::asio::ip::tcp::socket socket, const ::asio::ip::tcp::endpoint& peer) {
  counters_.accepted.fetch_add(1, std::memory_order_relaxed);
  if (shutting_down_) {  // handed over after the shutdown began
    counters_.ended[static_cast<std::size_t>(connection_end::shutdown)].fetch_add(
        1, std::memory_order_relaxed);
    release_slot();
    return;
  }
  const std::size_t cap = shared_.limits.max_connections_per_address;
  if (cap > 0 && !shared_.per_address.try_add(peer.address().to_string(), cap)) {
    counters_.ended[static_cast<std::size_t>(connection_end::refused_address_cap)].fetch_add(
        1, std::memory_order_relaxed);
    release_slot();
    report_refused(peer);
    return;  // the socket closes here
  }
  auto tls = Connection::server(config_);
  if (!tls) {  // not expected: the config was validated when it was given
    counters_.ended[static_cast<std::size_t>(connection_end::tls_error)].fetch_add(
        1, std::memory_order_relaxed);
    if (cap > 0) shared_.per_address.remove(peer.address().to_string());
    release_slot();
    return;
  }
  uint64_t id = shared_.next_id.fetch_add(1, std::memory_order_relaxed);
  auto c = std::make_shared<server_connection>(*this, std::move(socket), std::move(*tls), id, peer);
  c->start();
}

void server_worker::report_refused(const ::asio::ip::tcp::endpoint& peer) {
  if (!shared_.on_close) return;
  connection_report r;
  r.peer = format_peer(peer);
  r.id = shared_.next_id.fetch_add(1, std::memory_order_relaxed);
  r.end = connection_end::refused_address_cap;
  shared_.on_close(r);
}

void server_worker::link(server_connection& c) {
  c.prev = nullptr;
  c.next = head_;
  if (head_) head_->prev = &c;
  head_ = &c;
}

void server_worker::on_connection_finished(server_connection& c, connection_end why,
                                           const ::asio::ip::tcp::endpoint& peer) {
  if (c.prev) c.prev->next = c.next;
  if (c.next) c.next->prev = c.prev;
  if (head_ == &c) head_ = c.next;
  c.prev = c.next = nullptr;
  counters_.ended[static_cast<std::size_t>(why)].fetch_add(1, std::memory_order_relaxed);
  if (shared_.limits.max_connections_per_address > 0)
    shared_.per_address.remove(peer.address().to_string());
  release_slot();
  if (shutting_down_ && head_ == nullptr) stop_timers();
}

std::size_t server_worker::buffered_output() const {
  std::size_t n = 0;
  for (server_connection* c = head_; c; c = c->next) n += c->buffered_output();
  return n;
}

void server_worker::publish() {
  published_buffered.store(buffered_output(), std::memory_order_relaxed);
  if (shutting_down_) return;
  publish_timer_.expires_after(kPublishEvery);
  publish_timer_.async_wait([this](std::error_code ec) {
    if (!ec) publish();
  });
}

void server_worker::post_reload(std::shared_ptr<const ServerConfig> config) {
  ::asio::post(io_, [this, config = std::move(config)]() mutable { config_ = std::move(config); });
}

void server_worker::post_shutdown(std::chrono::milliseconds drain) {
  ::asio::post(io_, [this, drain] {
    if (shutting_down_) return;
    shutting_down_ = true;
    std::error_code ec;
    if (acceptor_) acceptor_->close(ec);
    parked_.clear();  // closes them
    keep_alive_.reset();  // run() returns once the connections and timers are done
    retry_timer_.cancel();
    publish_timer_.cancel();
    for (server_connection* c = head_; c;) {
      server_connection* next = c->next;  // drain() may finish (and unlink) c
      c->drain();
      c = next;
    }
    if (head_ == nullptr) return;
    drain_timer_.expires_after(drain);
    drain_timer_.async_wait([this](std::error_code ec2) {
      if (ec2) return;
      while (head_) head_->abort();  // abort() unlinks it
    });
  });
}

void server_worker::stop_timers() {
  drain_timer_.cancel();
  retry_timer_.cancel();
  publish_timer_.cancel();
}

}  // namespace tlskit::asio::detail
