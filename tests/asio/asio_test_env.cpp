// The asio tests' PKI (made with the openssl command, cached per build by tests/pki_cache.h),
// configs over it, and the bounded io_context runner.
#include "asio_test_env.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>

#include "../pki_cache.h"

namespace tlskit::asio_test {
namespace {

bool run(const std::string& cmd) {
  const std::string full = std::string(TLSKIT_OPENSSL_CLI) + " " + cmd + " >/dev/null 2>&1";
  if (std::system(full.c_str()) == 0) return true;
  std::fprintf(stderr, "asio test PKI: failed: %s\n", full.c_str());
  return false;
}

bool write_file(const std::string& path, const std::string& text) {
  std::ofstream f(path);
  f << text;
  return static_cast<bool>(f);
}

bool concat(const std::string& a, const std::string& b, const std::string& out) {
  std::ifstream fa(a), fb(b);
  std::ofstream f(out);
  f << fa.rdbuf() << fb.rdbuf();
  return static_cast<bool>(f);
}

// Writes root, intermediate, leaf (localhost, 127.0.0.1) and a second root into dir.
bool make_pki(const std::string& dir) {
  const std::string ec = "genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ";
  auto p = [&](const std::string& n) { return dir + "/" + n; };
  auto root = [&](const std::string& name, const std::string& cn) {
    return run(ec + p(name + ".key")) &&
           run("req -x509 -new -key " + p(name + ".key") + " -subj '/CN=" + cn +
               "' -days 3650 -set_serial 1 -addext basicConstraints=critical,CA:true"
               " -addext keyUsage=critical,keyCertSign,cRLSign -out " + p(name + ".pem"));
  };
  auto issue = [&](const std::string& name, const std::string& cn, const std::string& ca,
                   int serial, const std::string& ext) {
    return write_file(p(name + ".ext"), ext) && run(ec + p(name + ".key")) &&
           run("req -new -key " + p(name + ".key") + " -subj '/CN=" + cn + "' -out " +
               p(name + ".csr")) &&
           run("x509 -req -in " + p(name + ".csr") + " -CA " + p(ca + ".pem") + " -CAkey " +
               p(ca + ".key") + " -set_serial " + std::to_string(serial) +
               " -days 3650 -extfile " + p(name + ".ext") + " -out " + p(name + ".pem"));
  };
  return root("root", "tlskit asio test root") && root("other-root", "tlskit asio other root") &&
         issue("int", "tlskit asio test intermediate", "root", 2,
               "basicConstraints=critical,CA:true\nkeyUsage=critical,keyCertSign,cRLSign\n") &&
         issue("leaf", "localhost", "int", 3,
               "basicConstraints=CA:false\nkeyUsage=critical,digitalSignature\n"
               "extendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n") &&
         concat(p("leaf.pem"), p("int.pem"), p("chain.pem"));
}

std::shared_ptr<const CertifiedKey> leaf_key() {
  static std::once_flag once;
  static std::shared_ptr<const CertifiedKey> key;
  std::call_once(once, [] {
    auto k = CertifiedKey::load_pem_files(pki().chain_pem, pki().key_pem);
    if (!k) {
      std::fprintf(stderr, "asio test PKI: %s\n", k.error().to_string().c_str());
      std::abort();
    }
    key = std::make_shared<const CertifiedKey>(std::move(*k));
  });
  return key;
}

}  // namespace

const Pki& pki() {
  static const Pki p = [] {
    Pki r;
    // Made once per build and shared by the test processes (tests/pki_cache.h); version 1.
    r.dir = testcache::cached_pki("asio", 1, make_pki);
    r.root_pem = r.dir + "/root.pem";
    r.other_root_pem = r.dir + "/other-root.pem";
    r.chain_pem = r.dir + "/chain.pem";
    r.key_pem = r.dir + "/leaf.key";
    return r;
  }();
  return p;
}

std::shared_ptr<const Config> server_config(ProtocolVersion max, ProtocolVersion min) {
  auto c = std::make_shared<Config>();
  c->certificates.push_back(leaf_key());
  c->min_version = min;
  c->max_version = max;
  return c;
}

std::shared_ptr<const Config> client_config(ProtocolVersion max, const std::string& trust_pem,
                                            ProtocolVersion min) {
  auto c = std::make_shared<Config>();
  auto v = make_ca_file_verifier(trust_pem.empty() ? pki().root_pem : trust_pem);
  if (!v) {
    ADD_FAILURE() << v.error().to_string();
    return c;
  }
  c->verifier = *v;
  c->server_name = "localhost";
  c->min_version = min;
  c->max_version = max;
  return c;
}

bool run_until(::asio::io_context& io, const std::function<bool()>& done,
               std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done() && std::chrono::steady_clock::now() < deadline) {
    if (io.stopped()) io.restart();
    io.run_for(std::chrono::milliseconds(20));
  }
  return done();
}

Listener::Listener(::asio::io_context& io)
    : acceptor(io, tcp::endpoint(::asio::ip::address_v4::loopback(), 0)) {}

std::pair<tcp::socket, tcp::socket> socket_pair(::asio::io_context& io) {
  Listener l(io);
  tcp::socket client(io);
  client.connect(l.endpoint());  // completes from the listen backlog, before accept
  tcp::socket server = l.acceptor.accept();
  client.set_option(tcp::no_delay(true));
  server.set_option(tcp::no_delay(true));
  return {std::move(client), std::move(server)};
}

std::string pattern(size_t n, unsigned seed) {
  std::string s(n, '\0');
  uint32_t x = seed * 2654435761u + 1;
  for (size_t i = 0; i < n; ++i) {
    x = x * 1664525u + 1013904223u;
    s[i] = static_cast<char>(x >> 24);
  }
  return s;
}

}  // namespace tlskit::asio_test
