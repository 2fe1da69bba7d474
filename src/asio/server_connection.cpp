// server_connection: reactor-style I/O over the sans-I/O Connection. Every pending wait holds a
// shared_ptr to the connection; the timer's wait is always pending until finish(), so a
// connection can never be left without a way to end.
#include "server_connection.h"

#include <algorithm>

#include "server_worker.h"

namespace tlskit::asio::detail {
namespace {

bool would_block(const std::error_code& ec) {
  return ec == ::asio::error::would_block || ec == ::asio::error::try_again;
}

}  // namespace

server_connection::server_connection(server_worker& worker, ::asio::ip::tcp::socket socket,
                                     std::unique_ptr<Connection> tls, uint64_t id,
                                     ::asio::ip::tcp::endpoint peer)
    : worker_(worker),
      socket_(std::move(socket)),
      timer_(worker.io()),
      tls_(std::move(tls)),
      peer_(std::move(peer)),
      id_(id),
      accepted_at_(clock::now()) {}

server_connection::~server_connection() = default;

void server_connection::start() {
  worker_.link(*this);
  std::error_code ec;
  socket_.non_blocking(true, ec);
  if (!ec) socket_.set_option(::asio::ip::tcp::no_delay(true), ec);
  if (ec) {
    finish(connection_end::io_error);
    return;
  }
  // The handshake deadline is fixed at accept: bytes trickling in never extend it.
  set_deadline(accepted_at_ + worker_.shared().limits.handshake_timeout);
  // The ClientHello is often there already (sent right after the client's connect): read it
  // now, which saves a trip through the reactor; would_block falls back to waiting.
  on_readable({});
}

std::size_t server_connection::buffered_output() const {
  return tls_ ? tls_->pending_output().size() : 0;
}

bool server_connection::handler_busy() const { return handler_ && handler_->busy(); }

void server_connection::set_deadline(clock::time_point t) {
  deadline_ = t;
  if (timer_waiting_ && t >= timer_.expiry()) return;  // the timer fires earlier and re-arms
  // No wait yet, or the deadline moved earlier: (re)start the wait. expires_at() cancels a
  // pending wait, whose handler then sees operation_aborted and does nothing.
  timer_.expires_at(t);
  timer_waiting_ = true;
  timer_.async_wait([self = shared_from_this()](std::error_code ec) { self->on_timer(ec); });
}

void server_connection::on_timer(std::error_code ec) {
  if (finished_ || ec == ::asio::error::operation_aborted) return;
  timer_waiting_ = false;
  if (clock::now() < deadline_) {
    set_deadline(deadline_);
    return;
  }
  if (lingering_) {
    finish(end_reason_);
  } else if (!tls_->handshake_complete()) {
    finish(connection_end::handshake_timeout);
  } else if (closing_) {
    finish(end_reason_);  // the peer did not take our last bytes in time
  } else {
    end_reason_ = connection_end::idle_timeout;
    close_gracefully();
    if (flush()) rearm();
  }
}

void server_connection::wait_readable() {
  if (read_waiting_ || finished_) return;
  read_waiting_ = true;
  socket_.async_wait(::asio::ip::tcp::socket::wait_read,
                     [self = shared_from_this()](std::error_code ec) {
                       self->read_waiting_ = false;
                       self->on_readable(ec);
                     });
}

void server_connection::wait_writable() {
  if (write_waiting_ || finished_) return;
  write_waiting_ = true;
  socket_.async_wait(::asio::ip::tcp::socket::wait_write,
                     [self = shared_from_this()](std::error_code ec) {
                       self->write_waiting_ = false;
                       self->on_writable(ec);
                     });
}

void server_connection::on_readable(std::error_code ec) {
  if (finished_ || ec == ::asio::error::operation_aborted) return;
  if (ec) {
    finish(connection_end::io_error);
    return;
  }
  const server_limits& limits = worker_.shared().limits;
  std::size_t total = 0;
  while (total < limits.max_read_per_turn) {
    MutableByteView buf = worker_.read_buffer();
    std::size_t n = socket_.read_some(::asio::buffer(buf.data(), buf.size()), ec);
    if (would_block(ec)) break;
    if (ec == ::asio::error::eof) {
      if (!lingering_ && !closing_) {
        (void)tls_->feed_eof();
        end_reason_ = tls_->peer_closed() ? connection_end::closed : connection_end::peer_eof;
      }
      finish(end_reason_);
      return;
    }
    if (ec) {
      finish(lingering_ ? end_reason_ : connection_end::io_error);
      return;
    }
    bytes_in_ += n;
    total += n;
    if (lingering_ || closing_) continue;  // after our close_notify, input is discarded
    if (!feed(n)) return;
    if (closing_ || tls_->pending_output().size() > limits.max_buffered_output) break;
  }
  if (!flush()) return;
  if (total >= limits.max_read_per_turn && !closing_ && !lingering_ &&
      tls_->pending_output().size() <= limits.max_buffered_output) {
    // More may be waiting: let the worker's other connections run first.
    read_waiting_ = true;
    ::asio::post(worker_.io(), [self = shared_from_this()] {
      self->read_waiting_ = false;
      self->on_readable({});
    });
    return;
  }
  rearm();
}

void server_connection::on_writable(std::error_code ec) {
  if (finished_ || ec == ::asio::error::operation_aborted) return;
  if (ec) {
    finish(connection_end::io_error);
    return;
  }
  if (flush()) rearm();
}

bool server_connection::feed(std::size_t n) {
  MutableByteView buf = worker_.read_buffer();
  if (!tls_->feed(ByteView(buf.data(), n))) {
    // The failure's alert is queued; send it, then close.
    end_reason_ = connection_end::tls_error;
    closing_ = true;
    return true;
  }
  return serve();
}

bool server_connection::serve() {
  if (!tls_->handshake_complete()) return true;
  if (established_at_ == clock::time_point{}) on_established();
  // Plaintext (with 0-RTT data first, released by the connection once the handshake completed).
  for (ByteView v = tls_->readable_view(); !v.empty() && !closing_; v = tls_->readable_view()) {
    bool keep = handler_->on_data(v, app_out_);
    tls_->consume_read(v.size());
    if (!app_out_.empty()) {
      auto w = tls_->write(app_out_);
      app_out_.clear();
      if (!w) {
        end_reason_ = connection_end::tls_error;
        closing_ = true;
        return true;
      }
    }
    if (!keep) {
      if (draining_) end_reason_ = connection_end::shutdown;
      close_gracefully();
    }
  }
  if (closing_) return true;
  if (tls_->peer_closed()) {
    end_reason_ = connection_end::closed;
    close_gracefully();
  } else if (!handler_busy()) {
    // Idle again: a new idle period starts (a half-received request does not extend it).
    if (draining_) {
      end_reason_ = connection_end::shutdown;
      close_gracefully();
    } else {
      set_deadline(clock::now() + worker_.shared().limits.idle_timeout);
    }
  }
  return true;
}

void server_connection::on_established() {
  established_at_ = clock::now();
  worker_counters& counters = worker_.counters();
  counters.handshakes.fetch_add(1, std::memory_order_relaxed);
  if (tls_->info().resumed) counters.resumed.fetch_add(1, std::memory_order_relaxed);
  const handler_factory& make = worker_.shared().make_handler;
  handler_ = make ? make(*tls_) : nullptr;
  if (!handler_) {
    close_gracefully();
    return;
  }
  // RFC 8446 §4.6.2: only a client that offered post_handshake_auth may be asked.
  if (worker_.shared().post_handshake_auth && tls_->info().post_handshake_auth.offered &&
      !tls_->request_client_certificate() && tls_->error()) {
    end_reason_ = connection_end::tls_error;
    closing_ = true;
    return;
  }
  handler_->on_open(*tls_, app_out_);
  if (!app_out_.empty()) {
    if (!tls_->write(app_out_)) {
      end_reason_ = connection_end::tls_error;
      closing_ = true;
    }
    app_out_.clear();
  }
  if (draining_ && !closing_ && !handler_->on_drain(app_out_)) {
    end_reason_ = connection_end::shutdown;
    close_gracefully();
  }
}

void server_connection::close_gracefully() {
  if (closing_) return;
  closing_ = true;
  tls_->close();  // queues close_notify (RFC 8446 §6.1)
  // The peer has until the idle timeout to take our last bytes.
  set_deadline(std::min(deadline_, clock::now() + worker_.shared().limits.idle_timeout));
}

bool server_connection::flush() {
  for (ByteView out = tls_->pending_output(); !out.empty(); out = tls_->pending_output()) {
    std::error_code ec;
    std::size_t n = socket_.write_some(::asio::buffer(out.data(), out.size()), ec);
    if (would_block(ec)) break;
    if (ec) {
      finish(closing_ ? end_reason_ : connection_end::io_error);
      return false;
    }
    tls_->consume_output(n);
    bytes_out_ += n;
  }
  return true;
}

void server_connection::rearm() {
  if (finished_) return;
  const std::size_t pending = tls_->pending_output().size();
  if (pending > 0) wait_writable();
  if (closing_) {
    if (pending == 0) start_linger();
    return;
  }
  if (pending > worker_.shared().limits.max_buffered_output) return;  // read once it drained
  wait_readable();
}

void server_connection::start_linger() {
  if (lingering_) return;
  lingering_ = true;
  std::error_code ec;
  socket_.shutdown(::asio::ip::tcp::socket::shutdown_send, ec);
  if (ec) {
    finish(end_reason_);
    return;
  }
  set_deadline(clock::now() + worker_.shared().limits.linger);
  wait_readable();
}

void server_connection::drain() {
  draining_ = true;
  if (finished_ || closing_ || !handler_) return;  // a handshake in progress may complete
  if (!handler_busy() && tls_->pending_output().empty()) {
    end_reason_ = connection_end::shutdown;
    close_gracefully();
  } else {
    bool keep = handler_->on_drain(app_out_);
    if (!app_out_.empty()) {
      (void)tls_->write(app_out_);
      app_out_.clear();
    }
    if (!keep) {
      end_reason_ = connection_end::shutdown;
      close_gracefully();
    }
  }
  if (flush()) rearm();
}

void server_connection::abort() { finish(connection_end::shutdown); }

void server_connection::finish(connection_end why) {
  if (finished_) return;
  finished_ = true;
  std::error_code ec;
  socket_.close(ec);  // pending waits complete with operation_aborted
  timer_.cancel();
  const close_callback& on_close = worker_.shared().on_close;
  if (on_close) {
    connection_report r;
    r.id = id_;
    r.peer = format_peer(peer_);
    r.tls = tls_.get();
    r.end = why;
    auto now = clock::now();
    r.duration = std::chrono::duration_cast<std::chrono::microseconds>(now - accepted_at_);
    if (established_at_ != clock::time_point{})
      r.handshake_time =
          std::chrono::duration_cast<std::chrono::microseconds>(established_at_ - accepted_at_);
    r.bytes_in = bytes_in_;
    r.bytes_out = bytes_out_;
    if (handler_) r.application = handler_->summary();
    on_close(r);
  }
  worker_.on_connection_finished(*this, why, peer_);
}

}  // namespace tlskit::asio::detail
