// tlskit::asio::server: listening sockets, workers and their threads, stats.
#include "tlskit/asio/server.h"

#include <sys/socket.h>

#include <thread>

#include "server_worker.h"

namespace tlskit::asio {

const char* connection_end_name(connection_end end) {
  switch (end) {
    case connection_end::closed: return "closed";
    case connection_end::peer_eof: return "peer_eof";
    case connection_end::tls_error: return "tls_error";
    case connection_end::handshake_timeout: return "handshake_timeout";
    case connection_end::idle_timeout: return "idle_timeout";
    case connection_end::io_error: return "io_error";
    case connection_end::refused_address_cap: return "refused_address_cap";
    case connection_end::shutdown: return "shutdown";
  }
  return "unknown";
}

namespace detail {

std::string format_peer(const ::asio::ip::tcp::endpoint& peer) {
  const std::string address = peer.address().to_string();
  return (peer.address().is_v6() ? "[" + address + "]" : address) + ":" + std::to_string(peer.port());
}

}  // namespace detail

// The server's state: what the workers share, and the workers.
class server_impl {
 public:
  detail::server_shared shared;
  std::atomic<bool> started{false};
  std::atomic<bool> shut_down{false};
  uint16_t port = 0;
};

namespace {

using tcp = ::asio::ip::tcp;
using reuse_port = ::asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;

Error listen_error(const server_options& o, uint16_t port, const std::error_code& ec,
                   const char* what) {
  std::string where = (o.address.find(':') != std::string::npos ? "[" + o.address + "]"
                                                                   : o.address) +
                      ":" + std::to_string(port);
  return make_error(ErrorCode::io_error, Alert::none, Party::config, Step::connect,
                    std::string("cannot listen on ") + where + ": " + what + ": " + ec.message());
}

// A listening socket on address:port, with SO_REUSEPORT when several share the port.
Result<tcp::acceptor> open_acceptor(::asio::io_context& io, const server_options& o,
                                    const tcp::endpoint& ep, bool share_port) {
  tcp::acceptor a(io);
  std::error_code ec;
  a.open(ep.protocol(), ec);
  if (ec) return listen_error(o, ep.port(), ec, "socket");
  a.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec && share_port) a.set_option(reuse_port(true), ec);
  if (ec) return listen_error(o, ep.port(), ec, "SO_REUSEPORT");
  a.bind(ep, ec);
  if (ec) return listen_error(o, ep.port(), ec, "bind");
  a.listen(o.backlog, ec);
  if (ec) return listen_error(o, ep.port(), ec, "listen");
  a.non_blocking(true, ec);
  return a;
}

}  // namespace

server::server(std::unique_ptr<server_impl> impl) : impl_(std::move(impl)) {}

server::~server() {
  if (impl_->started && !impl_->shut_down) shutdown(std::chrono::milliseconds(0));
  wait();
}

Result<std::unique_ptr<server>> server::listen(const server_options& options,
                                               std::shared_ptr<const Config> config,
                                               handler_factory make_handler,
                                               close_callback on_close) {
  if (!config)
    return make_error(ErrorCode::config_invalid, Alert::none, Party::config, Step::config,
                      "the server needs a Config");
  // Validated once here; the workers make every connection from the built config.
  auto built = ServerConfig::build(*config);
  if (!built) return built.error();
  if (options.limits.max_connections == 0)
    return make_error(ErrorCode::config_invalid, Alert::none, Party::config, Step::config,
                      "max_connections must be at least 1");
  std::error_code ec;
  ::asio::ip::address address = ::asio::ip::make_address(options.address, ec);
  if (ec)
    return make_error(ErrorCode::config_invalid, Alert::none, Party::config, Step::config,
                      "'" + options.address + "' is not a numeric IPv4 or IPv6 address");
  unsigned threads = options.threads;
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());

  auto impl = std::make_unique<server_impl>();
  detail::server_shared& shared = impl->shared;
  shared.limits = options.limits;
  shared.post_handshake_auth = options.post_handshake_auth;
  shared.make_handler = std::move(make_handler);
  shared.on_close = std::move(on_close);
  for (unsigned i = 0; i < threads; ++i)
    shared.workers.push_back(std::make_unique<detail::server_worker>(shared, *built));

  tcp::endpoint ep(address, options.port);
  const bool per_worker = options.mode == accept_mode::reuse_port && threads > 1;
  for (unsigned i = 0; i < (per_worker ? threads : 1u); ++i) {
    auto a = open_acceptor(shared.workers[i]->io(), options, ep, per_worker);
    if (!a) return a.error();
    ep.port(a->local_endpoint().port());  // the port 0 chose, shared by the next sockets
    shared.workers[i]->set_acceptor(std::move(*a), /*hand_out=*/!per_worker && threads > 1);
  }
  impl->port = ep.port();
  return std::unique_ptr<server>(new server(std::move(impl)));
}

uint16_t server::port() const { return impl_->port; }

unsigned server::threads() const { return static_cast<unsigned>(impl_->shared.workers.size()); }

void server::start() {
  if (impl_->started.exchange(true)) return;
  for (auto& w : impl_->shared.workers) w->start_thread();
}

Result<void> server::reload(std::shared_ptr<const Config> config) {
  if (!config)
    return make_error(ErrorCode::config_invalid, Alert::none, Party::config, Step::config,
                      "reload needs a Config");
  auto built = ServerConfig::build(*config);
  if (!built) return built.error();
  for (auto& w : impl_->shared.workers) w->post_reload(*built);
  return ok();
}

void server::shutdown(std::chrono::milliseconds drain) {
  if (impl_->shut_down.exchange(true)) return;
  impl_->shared.stopping.store(true);
  for (auto& w : impl_->shared.workers) w->post_shutdown(drain);
}

void server::wait() {
  for (auto& w : impl_->shared.workers) w->join();
}

server_stats server::stats() const {
  server_stats s;
  for (const auto& w : impl_->shared.workers) {
    const detail::worker_counters& c = w->counters();
    s.accepted += c.accepted.load(std::memory_order_relaxed);
    s.handshakes += c.handshakes.load(std::memory_order_relaxed);
    s.resumed += c.resumed.load(std::memory_order_relaxed);
    s.accept_pauses += c.accept_pauses.load(std::memory_order_relaxed);
    s.buffered_output += w->published_buffered.load(std::memory_order_relaxed);
    for (std::size_t i = 0; i < kConnectionEnds; ++i)
      s.ended[i] += c.ended[i].load(std::memory_order_relaxed);
  }
  s.open = impl_->shared.open.load(std::memory_order_relaxed);
  return s;
}

}  // namespace tlskit::asio
