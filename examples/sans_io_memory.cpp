// sans_io_memory CERT_CHAIN KEY CAFILE: a client and a server Connection talking in memory. The
// sans-I/O core never touches a socket: whatever one side puts in pending_output() the other is
// fed, so the same code runs under a socket, an event loop, or (here) a plain loop.
#include <tlskit/tlskit.h>

#include <cstdio>
#include <string>

// Moves what `from` has queued into `to`; false when `to` rejects it.
static bool shuttle(tlskit::Connection& from, tlskit::Connection& to) {
  auto out = from.pending_output();
  bool ok = out.empty() || to.feed(out).ok();
  from.consume_output(out.size());
  return ok;
}

// Drains and returns the application data a connection has decrypted.
static std::string take(tlskit::Connection& c) {
  auto data = c.readable_view();
  std::string s(data.begin(), data.end());
  c.consume_read(data.size());
  return s;
}

int main(int argc, char** argv) {
  if (argc != 4) return std::fprintf(stderr, "usage: sans_io_memory CERT_CHAIN KEY CAFILE\n"), 2;
  auto key = tlskit::CertifiedKey::load_pem_files(argv[1], argv[2]);
  auto verifier = tlskit::make_ca_file_verifier(argv[3]);
  if (!key || !verifier) return std::fprintf(stderr, "cannot load the certificates\n"), 1;

  tlskit::ServerSettings server_settings;
  server_settings.certificates.push_back(std::make_shared<const tlskit::CertifiedKey>(*key));
  tlskit::ClientSettings client_settings;
  client_settings.server_name = "localhost";
  client_settings.verifier = *verifier;
  auto server_config = tlskit::ServerConfig::build(server_settings);
  auto client_config = tlskit::ClientConfig::build(client_settings);
  if (!server_config || !client_config) return std::fprintf(stderr, "bad config\n"), 1;

  auto client = tlskit::Connection::client(*client_config);
  auto server = tlskit::Connection::server(*server_config);
  if (!client || !server) return std::fprintf(stderr, "cannot create the connections\n"), 1;
  tlskit::Connection& c = **client;
  tlskit::Connection& s = **server;

  // The handshake: bytes go back and forth until both sides are done (or one fails).
  for (int round = 0; round < 10 && !(c.handshake_complete() && s.handshake_complete()); ++round) {
    if (!shuttle(c, s) || !shuttle(s, c)) break;
  }
  if (!c.handshake_complete() || !s.handshake_complete()) {
    const auto& e = c.error() ? c.error() : s.error();
    return std::fprintf(stderr, "handshake failed: %s\n", e ? e->to_string().c_str() : "?"), 1;
  }
  std::printf("handshake: %s %s %s, verified %s\n", tlskit::version_name(*c.info().version).c_str(),
              tlskit::cipher_suite_name(*c.info().cipher_suite).c_str(),
              tlskit::group_name(*c.info().group).c_str(), c.info().peer_verified ? "yes" : "no");

  // Application data, both ways.
  if (!c.write(tlskit::as_bytes("ping")).ok() || !shuttle(c, s)) return 1;
  std::printf("server read: %s\n", take(s).c_str());
  if (!s.write(tlskit::as_bytes("pong")).ok() || !shuttle(s, c)) return 1;
  std::printf("client read: %s\n", take(c).c_str());

  c.close();  // close_notify
  if (!shuttle(c, s)) return 1;
  std::printf("server saw close_notify: %s\n", s.peer_closed() ? "yes" : "no");
  return 0;
}
