// 200 connections at once on one io_context (one thread): the server accepts, handshakes,
// echoes 1 KiB and shuts down each; every client checks its echo and sees close_notify.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "asio_test_env.h"

namespace tlskit::asio_test {
namespace {

constexpr int kConnections = 200;
constexpr size_t kMessage = 1024;

// One server-side connection: handshake, read kMessage bytes, echo, shutdown.
struct ServerSession : std::enable_shared_from_this<ServerSession> {
  ServerSession(tcp::socket s, std::shared_ptr<const Config> config)
      : stream(std::move(s), std::move(config), tls_stream::server), buf(kMessage) {}
  void start(int* done, int* failed) {
    auto self = shared_from_this();
    stream.async_handshake(tls_stream::server, [self, done, failed](std::error_code ec) {
      if (ec) return void(++*failed);
      ::asio::async_read(self->stream, ::asio::buffer(self->buf), [self, done, failed](std::error_code rec, size_t) {
        if (rec) return void(++*failed);
        ::asio::async_write(self->stream, ::asio::buffer(self->buf), [self, done, failed](std::error_code wec, size_t) {
          if (wec) return void(++*failed);
          self->stream.async_shutdown([self, done, failed](std::error_code sec) {
            // The client may close right after our close_notify: its own, or eof, both fine.
            if (sec && sec != ::asio::error::eof && sec != ErrorCode::peer_closed) return void(++*failed);
            ++*done;
          });
        });
      });
    });
  }
  tls_stream stream;
  std::vector<char> buf;
};

// One client: connect, handshake, send kMessage bytes, read the echo, read eof, shutdown.
struct ClientSession : std::enable_shared_from_this<ClientSession> {
  ClientSession(::asio::io_context& io, std::shared_ptr<const Config> config, int id)
      : stream(io, std::move(config), tls_stream::client), out(pattern(kMessage, id)), back(kMessage, '\0') {}
  void start(tcp::endpoint at, int* done, std::vector<std::string>* errors) {
    auto self = shared_from_this();
    auto fail = [self, errors](const char* what, std::error_code ec) {
      errors->push_back(std::string(what) + ": " + ec.message());
    };
    stream.lowest_layer().async_connect(at, [self, done, fail](std::error_code ec) {
      if (ec) return fail("connect", ec);
      self->stream.async_handshake(tls_stream::client, [self, done, fail](std::error_code hec) {
        if (hec) return fail("handshake", hec);
        ::asio::async_write(self->stream, ::asio::buffer(self->out), [self, done, fail](std::error_code wec, size_t) {
          if (wec) return fail("write", wec);
          ::asio::async_read(self->stream, ::asio::buffer(self->back), [self, done, fail](std::error_code rec, size_t) {
            if (rec) return fail("read", rec);
            if (self->back != self->out) return fail("echo differs", {});
            self->stream.async_read_some(::asio::buffer(self->one), [self, done, fail](std::error_code eof, size_t) {
              if (eof != ::asio::error::eof) return fail("eof", eof);
              self->stream.async_shutdown([self, done, fail](std::error_code sec) {
                if (sec) return fail("shutdown", sec);
                ++*done;
              });
            });
          });
        });
      });
    });
  }
  tls_stream stream;
  std::string out;
  std::string back;
  std::array<char, 1> one{};
};

TEST(AsioMany, TwoHundredConcurrentConnectionsOnOneIoContext) {
  ::asio::io_context io;
  Listener listener(io);
  listener.acceptor.listen(::asio::socket_base::max_listen_connections);
  const auto sc = server_config();
  const auto cc = client_config();
  int accepted = 0, server_done = 0, server_failed = 0, client_done = 0;
  std::vector<std::string> client_errors;
  std::function<void()> accept = [&] {
    listener.acceptor.async_accept([&](std::error_code ec, tcp::socket s) {
      if (ec) return;
      ++accepted;
      std::make_shared<ServerSession>(std::move(s), sc)->start(&server_done, &server_failed);
      if (accepted < kConnections) accept();
    });
  };
  accept();
  for (int i = 0; i < kConnections; ++i)
    std::make_shared<ClientSession>(io, cc, i)->start(listener.endpoint(), &client_done, &client_errors);
  const auto start = std::chrono::steady_clock::now();
  const bool finished = run_until(
      io, [&] { return client_done + static_cast<int>(client_errors.size()) == kConnections &&
                       server_done + server_failed == kConnections; },
      std::chrono::seconds(150));
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - start).count();
  EXPECT_TRUE(finished) << "clients done " << client_done << ", servers done " << server_done;
  EXPECT_EQ(client_done, kConnections);
  EXPECT_EQ(server_done, kConnections);
  EXPECT_EQ(server_failed, 0);
  for (size_t i = 0; i < client_errors.size() && i < 5; ++i) ADD_FAILURE() << client_errors[i];
  std::printf("%d connections (handshake, 1 KiB echo, close_notify both ways) in %lld ms\n",
              kConnections, static_cast<long long>(ms));
}

}  // namespace
}  // namespace tlskit::asio_test
