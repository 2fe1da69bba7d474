// stream_core: the next move of each operation of tlskit::asio::stream, over the sans-I/O
// Connection. No I/O here and no locks: the stream's operations run on one strand.
#include "tlskit/asio/stream_core.h"

#include <algorithm>
#include <asio/error.hpp>
#include <cstring>

#include "tlskit/asio/error.h"

namespace tlskit::asio::detail {
namespace {

const char* role_name(stream_base::handshake_type r) {
  return r == stream_base::client ? "client" : "server";
}

}  // namespace

stream_core::stream_core(std::shared_ptr<const Config> config, stream_base::handshake_type role,
                         const ConnectOptions& options)
    : role_(role), input_(new uint8_t[kInputSize]) {
  if (!config) {
    create_error_ = make_error(ErrorCode::config_invalid, Alert::none, Party::config, Step::config,
                               "tlskit::asio::stream was given no Config (a null shared_ptr)");
    return;
  }
  adopt(role == stream_base::client ? Connection::client(std::move(config), options)
                                    : Connection::server(std::move(config)));
}

stream_core::stream_core(std::shared_ptr<const ClientConfig> config, const ConnectOptions& options)
    : role_(stream_base::client), input_(new uint8_t[kInputSize]) {
  adopt(Connection::client(std::move(config), options));
}

stream_core::stream_core(std::shared_ptr<const ServerConfig> config)
    : role_(stream_base::server), input_(new uint8_t[kInputSize]) {
  adopt(Connection::server(std::move(config)));
}

void stream_core::adopt(Result<std::unique_ptr<Connection>> c) {
  if (!c) {
    create_error_ = c.error();
    return;
  }
  conn_ = std::move(*c);
}

stream_core::~stream_core() = default;

const std::optional<Error>& stream_core::tls_error() const {
  if (!conn_) return create_error_;
  return conn_->error();
}

std::error_code stream_core::tls_error_code() {
  if (!tls_ec_) {
    const auto& e = tls_error();
    if (e) tls_ec_ = make_error_code(*e);
  }
  return tls_ec_;
}

bool stream_core::output_move(want& w) const {
  if (!conn_ || conn_->pending_output().empty()) return false;
  w = sending_ ? want::wait_output : want::write_output;
  return true;
}

bool stream_core::failed(want& w, std::error_code& ec) {
  if (!conn_) {
    ec = tls_error_code();
    w = want::done;
    return true;
  }
  if (broken_) {
    ec = broken_;
    w = want::done;
    return true;
  }
  if (!conn_->error()) return false;
  // The alert for our error is already queued: send it before reporting, unless another
  // operation is sending (it sends everything pending, the alert included).
  if (!sending_ && output_move(w)) return true;
  ec = tls_error_code();
  w = want::done;
  return true;
}

want stream_core::next_handshake(stream_base::handshake_type type, std::error_code& ec) {
  want w = want::done;
  if (type != role_) {
    ec = make_error_code(make_error(
        ErrorCode::config_invalid, Alert::none, Party::config, Step::config,
        std::string("handshake(") + role_name(type) + ") on a stream constructed as a " +
            role_name(role_) + "; the role is given to the stream's constructor"));
    return want::done;
  }
  if (failed(w, ec)) return w;
  if (output_move(w)) return w;
  if (conn_->handshake_complete()) {
    ec.clear();
    return want::done;
  }
  return want::read_input;
}

want stream_core::next_read(std::error_code& ec, bool& data_ready) {
  want w = want::done;
  data_ready = false;
  if (conn_ && !broken_ && conn_->readable() > 0) {
    // Control records to send (a KeyUpdate answer, tickets) go first when the transport is
    // free; data already decrypted is returned either way, even after a later error.
    if (!sending_ && output_move(w)) return w;
    ec.clear();
    data_ready = true;
    return want::done;
  }
  if (failed(w, ec)) return w;
  if (!sending_ && output_move(w)) return w;
  if (conn_->peer_closed()) {
    ec = ::asio::error::eof;  // the peer's close_notify, as asio::ssl::stream reports it
    return want::done;
  }
  if (!conn_->handshake_complete()) {
    ec = make_error_code(make_error(ErrorCode::unexpected_message, Alert::none, Party::us,
                                    conn_->step(),
                                    "read_some before the handshake completed; call "
                                    "handshake() or async_handshake() first"));
    return want::done;
  }
  return want::read_input;
}

std::error_code stream_core::start_write(ByteView plaintext) {
  if (!conn_) return tls_error_code();
  if (broken_) return broken_;
  if (conn_->error()) return {};  // next_flush sends the pending alert and reports the error
  auto r = conn_->write(plaintext);
  // A sticky failure is reported by next_flush (after its alert); others (before the
  // handshake, after shutdown) leave the connection usable and are reported now.
  if (!r && !conn_->error()) return make_error_code(r.error());
  return {};
}

want stream_core::next_flush(std::error_code& ec) {
  want w = want::done;
  if (broken_) {
    ec = broken_;
    return want::done;
  }
  if (output_move(w)) return w;
  if (conn_ && conn_->error()) {
    ec = tls_error_code();
    return want::done;
  }
  ec.clear();
  return want::done;
}

want stream_core::next_shutdown(std::error_code& ec) {
  want w = want::done;
  if (conn_) conn_->close();  // queues close_notify once; nothing after an error
  if (failed(w, ec)) return w;
  if (output_move(w)) return w;
  if (conn_->peer_closed() || reading_) {
    ec.clear();
    return want::done;
  }
  // Data still arriving before the peer's close_notify is dropped.
  conn_->consume_read(conn_->readable());
  return want::read_input;
}

ByteView stream_core::take_output() {
  const ByteView pending = conn_->pending_output();
  output_.assign(pending.begin(), pending.end());
  conn_->consume_output(pending.size());
  sending_ = true;
  return ByteView(output_);
}

void stream_core::output_done(const std::error_code& ec) {
  sending_ = false;
  // After a TLS error the alert is sent on a best-effort basis: the TLS error is what counts.
  if (ec && !(conn_ && conn_->error()) && !broken_) broken_ = ec;
}

std::error_code stream_core::input_done(const std::error_code& ec, size_t n) {
  if (n > 0 && conn_) (void)conn_->feed(ByteView(input_.get(), n));  // errors are sticky
  if (ec == ::asio::error::eof) {
    // Without the peer's close_notify this is a sticky error (truncation is not silent); after
    // it, fine: the next move reports eof or completion.
    if (conn_) (void)conn_->feed_eof();
    return {};
  }
  return ec;
}

ByteView stream_core::readable_view() const { return conn_ ? conn_->readable_view() : ByteView(); }

void stream_core::consume_read(size_t n) {
  if (conn_) conn_->consume_read(n);
}

ByteView stream_core::stage_gather(const ByteView* pieces, size_t count) {
  size_t first = 0;
  while (first < count && pieces[first].empty()) ++first;
  if (first == count) return {};
  size_t nonempty = 0;
  for (size_t i = first; i < count; ++i) nonempty += pieces[i].empty() ? 0 : 1;
  const ByteView p0 = pieces[first];
  if (nonempty == 1 || p0.size() >= kGatherSize) return p0.first(std::min(p0.size(), kMaxWriteChunk));
  gather_.clear();
  for (size_t i = first; i < count && gather_.size() < kGatherSize; ++i) {
    const size_t n = std::min(pieces[i].size(), kGatherSize - gather_.size());
    gather_.insert(gather_.end(), pieces[i].begin(), pieces[i].begin() + static_cast<ptrdiff_t>(n));
  }
  return ByteView(gather_);
}

}  // namespace tlskit::asio::detail
