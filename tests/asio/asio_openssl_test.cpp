// Interop on 127.0.0.1: the asio client against a real `openssl s_server -www`, and a real
// `openssl s_client` against the asio server; TLS 1.3 and 1.2. The openssl processes listen on
// a port the kernel picks (s_server prints it), and are stopped by PID.
#include <gtest/gtest.h>

#include <optional>
#include <regex>

#include "asio_test_env.h"
#include "openssl_process.h"

namespace tlskit::asio_test {
namespace {

constexpr auto kStartLimit = std::chrono::seconds(10);

class AsioOpenssl : public ::testing::TestWithParam<ProtocolVersion> {
 protected:
  std::string version_flag() const {
    return GetParam() == ProtocolVersion::tls1_3 ? "-tls1_3" : "-tls1_2";
  }
};

// GET / from `openssl s_server -www`; its status page ends with close_notify, which is eof.
TEST_P(AsioOpenssl, AsioClientAgainstOpensslServer) {
  OpensslProcess server({"s_server", "-accept", "127.0.0.1:0", "-cert", pki().dir + "/leaf.pem",
                         "-cert_chain", pki().dir + "/int.pem", "-key", pki().key_pem,
                         "-naccept", "1", "-www", version_flag()});
  ASSERT_TRUE(server.started());
  ASSERT_TRUE(server.wait_for_output("ACCEPT", kStartLimit)) << server.output();
  std::smatch m;
  const std::string out = server.output();
  ASSERT_TRUE(std::regex_search(out, m, std::regex("ACCEPT [^\\n]*:([0-9]+)"))) << out;
  const auto port = static_cast<uint16_t>(std::stoi(m[1]));

  ::asio::io_context io;
  tls_stream client(io, client_config(GetParam()), tls_stream::client);
  std::optional<std::error_code> connected, hs, wrote, read;
  std::string response;
  const std::string request = "GET / HTTP/1.0\r\n\r\n";
  client.lowest_layer().async_connect(
      tcp::endpoint(::asio::ip::address_v4::loopback(), port), [&](std::error_code ec) {
        connected = ec;
        if (ec) return;
        client.async_handshake(tls_stream::client, [&](std::error_code hec) {
          hs = hec;
          if (hec) return;
          ::asio::async_write(client, ::asio::buffer(request), [&](std::error_code wec, size_t) {
            wrote = wec;
            if (wec) return;
            ::asio::async_read(client, ::asio::dynamic_buffer(response),
                               [&](std::error_code rec, size_t) { read = rec; });
          });
        });
      });
  ASSERT_TRUE(run_until(io, [&] { return read || (connected && *connected) || (hs && *hs) ||
                                         (wrote && *wrote); }))
      << server.output();
  ASSERT_FALSE(*connected) << connected->message();
  ASSERT_FALSE(*hs) << hs->message() << "\n" << server.output();
  ASSERT_FALSE(*wrote) << wrote->message();
  EXPECT_EQ(*read, ::asio::error::eof) << read->message() << "\n" << server.output();
  EXPECT_NE(response.find("HTTP/1.0 200 ok"), std::string::npos) << response;
  EXPECT_EQ(client.connection()->info().version, GetParam());
  // The page lists what s_server negotiated; the protocol is on it.
  EXPECT_NE(response.find(GetParam() == ProtocolVersion::tls1_3 ? "TLSv1.3" : "TLSv1.2"),
            std::string::npos);
}

// `openssl s_client` sends a line; the asio server answers it and closes with close_notify.
TEST_P(AsioOpenssl, OpensslClientAgainstAsioServer) {
  ::asio::io_context io;
  Listener listener(io);
  std::optional<tls_stream> server;
  std::optional<std::error_code> hs, read, wrote, shut;
  std::string line(20, '\0');
  std::string reply;
  listener.acceptor.async_accept([&](std::error_code ec, tcp::socket s) {
    if (ec) return void(hs = ec);
    server.emplace(std::move(s), server_config(GetParam()), tls_stream::server);
    server->async_handshake(tls_stream::server, [&](std::error_code hec) {
      hs = hec;
      if (hec) return;
      ::asio::async_read(*server, ::asio::buffer(line), [&](std::error_code rec, size_t) {
        read = rec;
        if (rec) return;
        reply = "echo: " + line;
        ::asio::async_write(*server, ::asio::buffer(reply), [&](std::error_code wec, size_t) {
          wrote = wec;
          if (wec) return;
          server->async_shutdown([&](std::error_code sec) { shut = sec; });
        });
      });
    });
  });
  OpensslProcess client({"s_client", "-connect", "127.0.0.1:" + std::to_string(listener.port()),
                         "-servername", "localhost", "-CAfile", pki().root_pem,
                         "-verify_return_error", "-quiet", version_flag()});
  ASSERT_TRUE(client.started());
  ASSERT_TRUE(client.write_stdin("hello from s_client\n"));  // 20 bytes
  ASSERT_TRUE(run_until(io, [&] { return shut || (hs && *hs) || (read && *read) || (wrote && *wrote); }))
      << client.output();
  ASSERT_FALSE(*hs) << hs->message() << "\n" << client.output();
  ASSERT_FALSE(*read) << read->message();
  ASSERT_FALSE(*wrote) << wrote->message();
  // s_client answers our close_notify with its own (or just closes: eof); both end cleanly.
  EXPECT_TRUE(!*shut || *shut == ::asio::error::eof || *shut == ErrorCode::peer_closed)
      << shut->message();
  EXPECT_EQ(line, "hello from s_client\n");
  EXPECT_TRUE(client.wait_for_output("echo: hello from s_client", std::chrono::seconds(10)))
      << client.output();
  EXPECT_TRUE(client.wait_exit(std::chrono::seconds(10))) << "s_client did not exit after close_notify";
  EXPECT_EQ(server->connection()->info().version, GetParam());
}

INSTANTIATE_TEST_SUITE_P(Versions, AsioOpenssl,
                         ::testing::Values(ProtocolVersion::tls1_3, ProtocolVersion::tls1_2),
                         [](const auto& info) {
                           return info.param == ProtocolVersion::tls1_3 ? "TLS13" : "TLS12";
                         });

}  // namespace
}  // namespace tlskit::asio_test
