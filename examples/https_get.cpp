// https_get HOST:PORT SERVERNAME CAFILE: a verified TLS connection over a blocking socket, one
// line with the negotiated version and cipher suite, then `GET / HTTP/1.0` and the response.
// Build: g++ -std=c++20 https_get.cpp $(pkg-config --cflags --libs tlskit)
#include <netdb.h>
#include <sys/socket.h>
#include <tlskit/tlskit.h>
#include <unistd.h>

#include <cstdio>
#include <string>

// Connects a TCP socket to host:port; -1 on failure.
static int connect_tcp(const std::string& host, const std::string& port) {
  addrinfo hints{}, *res = nullptr;
  hints.ai_socktype = SOCK_STREAM;
  if (getaddrinfo(host.c_str(), port.c_str(), &hints, &res) != 0) return -1;
  int fd = -1;
  for (addrinfo* a = res; a && fd < 0; a = a->ai_next) {
    fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    if (fd >= 0 && connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
      close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(res);
  return fd;
}

// Sends everything the connection has queued (records, alerts).
static bool flush(tlskit::Connection& c, int fd) {
  while (!c.pending_output().empty()) {
    auto out = c.pending_output();
    ssize_t n = send(fd, out.data(), out.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    c.consume_output(static_cast<size_t>(n));
  }
  return true;
}

// Reads once from the socket into the connection; false at EOF or on an error.
static bool receive(tlskit::Connection& c, int fd) {
  uint8_t buf[16384];
  ssize_t n = recv(fd, buf, sizeof buf, 0);
  if (n <= 0) {
    (void)c.feed_eof();  // an error here (no close_notify) only matters to the caller's check
    return false;
  }
  return c.feed(tlskit::ByteView(buf, static_cast<size_t>(n))).ok();
}

// Prints what failed and the connection's error; returns the exit code 1.
static int fail(const tlskit::Connection& c, const char* what) {
  std::fprintf(stderr, "https_get: %s%s%s\n", what, c.error() ? ": " : "",
               c.error() ? c.error()->to_string().c_str() : "");
  return 1;
}

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: https_get HOST:PORT SERVERNAME CAFILE\n");
    return 2;
  }
  std::string target = argv[1];
  size_t colon = target.rfind(':');
  if (colon == std::string::npos) return std::fprintf(stderr, "https_get: HOST:PORT\n"), 2;

  auto verifier = tlskit::make_ca_file_verifier(argv[3]);
  if (!verifier) return std::fprintf(stderr, "%s\n", verifier.error().to_string().c_str()), 1;
  tlskit::ClientSettings settings;
  settings.verifier = *verifier;
  auto config = tlskit::ClientConfig::build(settings);  // validated once; shareable
  if (!config) return std::fprintf(stderr, "%s\n", config.error().to_string().c_str()), 1;
  tlskit::ConnectOptions options;
  options.server_name = argv[2];  // SNI and the host name the certificate must cover
  auto conn = tlskit::Connection::client(*config, options);
  if (!conn) return std::fprintf(stderr, "%s\n", conn.error().to_string().c_str()), 1;
  tlskit::Connection& c = **conn;

  int fd = connect_tcp(target.substr(0, colon), target.substr(colon + 1));
  if (fd < 0) return std::fprintf(stderr, "https_get: cannot connect to %s\n", argv[1]), 1;
  while (!c.handshake_complete()) {
    if (!flush(c, fd) || !receive(c, fd)) {
      flush(c, fd);  // the alert, if any
      return fail(c, "handshake failed");
    }
  }
  std::printf("%s %s\n", tlskit::version_name(*c.info().version).c_str(),
              tlskit::cipher_suite_name(*c.info().cipher_suite).c_str());

  std::string request = "GET / HTTP/1.0\r\nHost: " + std::string(argv[2]) + "\r\n\r\n";
  if (!c.write(tlskit::as_bytes(request)).ok() || !flush(c, fd)) return fail(c, "write failed");
  for (bool open = true; open && !c.peer_closed();) {
    open = receive(c, fd);
    auto data = c.readable_view();
    std::fwrite(data.data(), 1, data.size(), stdout);
    c.consume_read(data.size());
  }
  c.close();
  flush(c, fd);
  close(fd);
  return 0;
}
