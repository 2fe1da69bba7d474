// tlskit::asio::server on 127.0.0.1: several workers (both accept modes), the handshake
// deadline, the idle timeout, accept pausing at max_connections, the per-address cap, a
// graceful shutdown with idle and busy connections, reload, and the reports. Clients are
// tlskit::asio::stream on the test's own io_context; every wait is bounded (run_until).
// Also built with ThreadSanitizer by `make test` (docs/testing.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include "asio_test_env.h"
#include "tlskit/asio/server.h"

namespace tlskit::asio_test {
namespace {

using namespace std::chrono_literals;
namespace tka = tlskit::asio;

// Echoes lines; busy while a line is incomplete; "BYE\n" closes; drain closes after the line.
class LineEcho : public tka::session_handler {
 public:
  bool on_data(ByteView data, Bytes& out) override {
    for (uint8_t b : data) {
      line_.push_back(b);
      if (b != '\n') continue;
      out.insert(out.end(), line_.begin(), line_.end());
      bool bye = line_ == Bytes{'B', 'Y', 'E', '\n'};
      line_.clear();
      if (bye || draining_) return false;
    }
    return true;
  }
  bool busy() const override { return !line_.empty(); }
  bool on_drain(Bytes&) override {
    draining_ = true;
    return busy();
  }
  std::string summary() const override { return "line-echo"; }

