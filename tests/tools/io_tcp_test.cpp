// Tests of src/io/: the blocking TCP stream and listener on 127.0.0.1, and their error mapping.
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <thread>

#include "io/tcp.h"

namespace tlskit::io {
namespace {

TEST(HostPort, Parses) {
  auto a = parse_host_port("example.com:443");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->host, "example.com");
  EXPECT_EQ(a->port, 443);
  auto b = parse_host_port("[::1]:8443");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->host, "::1");
  EXPECT_EQ(b->port, 8443);
  auto c = parse_host_port("example.com", 443);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->port, 443);
  EXPECT_FALSE(parse_host_port("example.com").ok());
  EXPECT_FALSE(parse_host_port("example.com:0").ok());
  EXPECT_FALSE(parse_host_port("example.com:65536").ok());
  EXPECT_FALSE(parse_host_port("example.com:http").ok());
  EXPECT_FALSE(parse_host_port(":443").ok());
  EXPECT_EQ(parse_host_port("x:y").error().code, ErrorCode::config_invalid);
  EXPECT_TRUE(is_ip_literal("127.0.0.1"));
  EXPECT_TRUE(is_ip_literal("::1"));
  EXPECT_FALSE(is_ip_literal("localhost"));
}

TEST(Tcp, EchoReadTimeoutAndEof) {
  auto l = TcpListener::listen("127.0.0.1", 0);
  ASSERT_TRUE(l.ok()) << l.error().to_string();
  uint16_t port = l->port();
  ASSERT_NE(port, 0);
  std::thread server([&] {
    auto a = l->accept(5000);
    ASSERT_TRUE(a.ok());
    ASSERT_TRUE(a->has_value());
    TcpStream s = std::move(**a);
    uint8_t buf[64];
    auto n = s.read(buf, 5000);
    ASSERT_TRUE(n.ok());
    ASSERT_TRUE(s.write_all(ByteView(buf, *n), 5000).ok());
    // Wait for the client to finish its timeout test, then close.
    auto m = s.read(buf, 5000);
    (void)m;
  });
  auto c = TcpStream::connect("127.0.0.1", port, 5000);
  ASSERT_TRUE(c.ok()) << c.error().to_string();
  EXPECT_EQ(c->peer_address(), "127.0.0.1:" + std::to_string(port));
  ASSERT_TRUE(c->write_all(as_bytes("hello"), 5000).ok());
  uint8_t buf[64];
  auto n = c->read(buf, 5000);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(std::string(reinterpret_cast<char*>(buf), *n), "hello");
  auto t = c->read(buf, 50);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, ErrorCode::timeout);
  EXPECT_EQ(t.error().party, Party::network);
  c->shutdown_write();
  server.join();
  auto eof = c->read(buf, 5000);
  ASSERT_TRUE(eof.ok());
  EXPECT_EQ(*eof, 0u);
}

TEST(Tcp, ConnectionRefused) {
  uint16_t port;
  {
    auto l = TcpListener::listen("127.0.0.1", 0);
    ASSERT_TRUE(l.ok());
    port = l->port();
  }  // closed: nothing listens there now
  auto c = TcpStream::connect("127.0.0.1", port, 2000);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, ErrorCode::connection_refused);
  EXPECT_EQ(c.error().party, Party::network);
  EXPECT_EQ(c.error().step, Step::connect);
}

TEST(Tcp, ResetIsReported) {
  auto l = TcpListener::listen("127.0.0.1", 0);
  ASSERT_TRUE(l.ok());
  auto c = TcpStream::connect("127.0.0.1", l->port(), 2000);
  ASSERT_TRUE(c.ok());
  auto a = l->accept(2000);
  ASSERT_TRUE(a.ok() && a->has_value());
  {
    // Close with RST: SO_LINGER with a zero timeout.
    linger lg{1, 0};
    setsockopt((*a)->fd(), SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    (*a)->close();
  }
  uint8_t buf[16];
  auto n = c->read(buf, 2000);
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error().code, ErrorCode::connection_reset);
}

TEST(Tcp, AcceptTimesOutWithNothing) {
  auto l = TcpListener::listen("127.0.0.1", 0);
  ASSERT_TRUE(l.ok());
  auto a = l->accept(20);
  ASSERT_TRUE(a.ok());
  EXPECT_FALSE(a->has_value());
  EXPECT_FALSE(TcpListener::listen("not-an-ip", 0).ok());
}

}  // namespace
}  // namespace tlskit::io
