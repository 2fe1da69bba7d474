// asio_client HOST:PORT SERVERNAME CAFILE: https_get.cpp on asio. A verified client on
// tlskit::asio::stream with completion callbacks: resolve, connect, handshake, one line with the
// negotiated version and cipher suite, `GET / HTTP/1.0`, the response up to the server's
// close_notify, then our own close_notify. Exit code 0 on success, 1 on any failure.
#include <asio.hpp>
#include <cstdio>
#include <string>
#include <tlskit/asio.h>

using tcp = asio::ip::tcp;
using tls_stream = tlskit::asio::stream<tcp::socket>;

// Prints what failed; the message of a tlskit error_code is the whole diagnosis line.
static void fail(const char* what, const std::error_code& ec) {
  std::fprintf(stderr, "%s: %s\n", what, ec.message().c_str());
}

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s HOST:PORT SERVERNAME CAFILE\n", argv[0]);
    return 2;
  }
  const std::string target = argv[1];
  const size_t colon = target.rfind(':');
  if (colon == std::string::npos) return std::fprintf(stderr, "HOST:PORT expected\n"), 2;
  auto verifier = tlskit::make_ca_file_verifier(argv[3]);
  if (!verifier) return std::fprintf(stderr, "%s\n", verifier.error().to_string().c_str()), 1;
  tlskit::ClientSettings settings;
  settings.verifier = *verifier;
  auto config = tlskit::ClientConfig::build(settings);  // validated once; share it
  if (!config) return std::fprintf(stderr, "%s\n", config.error().to_string().c_str()), 1;
  tlskit::ConnectOptions options;
  options.server_name = argv[2];  // SNI and the name the certificate must carry

  asio::io_context io;
  tcp::resolver resolver(io);
  tls_stream stream(io, *config, options);
  const std::string request = "GET / HTTP/1.0\r\nHost: " + std::string(argv[2]) + "\r\n\r\n";
  std::string response;
  bool ok = false;

  resolver.async_resolve(target.substr(0, colon), target.substr(colon + 1),
                         [&](std::error_code ec, tcp::resolver::results_type endpoints) {
    if (ec) return fail("resolve", ec);
    asio::async_connect(stream.lowest_layer(), endpoints, [&](std::error_code cec, const tcp::endpoint&) {
      if (cec) return fail("connect", cec);
      stream.async_handshake(tls_stream::client, [&](std::error_code hec) {
        if (hec) return fail("handshake", hec);
        const auto& info = stream.connection()->info();
        if (!info.version || !info.cipher_suite) return fail("handshake", {});
        std::printf("%s %s\n", tlskit::version_name(*info.version).c_str(),
                    tlskit::cipher_suite_name(*info.cipher_suite).c_str());
        asio::async_write(stream, asio::buffer(request), [&](std::error_code wec, size_t) {
          if (wec) return fail("write", wec);
          // Reads until the server's close_notify, which asio reports as eof.
          asio::async_read(stream, asio::dynamic_buffer(response), [&](std::error_code rec, size_t) {
            if (rec != asio::error::eof) return fail("read", rec);
            std::fwrite(response.data(), 1, response.size(), stdout);
            stream.async_shutdown([&](std::error_code sec) {
              if (sec) return fail("shutdown", sec);
              ok = true;
            });
          });
        });
      });
    });
  });
  io.run_for(std::chrono::seconds(30));  // every step above, with one deadline
  return ok ? 0 : 1;
}
