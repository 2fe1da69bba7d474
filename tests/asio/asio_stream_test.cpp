// tlskit::asio::stream client against tlskit::asio::stream server on 127.0.0.1, with a real
// asio::io_context: handshakes (TLS 1.3 and 1.2), data both ways (1 MiB, full duplex),
// close_notify as eof, truncation, failures with their cause, cancellation, and the
// synchronous calls.
#include <gtest/gtest.h>

#include <array>
#include <optional>
#include <thread>

#include "asio_test_env.h"

namespace tlskit::asio_test {
namespace {

// Both ends of one TLS connection over loopback TCP.
struct Pair {
  explicit Pair(::asio::io_context& io, ProtocolVersion v = ProtocolVersion::tls1_3,
                std::shared_ptr<const Config> cc = nullptr)
      : Pair(io, socket_pair(io), cc ? cc : client_config(v), server_config(v)) {}
  Pair(::asio::io_context&, std::pair<tcp::socket, tcp::socket> s, std::shared_ptr<const Config> cc,
       std::shared_ptr<const Config> sc)
      : client(std::move(s.first), std::move(cc), tls_stream::client),
        server(std::move(s.second), std::move(sc), tls_stream::server) {}
  tls_stream client;
  tls_stream server;
};

// Runs both handshakes; returns their results (nullopt: no completion before the deadline).
std::pair<std::optional<std::error_code>, std::optional<std::error_code>> handshake(
    ::asio::io_context& io, Pair& p) {
  std::optional<std::error_code> c, s;
  p.client.async_handshake(tls_stream::client, [&](std::error_code ec) { c = ec; });
  p.server.async_handshake(tls_stream::server, [&](std::error_code ec) { s = ec; });
  run_until(io, [&] { return c && s; });
  return {c, s};
}

// Handshakes and expects success on both sides.
void expect_handshake(::asio::io_context& io, Pair& p) {
  auto [c, s] = handshake(io, p);
  ASSERT_TRUE(c && s) << "handshake did not complete within the deadline";
  ASSERT_FALSE(*c) << "client: " << c->message();
  ASSERT_FALSE(*s) << "server: " << s->message();
}

// Reads exactly n bytes from st (bounded); returns them, or what arrived and the error.
std::string read_exactly(::asio::io_context& io, tls_stream& st, size_t n, std::error_code* err) {
  std::string out(n, '\0');
  std::optional<std::error_code> done;
  size_t got = 0;
  ::asio::async_read(st, ::asio::buffer(out), [&](std::error_code ec, size_t k) {
    done = ec;
    got = k;
  });
  run_until(io, [&] { return done.has_value(); });
  if (err) *err = done.value_or(::asio::error::timed_out);
  out.resize(got);
  return out;
}

// Writes all of data to st (bounded); returns the error.
std::error_code write_all(::asio::io_context& io, tls_stream& st, const std::string& data) {
  std::optional<std::error_code> done;
  ::asio::async_write(st, ::asio::buffer(data), [&](std::error_code ec, size_t) { done = ec; });
  run_until(io, [&] { return done.has_value(); });
  return done.value_or(::asio::error::timed_out);
}

class AsioStreamVersions : public ::testing::TestWithParam<ProtocolVersion> {};

TEST_P(AsioStreamVersions, HandshakeAndDataBothWays) {
  ::asio::io_context io;
  Pair p(io, GetParam());
  expect_handshake(io, p);
  EXPECT_EQ(p.client.connection()->info().version, GetParam());
  EXPECT_EQ(p.server.connection()->info().version, GetParam());
  ASSERT_TRUE(p.client.connection()->info().peer_verify);
  EXPECT_TRUE(p.client.connection()->info().peer_verify->ok);

  std::error_code ec;
  ASSERT_FALSE(write_all(io, p.client, "ping from the client"));
  EXPECT_EQ(read_exactly(io, p.server, 20, &ec), "ping from the client");
  EXPECT_FALSE(ec) << ec.message();
  ASSERT_FALSE(write_all(io, p.server, "pong from the server"));
  EXPECT_EQ(read_exactly(io, p.client, 20, &ec), "pong from the server");
  EXPECT_FALSE(ec) << ec.message();
}

// 1 MiB from the client, echoed by the server while the client is still writing: the client
// has a read and a write pending at once (full duplex). The server also asks for a KeyUpdate
// now and then, so the client's answer goes out while its own writes are on the wire.
TEST_P(AsioStreamVersions, OneMebibyteEchoedFullDuplex) {
  ::asio::io_context io;
  Pair p(io, GetParam());
  expect_handshake(io, p);
  const std::string data = pattern(1 << 20, 7);

  // The server echoes every chunk it reads, until it has echoed all of it.
  std::array<char, 10000> chunk{};
  size_t echoed = 0;
  int chunks = 0;
  std::optional<std::error_code> server_done;
  std::function<void()> echo = [&] {
    p.server.async_read_some(::asio::buffer(chunk), [&](std::error_code ec, size_t n) {
      if (ec) return void(server_done = ec);
      ::asio::async_write(p.server, ::asio::buffer(chunk.data(), n),
                          [&, n](std::error_code wec, size_t) {
                            if (wec) return void(server_done = wec);
                            echoed += n;
                            if (echoed == data.size()) return void(server_done = wec);
                            if (GetParam() == ProtocolVersion::tls1_3 && ++chunks % 16 == 0) {
                              auto r = p.server.connection()->key_update(true);
                              if (!r) return void(server_done = tlskit::asio::make_error_code(r.error()));
                            }
                            echo();
                          });
    });
  };
  echo();
  std::optional<std::error_code> wrote, read;
  std::string back(data.size(), '\0');
  ::asio::async_write(p.client, ::asio::buffer(data), [&](std::error_code ec, size_t) { wrote = ec; });
  ::asio::async_read(p.client, ::asio::buffer(back), [&](std::error_code ec, size_t) { read = ec; });
  ASSERT_TRUE(run_until(io, [&] { return wrote && read && server_done; }, std::chrono::seconds(60)));
  EXPECT_FALSE(*wrote) << wrote->message();
  EXPECT_FALSE(*read) << read->message();
  EXPECT_FALSE(*server_done) << server_done->message();
  EXPECT_TRUE(back == data) << "the echoed 1 MiB differs";
  if (GetParam() == ProtocolVersion::tls1_3) {
    EXPECT_GT(p.client.connection()->info().key_updates_received, 0u);
  }
}

TEST_P(AsioStreamVersions, ShutdownIsEofOnTheOtherSide) {
  ::asio::io_context io;
  Pair p(io, GetParam());
  expect_handshake(io, p);
  std::optional<std::error_code> client_shut, server_read, server_shut;
  std::array<char, 16> buf{};
  p.server.async_read_some(::asio::buffer(buf), [&](std::error_code ec, size_t) {
    server_read = ec;
    p.server.async_shutdown([&](std::error_code sec) { server_shut = sec; });
  });
  p.client.async_shutdown([&](std::error_code ec) { client_shut = ec; });
  ASSERT_TRUE(run_until(io, [&] { return client_shut && server_read && server_shut; }));
  EXPECT_EQ(*server_read, ::asio::error::eof) << server_read->message();
  EXPECT_FALSE(*server_shut) << server_shut->message();
  EXPECT_FALSE(*client_shut) << client_shut->message();  // it saw the server's close_notify
  EXPECT_TRUE(p.client.connection()->peer_closed());
  // Reading again still says eof, at once.
  std::error_code again;
  EXPECT_EQ(read_exactly(io, p.server, 1, &again), "");
  EXPECT_EQ(again, ::asio::error::eof);
}

INSTANTIATE_TEST_SUITE_P(Versions, AsioStreamVersions,
                         ::testing::Values(ProtocolVersion::tls1_3, ProtocolVersion::tls1_2),
                         [](const auto& info) {
                           return info.param == ProtocolVersion::tls1_3 ? "TLS13" : "TLS12";
                         });

TEST(AsioStream, TransportEofWithoutCloseNotifyIsATruncationError) {
  ::asio::io_context io;
  Pair p(io);
  expect_handshake(io, p);
  p.client.lowest_layer().close();
  std::error_code ec;
  read_exactly(io, p.server, 1, &ec);
  EXPECT_EQ(ec, tlskit::ErrorCode::peer_closed) << ec.message();
  EXPECT_EQ(ec.category(), tlskit::asio::error_category());
  EXPECT_NE(ec.message().find("without close_notify"), std::string::npos) << ec.message();
}

// A client that trusts another root: both ends get an error_code whose message names the cause.
TEST(AsioStream, WrongTrustFailsWithTheCauseInTheMessage) {
  ::asio::io_context io;
  Pair p(io, ProtocolVersion::tls1_3,
         client_config(ProtocolVersion::tls1_3, pki().other_root_pem));
  auto [c, s] = handshake(io, p);
  ASSERT_TRUE(c && s);
  ASSERT_TRUE(*c);
  EXPECT_EQ(*c, tlskit::ErrorCode::certificate_invalid) << c->message();
  ASSERT_TRUE(p.client.tls_error());
  EXPECT_EQ(c->message(), p.client.tls_error()->to_string());
  EXPECT_NE(c->message().find("certificate_invalid at certificate_validation (peer)"),
            std::string::npos)
      << c->message();
  EXPECT_NE(c->message().find("is not in the trust store"), std::string::npos) << c->message();
  EXPECT_NE(c->message().find(p.client.tls_error()->detail), std::string::npos);
  EXPECT_FALSE(p.client.tls_error()->detail.empty());
  // The server sees the client's alert, named in its message.
  ASSERT_TRUE(*s);
  EXPECT_EQ(*s, tlskit::ErrorCode::peer_alert) << s->message();
  EXPECT_NE(s->message().find(alert_name(p.client.tls_error()->alert)), std::string::npos)
      << s->message();
}

TEST(AsioStream, CancelledReadLeavesTheStreamUsable) {
  ::asio::io_context io;
  Pair p(io);
  expect_handshake(io, p);
  ::asio::cancellation_signal signal;
  std::array<char, 32> buf{};
  std::optional<std::error_code> first;
  p.client.async_read_some(::asio::buffer(buf),
                           ::asio::bind_cancellation_slot(signal.slot(), [&](std::error_code ec, size_t) {
                             first = ec;
                           }));
  io.restart();
  io.run_for(std::chrono::milliseconds(50));
  ASSERT_FALSE(first) << "the read completed without data: " << first->message();
  signal.emit(::asio::cancellation_type::total);
  ASSERT_TRUE(run_until(io, [&] { return first.has_value(); }, std::chrono::seconds(10)));
  EXPECT_EQ(*first, ::asio::error::operation_aborted);
  // Total cancellation has no side effects: the next read gets the next data.
  ASSERT_FALSE(write_all(io, p.server, "after the cancel"));
  std::error_code ec;
  EXPECT_EQ(read_exactly(io, p.client, 16, &ec), "after the cancel");
  EXPECT_FALSE(ec) << ec.message();
}

// The server end is a plain TCP socket that never answers: the handshake waits until cancelled.
TEST(AsioStream, CancelledHandshakeCompletesWithOperationAborted) {
  ::asio::io_context io;
  auto sockets = socket_pair(io);
  tls_stream client(std::move(sockets.first), client_config(), tls_stream::client);
  ::asio::cancellation_signal signal;
  std::optional<std::error_code> done;
  client.async_handshake(tls_stream::client,
                         ::asio::bind_cancellation_slot(signal.slot(), [&](std::error_code ec) {
                           done = ec;
                         }));
  io.run_for(std::chrono::milliseconds(50));
  ASSERT_FALSE(done);
  signal.emit(::asio::cancellation_type::terminal);
  ASSERT_TRUE(run_until(io, [&] { return done.has_value(); }, std::chrono::seconds(10)));
  EXPECT_EQ(*done, ::asio::error::operation_aborted);
}

TEST(AsioStream, RoleMismatchAndMissingConfigAreErrorsNotCrashes) {
  ::asio::io_context io;
  auto sockets = socket_pair(io);
  tls_stream client(std::move(sockets.first), client_config(), tls_stream::client);
  std::error_code ec;
  client.handshake(tls_stream::server, ec);
  EXPECT_EQ(ec, tlskit::ErrorCode::config_invalid);
  EXPECT_NE(ec.message().find("constructed as a client"), std::string::npos) << ec.message();

  tls_stream nothing(std::move(sockets.second), nullptr, tls_stream::server);
  EXPECT_EQ(nothing.connection(), nullptr);
  std::optional<std::error_code> done;
  nothing.async_handshake(tls_stream::server, [&](std::error_code e) { done = e; });
  EXPECT_FALSE(done) << "completed inside the initiating call";
  ASSERT_TRUE(run_until(io, [&] { return done.has_value(); }, std::chrono::seconds(5)));
  EXPECT_EQ(*done, tlskit::ErrorCode::config_invalid);
  EXPECT_NE(done->message().find("no Config"), std::string::npos) << done->message();
}

TEST(AsioStream, ReadBeforeTheHandshakeIsAnErrorAndEmptyReadsCompleteAtOnce) {
  ::asio::io_context io;
  Pair p(io);
  std::array<char, 8> buf{};
  std::error_code ec;
  EXPECT_EQ(p.server.read_some(::asio::buffer(buf), ec), 0u);
  EXPECT_EQ(ec, tlskit::ErrorCode::unexpected_message) << ec.message();
  EXPECT_EQ(p.server.read_some(::asio::buffer(buf, 0), ec), 0u);
  EXPECT_FALSE(ec);
  std::optional<std::error_code> done;
  p.client.async_read_some(::asio::mutable_buffer(), [&](std::error_code e, size_t) { done = e; });
  ASSERT_TRUE(run_until(io, [&] { return done.has_value(); }, std::chrono::seconds(5)));
  EXPECT_FALSE(*done);
  // The failed read did not break the stream: the handshake still works.
  expect_handshake(io, p);
}

// The blocking calls: a client thread with handshake / write_some / read_some / shutdown against
// the asynchronous server on the main thread.
TEST(AsioStream, SynchronousClientAgainstAsynchronousServer) {
  ::asio::io_context io;
  Pair p(io);
  std::optional<std::error_code> server_hs, server_read, server_shut;
  std::array<char, 64> buf{};
  size_t got = 0;
  p.server.async_handshake(tls_stream::server, [&](std::error_code ec) {
    server_hs = ec;
    if (ec) return;
    p.server.async_read_some(::asio::buffer(buf), [&](std::error_code rec, size_t n) {
      got = n;
      if (rec) return void(server_read = rec);
      ::asio::async_write(p.server, ::asio::buffer(buf.data(), n), [&](std::error_code, size_t) {
        p.server.async_read_some(::asio::buffer(buf), [&](std::error_code r2, size_t) {
          server_read = r2;  // eof: the client's close_notify
          p.server.async_shutdown([&](std::error_code s) { server_shut = s; });
        });
      });
    });
  });
  std::error_code hs, wr, rd, sh;
  std::string reply(11, '\0');
  std::thread client_thread([&] {
    p.client.handshake(tls_stream::client, hs);
    if (hs) return;
    ::asio::write(p.client, ::asio::buffer(std::string("sync hello!")), wr);
    ::asio::read(p.client, ::asio::buffer(reply), rd);
    p.client.shutdown(sh);
  });
  const bool done = run_until(io, [&] { return server_shut.has_value() || (server_hs && *server_hs); },
                              std::chrono::seconds(30));
  if (!done) p.server.lowest_layer().close();  // unblocks the client thread
  client_thread.join();
  ASSERT_TRUE(done);
  EXPECT_FALSE(hs) << hs.message();
  EXPECT_FALSE(wr) << wr.message();
  EXPECT_FALSE(rd) << rd.message();
  EXPECT_FALSE(sh) << sh.message();
  EXPECT_EQ(reply, "sync hello!");
  EXPECT_EQ(got, 11u);
  EXPECT_EQ(*server_read, ::asio::error::eof);
  EXPECT_FALSE(*server_shut) << server_shut->message();
}

// The throwing overloads throw asio's system_error carrying the same error_code.
TEST(AsioStream, ThrowingOverloadCarriesTheErrorCode) {
  ::asio::io_context io;
  auto sockets = socket_pair(io);
  tls_stream client(std::move(sockets.first), client_config(), tls_stream::client);
  try {
    client.handshake(tls_stream::server);
    ADD_FAILURE() << "no exception";
  } catch (const std::system_error& e) {
    EXPECT_EQ(e.code(), tlskit::ErrorCode::config_invalid);
    EXPECT_NE(std::string(e.what()).find("constructed as a client"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace tlskit::asio_test
