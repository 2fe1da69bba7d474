// asio_server PORT CERT_CHAIN KEY: a TLS echo server on tlskit::asio::stream, on 127.0.0.1
// (port 0: any free port; the port is printed). One io_context, completion callbacks, any
// number of clients at once: accept, handshake, echo what each client sends until its
// close_notify, answer with ours. Runs until killed.
#include <asio.hpp>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <tlskit/asio.h>

using tcp = asio::ip::tcp;
using tls_stream = tlskit::asio::stream<tcp::socket>;

// One client: the stream and its buffer live as long as an operation holds the session.
struct Session : std::enable_shared_from_this<Session> {
  tls_stream stream;
  char buf[16384];
  Session(tcp::socket socket, std::shared_ptr<const tlskit::ServerConfig> config)
      : stream(std::move(socket), std::move(config)) {}

  void start() {
    stream.async_handshake(tls_stream::server, [self = shared_from_this()](std::error_code ec) {
      if (ec) return std::fprintf(stderr, "handshake: %s\n", ec.message().c_str()), void();
      self->read();
    });
  }
  void read() {
    stream.async_read_some(asio::buffer(buf), [self = shared_from_this()](std::error_code ec, size_t n) {
      if (ec == asio::error::eof) return self->stream.async_shutdown([self](std::error_code) {});
      if (ec) return;  // a TLS error was already answered with its alert
      asio::async_write(self->stream, asio::buffer(self->buf, n),
                        [self](std::error_code wec, size_t) { if (!wec) self->read(); });
    });
  }
};

// Accepts forever, one Session per client.
void accept(tcp::acceptor& acceptor, const std::shared_ptr<const tlskit::ServerConfig>& config) {
  acceptor.async_accept([&acceptor, config](std::error_code ec, tcp::socket socket) {
    if (!ec) std::make_shared<Session>(std::move(socket), config)->start();
    accept(acceptor, config);
  });
}

int main(int argc, char** argv) {
  if (argc != 4) return std::fprintf(stderr, "usage: %s PORT CERT_CHAIN KEY\n", argv[0]), 2;
  auto key = tlskit::CertifiedKey::load_pem_files(argv[2], argv[3]);
  if (!key) return std::fprintf(stderr, "%s\n", key.error().to_string().c_str()), 1;
  tlskit::ServerSettings settings;
  settings.certificates.push_back(std::make_shared<const tlskit::CertifiedKey>(std::move(*key)));
  auto config = tlskit::ServerConfig::build(settings);  // validated once, shared by every stream
  if (!config) return std::fprintf(stderr, "%s\n", config.error().to_string().c_str()), 1;

  asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::address_v4::loopback(),
                                           static_cast<unsigned short>(std::atoi(argv[1]))));
  std::printf("listening on 127.0.0.1:%u\n", acceptor.local_endpoint().port());
  std::fflush(stdout);
  accept(acceptor, *config);
  io.run();
  return 0;
}
