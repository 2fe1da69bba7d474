// echo_server PORT CERT_CHAIN KEY: a blocking TLS echo server on 127.0.0.1 (port 0: any free
// port), one client at a time; prints "listening on 127.0.0.1:PORT".
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <tlskit/tlskit.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

// Sends what the connection queued; false when the socket fails.
static bool flush(tlskit::Connection& c, int fd) {
  for (auto out = c.pending_output(); !out.empty(); out = c.pending_output()) {
    ssize_t n = send(fd, out.data(), out.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    c.consume_output(static_cast<size_t>(n));
  }
  return true;
}

// Echoes one client's data back until it closes or fails.
static void serve(std::shared_ptr<const tlskit::ServerConfig> config, int fd) {
  auto conn = tlskit::Connection::server(config);
  if (!conn) return;
  tlskit::Connection& c = **conn;
  uint8_t buf[16384];
  for (ssize_t n; !c.peer_closed() && (n = recv(fd, buf, sizeof buf, 0)) > 0;) {
    bool fed = c.feed(tlskit::ByteView(buf, static_cast<size_t>(n))).ok();
    auto data = c.readable_view();
    if (!data.empty() && c.write(data).ok()) c.consume_read(data.size());
    if (!flush(c, fd) || !fed) break;
  }
  c.close();
  flush(c, fd);
}

int main(int argc, char** argv) {
  if (argc != 4) return std::fprintf(stderr, "usage: echo_server PORT CERT_CHAIN KEY\n"), 2;
  auto key = tlskit::CertifiedKey::load_pem_files(argv[2], argv[3]);
  if (!key) return std::fprintf(stderr, "%s\n", key.error().to_string().c_str()), 1;
  tlskit::ServerSettings settings;
  settings.certificates.push_back(std::make_shared<const tlskit::CertifiedKey>(std::move(*key)));
  auto config = tlskit::ServerConfig::build(settings);
  if (!config) return std::fprintf(stderr, "%s\n", config.error().to_string().c_str()), 1;

  int ls = socket(AF_INET, SOCK_STREAM, 0), one = 1;
  setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(std::atoi(argv[1])));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (bind(ls, reinterpret_cast<sockaddr*>(&addr), len) != 0 || listen(ls, 16) != 0 ||
      getsockname(ls, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    return std::perror("echo_server: bind"), 1;
  std::printf("listening on 127.0.0.1:%u\n", ntohs(addr.sin_port));
  std::fflush(stdout);
  for (int fd; (fd = accept(ls, nullptr, nullptr)) >= 0; close(fd)) serve(*config, fd);
  return 0;
}