 private:
  Bytes line_;
  bool draining_ = false;
};

// The reports the server gave, kept for the test's checks (on_close runs on the workers).
struct Reports {
  std::mutex mu;
  std::vector<tka::connection_end> ends;
  std::vector<std::string> alpn;
  std::vector<std::string> errors;
  tka::close_callback callback() {
    return [this](const tka::connection_report& r) {
      std::lock_guard<std::mutex> lock(mu);
      ends.push_back(r.end);
      alpn.push_back(r.tls ? r.tls->info().alpn : "");
      if (r.tls && r.tls->error()) errors.push_back(r.tls->error()->to_string());
    };
  }
  size_t count(tka::connection_end e) {
    std::lock_guard<std::mutex> lock(mu);
    return static_cast<size_t>(std::count(ends.begin(), ends.end(), e));
  }
  size_t total() {
    std::lock_guard<std::mutex> lock(mu);
    return ends.size();
  }
};

// A started server with LineEcho on a free port.
struct Server {
  explicit Server(tka::server_options o = {}, std::shared_ptr<const Config> cfg = server_config()) {
    o.address = "127.0.0.1";
    o.port = 0;
    if (o.threads == 0) o.threads = 2;
    auto s = tka::server::listen(o, std::move(cfg),
                                 [](const Connection&) { return std::make_unique<LineEcho>(); },
                                 reports.callback());
    if (!s) ADD_FAILURE() << s.error().to_string();
    else srv = std::move(*s);
    if (srv) srv->start();
  }
  ~Server() {
    if (srv) {
      srv->shutdown(0ms);
      srv->wait();
    }
  }
  tcp::endpoint endpoint() const { return {::asio::ip::make_address("127.0.0.1"), srv->port()}; }
  Reports reports;
  std::unique_ptr<tka::server> srv;
};

// Waits (polling, bounded) until pred() holds.
bool eventually(const std::function<bool()>& pred, std::chrono::milliseconds limit = 5s) {
  auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (pred()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return pred();
}

// A TLS client on the test's io_context.
struct Client {
  Client(::asio::io_context& io, std::shared_ptr<const Config> cfg = client_config())
      : io(io), stream(io, std::move(cfg), tls_stream::client) {}
  // Connects and handshakes; "" or the failure ("timeout": still under way, see finish()).
  std::string connect(tcp::endpoint at, std::chrono::milliseconds limit = 5s) {
    stream.lowest_layer().async_connect(at, [this](std::error_code ec) {
      if (ec) {
        connect_result = ec;
        connected = true;
        return;
      }
      std::error_code ignored;
      stream.lowest_layer().set_option(tcp::no_delay(true), ignored);
      stream.async_handshake(tls_stream::client, [this](std::error_code hec) {
        connect_result = hec;
        connected = true;
      });
    });
    return finish(limit);
  }
  // Waits for a connect() that timed out to complete.
  std::string finish(std::chrono::milliseconds limit) {
    if (!run_until(io, [this] { return connected; }, limit)) return "timeout";
    return connect_result ? connect_result.message() : "";
  }
  // Sends text.
  bool send(const std::string& text) {
    bool done = false;
    std::error_code result;
    ::asio::async_write(stream, ::asio::buffer(text), [&](std::error_code ec, size_t) {
      result = ec;
      done = true;
    });
    return run_until(io, [&] { return done; }, 5s) && !result;
  }
  // Reads until n bytes or an error (eof after close_notify); returns what came, sets last.
  std::string read(size_t n, std::chrono::milliseconds limit = 5s) {
    std::string got;
    bool done = false;
    std::function<void()> more = [&] {
      stream.async_read_some(::asio::buffer(buf), [&](std::error_code ec, size_t k) {
        got.append(buf.data(), k);
        if (ec || got.size() >= n) {
          last = ec;
          done = true;
          return;
        }
        more();
      });
    };
    more();
    if (!run_until(io, [&] { return done; }, limit)) {
      stream.lowest_layer().cancel();
      run_until(io, [&] { return done; }, 1s);
      timed_out = true;
    }
    return got;
  }
  ::asio::io_context& io;
  tls_stream stream;
  std::array<char, 4096> buf{};
  std::error_code last;
  bool timed_out = false;
  bool connected = false;  // connect() completed (connect_result says how)
  std::error_code connect_result;
};

class AsioServerModes : public ::testing::TestWithParam<tka::accept_mode> {};

TEST_P(AsioServerModes, ServesClientsOnEveryWorker) {
  tka::server_options o;
  o.mode = GetParam();
  Server s(o);
  ASSERT_TRUE(s.srv);
  EXPECT_EQ(s.srv->threads(), 2u);
  ::asio::io_context io;
  constexpr int kClients = 40;
  for (int i = 0; i < kClients; ++i) {
    Client c(io);
    ASSERT_EQ(c.connect(s.endpoint()), "") << "client " << i;
    std::string line = "hello " + std::to_string(i) + "\n";
    ASSERT_TRUE(c.send(line));
    EXPECT_EQ(c.read(line.size()), line);
    ASSERT_TRUE(c.send("BYE\n"));
    EXPECT_EQ(c.read(100), "BYE\n");
    EXPECT_EQ(c.last, ::asio::error::eof) << c.last.message();  // close_notify after BYE
  }
  ASSERT_TRUE(eventually([&] { return s.reports.total() == kClients; }));
  EXPECT_EQ(s.reports.count(tka::connection_end::closed), static_cast<size_t>(kClients));
  tka::server_stats st = s.srv->stats();
  EXPECT_EQ(st.accepted, static_cast<uint64_t>(kClients));
  EXPECT_EQ(st.handshakes, static_cast<uint64_t>(kClients));
  EXPECT_EQ(st.open, 0u);
}

INSTANTIATE_TEST_SUITE_P(Modes, AsioServerModes,
                         ::testing::Values(tka::accept_mode::reuse_port, tka::accept_mode::shared));

TEST(AsioServer, HandshakeDeadlineClosesASilentSocket) {
  tka::server_options o;
  o.limits.handshake_timeout = 300ms;
  Server s(o);
  ASSERT_TRUE(s.srv);
  ::asio::io_context io;
  tcp::socket raw(io);
  raw.connect(s.endpoint());
  // One byte of a record header, then silence: the deadline was fixed at accept.
  ::asio::write(raw, ::asio::buffer("\x16", 1));
  auto start = std::chrono::steady_clock::now();
  std::array<char, 64> b{};
  std::error_code ec;
  bool done = false;
  raw.async_read_some(::asio::buffer(b), [&](std::error_code e, size_t) {
    ec = e;
    done = true;
  });
  ASSERT_TRUE(run_until(io, [&] { return done; }, 5s));
  auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(ec == ::asio::error::eof || ec == ::asio::error::connection_reset) << ec.message();
  EXPECT_GE(waited, 250ms);
  EXPECT_LT(waited, 3s);
  ASSERT_TRUE(eventually([&] { return s.reports.total() == 1; }));
  EXPECT_EQ(s.reports.count(tka::connection_end::handshake_timeout), 1u);
}

TEST(AsioServer, IdleTimeoutSendsCloseNotify) {
  tka::server_options o;
  o.limits.idle_timeout = 300ms;
  Server s(o);
  ASSERT_TRUE(s.srv);
  ::asio::io_context io;
  Client c(io);
  ASSERT_EQ(c.connect(s.endpoint()), "");
  c.read(1, 5s);
  EXPECT_EQ(c.last, ::asio::error::eof) << c.last.message();
  ASSERT_TRUE(eventually([&] { return s.reports.total() == 1; }));
  EXPECT_EQ(s.reports.count(tka::connection_end::idle_timeout), 1u);
}

TEST(AsioServer, AcceptingPausesAtMaxConnectionsAndResumes) {
  tka::server_options o;
  o.limits.max_connections = 2;
  Server s(o);
  ASSERT_TRUE(s.srv);
  ::asio::io_context io;
  Client a(io), b(io), c(io);
  ASSERT_EQ(a.connect(s.endpoint()), "");
  ASSERT_EQ(b.connect(s.endpoint()), "");
  // The third is in the backlog: its handshake does not complete while two are open.
  EXPECT_EQ(c.connect(s.endpoint(), 400ms), "timeout");
  EXPECT_GE(s.srv->stats().accept_pauses, 1u);
  ASSERT_TRUE(a.send("BYE\n"));
  a.read(100);
  // Now it is accepted and its handshake, already under way, completes.
  EXPECT_EQ(c.finish(5s), "");
  ASSERT_TRUE(eventually([&] { return s.srv->stats().handshakes == 3; }));
}

TEST(AsioServer, PerAddressCapClosesTheExtraConnection) {
  tka::server_options o;
  o.limits.max_connections_per_address = 1;
  Server s(o);
  ASSERT_TRUE(s.srv);
  ::asio::io_context io;
  Client a(io), b(io);
  ASSERT_EQ(a.connect(s.endpoint()), "");
  EXPECT_NE(b.connect(s.endpoint()), "");  // closed at once: the handshake fails
  ASSERT_TRUE(eventually([&] {
    return s.srv->stats().ended[static_cast<size_t>(tka::connection_end::refused_address_cap)] == 1;
  }));
  EXPECT_EQ(s.reports.count(tka::connection_end::refused_address_cap), 1u);  // reported too
  ASSERT_TRUE(a.send("BYE\n"));
  a.read(100);
  ASSERT_TRUE(eventually([&] { return s.srv->stats().open == 0; }));
  Client c(io);
  EXPECT_EQ(c.connect(s.endpoint()), "");  // the address has room again
}

TEST(AsioServer, ShutdownClosesIdleConnectionsAndLetsBusyOnesFinish) {
  Server s;
  ASSERT_TRUE(s.srv);
  ::asio::io_context io;
  Client idle(io), busy(io);
  ASSERT_EQ(idle.connect(s.endpoint()), "");
  ASSERT_EQ(busy.connect(s.endpoint()), "");
  ASSERT_TRUE(busy.send("half a li"));
  ASSERT_TRUE(eventually([&] { return s.srv->stats().handshakes == 2; }));
  std::this_thread::sleep_for(50ms);  // the half line reached the server
  s.srv->shutdown(5s);
  idle.read(1);
  EXPECT_EQ(idle.last, ::asio::error::eof) << idle.last.message();  // close_notify at once
  ASSERT_TRUE(busy.send("ne\n"));
  EXPECT_EQ(busy.read(100), "half a line\n");
  EXPECT_EQ(busy.last, ::asio::error::eof) << busy.last.message();
  s.srv->wait();
  EXPECT_EQ(s.reports.count(tka::connection_end::shutdown), 2u);
  // New connections are refused once the listening sockets closed.
  Client late(io);
  EXPECT_NE(late.connect(s.endpoint(), 1s), "");
}

TEST(AsioServer, ReloadAppliesToNewConnectionsOnly) {
  auto first = std::make_shared<Config>(*server_config());
  first->alpn = {"one"};
  Server s({}, first);
  ASSERT_TRUE(s.srv);
  auto client_cfg = std::make_shared<Config>(*client_config());
  client_cfg->alpn = {"one", "two"};
  ::asio::io_context io;
  Client before(io, client_cfg);
  ASSERT_EQ(before.connect(s.endpoint()), "");
  EXPECT_EQ(before.stream.connection()->info().alpn, "one");
  auto second = std::make_shared<Config>(*server_config());
  second->alpn = {"two"};
  auto invalid = std::make_shared<Config>(*second);
  invalid->certificates.clear();
  auto refused = s.srv->reload(invalid);  // validated at reload: refused, the first stays
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::config_invalid);
  ASSERT_TRUE(s.srv->reload(second));
  ASSERT_TRUE(eventually([&] {
    Client after(io, client_cfg);
    return after.connect(s.endpoint()) == "" && after.stream.connection()->info().alpn == "two";
  }));
  ASSERT_TRUE(before.send("still here\n"));  // the old connection keeps working
  EXPECT_EQ(before.read(11), "still here\n");
}

TEST(AsioServer, AFailedHandshakeIsReportedWithItsError) {
  Server s({}, server_config(ProtocolVersion::tls1_3, ProtocolVersion::tls1_3));
  ASSERT_TRUE(s.srv);
  ::asio::io_context io;
  Client c(io, client_config(ProtocolVersion::tls1_2));
  EXPECT_NE(c.connect(s.endpoint()), "");
  ASSERT_TRUE(eventually([&] { return s.reports.total() == 1; }));
  EXPECT_EQ(s.reports.count(tka::connection_end::tls_error), 1u);
  std::lock_guard<std::mutex> lock(s.reports.mu);
  ASSERT_EQ(s.reports.errors.size(), 1u);
  EXPECT_NE(s.reports.errors[0].find("protocol_version"), std::string::npos) << s.reports.errors[0];
}

TEST(AsioServer, ListenErrorsNameTheAddress) {
  Server s;
  ASSERT_TRUE(s.srv);
  tka::server_options o;
  o.address = "127.0.0.1";
  o.port = s.srv->port();
  o.threads = 1;
  auto again = tka::server::listen(o, server_config(), {}, {});
  ASSERT_FALSE(again);  // the port is taken (without SO_REUSEPORT on one thread)
  EXPECT_NE(again.error().detail.find("127.0.0.1:" + std::to_string(o.port)), std::string::npos)
      << again.error().detail;
  o.address = "localhost";
  auto named = tka::server::listen(o, server_config(), {}, {});
  ASSERT_FALSE(named);
  EXPECT_EQ(named.error().code, ErrorCode::config_invalid);
}

}  // namespace
}  // namespace tlskit::asio_test
