// Completion tokens other than callbacks: asio::use_future, asio::experimental::deferred and, when
// the compiler has coroutines, asio::use_awaitable (with a read cancelled by a timer through
// awaitable operators).
#include <gtest/gtest.h>

#include <asio/experimental/deferred.hpp>
#include <future>
#include <optional>
#include <thread>

#include "asio_test_env.h"

#if defined(ASIO_HAS_CO_AWAIT)
#include <asio/experimental/awaitable_operators.hpp>
#endif

namespace tlskit::asio_test {
namespace {

// Runs io on a thread until it runs out of work (at most limit; then stops it). Operations are
// started before, so the stream is only ever used from one thread at a time.
bool run_on_thread(::asio::io_context& io, std::chrono::seconds limit) {
  io.restart();
  std::thread t([&] { io.run_for(limit); });
  t.join();
  return io.stopped();
}

template <typename T>
bool ready(std::future<T>& f) {
  return f.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

TEST(AsioTokens, UseFuture) {
  ::asio::io_context io;
  auto sockets = socket_pair(io);
  tls_stream client(std::move(sockets.first), client_config(), tls_stream::client);
  tls_stream server(std::move(sockets.second), server_config(), tls_stream::server);
  std::future<void> c = client.async_handshake(tls_stream::client, ::asio::use_future);
  std::future<void> s = server.async_handshake(tls_stream::server, ::asio::use_future);
  ASSERT_TRUE(run_on_thread(io, std::chrono::seconds(30)));
  ASSERT_TRUE(ready(c) && ready(s));
  EXPECT_NO_THROW(c.get());
  EXPECT_NO_THROW(s.get());

  const std::string msg = "through futures";
  std::string got(msg.size(), '\0');
  std::future<size_t> w = ::asio::async_write(client, ::asio::buffer(msg), ::asio::use_future);
  std::future<size_t> r = ::asio::async_read(server, ::asio::buffer(got), ::asio::use_future);
  ASSERT_TRUE(run_on_thread(io, std::chrono::seconds(30)));
  ASSERT_TRUE(ready(w) && ready(r));
  EXPECT_EQ(w.get(), msg.size());
  EXPECT_EQ(r.get(), msg.size());
  EXPECT_EQ(got, msg);
}

// A failed handshake through a future throws std::system_error with the detailed code.
TEST(AsioTokens, UseFutureFailureThrowsTheDetailedCode) {
  ::asio::io_context io;
  auto sockets = socket_pair(io);
  tls_stream client(std::move(sockets.first),
                    client_config(ProtocolVersion::tls1_3, pki().other_root_pem), tls_stream::client);
  tls_stream server(std::move(sockets.second), server_config(), tls_stream::server);
  std::future<void> c = client.async_handshake(tls_stream::client, ::asio::use_future);
  server.async_handshake(tls_stream::server, [](std::error_code) {});
  ASSERT_TRUE(run_on_thread(io, std::chrono::seconds(30)));
  ASSERT_TRUE(ready(c));
  try {
    c.get();
    ADD_FAILURE() << "no exception";
  } catch (const std::system_error& e) {
    EXPECT_EQ(e.code(), ErrorCode::certificate_invalid);
    EXPECT_NE(std::string(e.what()).find("not in the trust store"), std::string::npos) << e.what();
  }
}

TEST(AsioTokens, Deferred) {
  ::asio::io_context io;
  auto sockets = socket_pair(io);
  tls_stream client(std::move(sockets.first), client_config(), tls_stream::client);
  tls_stream server(std::move(sockets.second), server_config(), tls_stream::server);
  auto client_hs = client.async_handshake(tls_stream::client, ::asio::experimental::deferred);
  auto server_hs = server.async_handshake(tls_stream::server, ::asio::experimental::deferred);
  std::optional<std::error_code> c, s;
  std::move(client_hs)([&](std::error_code ec) { c = ec; });
  std::move(server_hs)([&](std::error_code ec) { s = ec; });
  ASSERT_TRUE(run_until(io, [&] { return c && s; }));
  EXPECT_FALSE(*c) << c->message();
  EXPECT_FALSE(*s) << s->message();
}

#if defined(ASIO_HAS_CO_AWAIT)
using ::asio::awaitable;
using ::asio::use_awaitable;

awaitable<std::string> server_side(tls_stream& server) {
  co_await server.async_handshake(tls_stream::server, use_awaitable);
  std::string line(5, '\0');
  co_await ::asio::async_read(server, ::asio::buffer(line), use_awaitable);
  co_await ::asio::async_write(server, ::asio::buffer(line), use_awaitable);
  // Nothing more comes for a while: a read raced against a timer is cancelled, and the stream
  // still works afterwards.
  using namespace ::asio::experimental::awaitable_operators;
  ::asio::steady_timer timer(server.get_executor(), std::chrono::milliseconds(50));
  std::array<char, 8> buf{};
  auto first = co_await (server.async_read_some(::asio::buffer(buf), use_awaitable) ||
                         timer.async_wait(use_awaitable));
  if (first.index() != 1) co_return "the read won the race";
  std::string last(4, '\0');
  co_await ::asio::async_read(server, ::asio::buffer(last), use_awaitable);
  co_return line + last;
}

awaitable<void> client_side(tls_stream& client) {
  co_await client.async_handshake(tls_stream::client, use_awaitable);
  co_await ::asio::async_write(client, ::asio::buffer(std::string("hello")), use_awaitable);
  std::string back(5, '\0');
  co_await ::asio::async_read(client, ::asio::buffer(back), use_awaitable);
  ::asio::steady_timer timer(client.get_executor(), std::chrono::milliseconds(200));
  co_await timer.async_wait(use_awaitable);
  co_await ::asio::async_write(client, ::asio::buffer(std::string("done")), use_awaitable);
}

TEST(AsioTokens, UseAwaitableWithATimeoutRace) {
  ::asio::io_context io;
  auto sockets = socket_pair(io);
  tls_stream client(std::move(sockets.first), client_config(), tls_stream::client);
  tls_stream server(std::move(sockets.second), server_config(), tls_stream::server);
  std::optional<std::string> server_result;
  bool client_done = false;
  std::string failure;
  ::asio::co_spawn(io, server_side(server), [&](std::exception_ptr e, std::string r) {
    if (e) failure = "server threw";
    server_result = r;
  });
  ::asio::co_spawn(io, client_side(client), [&](std::exception_ptr e) {
    if (e) failure = "client threw";
    client_done = true;
  });
  ASSERT_TRUE(run_until(io, [&] { return server_result && client_done; }));
  EXPECT_EQ(failure, "");
  EXPECT_EQ(*server_result, "hellodone");
}
#else
TEST(AsioTokens, UseAwaitableWithATimeoutRace) {
  GTEST_SKIP() << "this compiler and standard library give asio no coroutines (ASIO_HAS_CO_AWAIT)";
}
#endif

}  // namespace
}  // namespace tlskit::asio_test
