// What the asio tests share: a small PKI made with the openssl command (once per build), configs
// for a tlskit client and server over it, and bounded ways to run an io_context.
#pragma once
#include <asio.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "tlskit/asio.h"

namespace tlskit::asio_test {

using tcp = ::asio::ip::tcp;
using tls_stream = tlskit::asio::stream<tcp::socket>;

// The files of the test PKI: a root, a leaf for localhost / 127.0.0.1 (chain: leaf and an
// intermediate), and a second, unrelated root (the "wrong trust" of failure tests).
struct Pki {
  std::string dir;
  std::string root_pem;
  std::string other_root_pem;
  std::string chain_pem;  // leaf + intermediate
  std::string key_pem;
};

// The PKI of this test binary (made on first use; aborts when the openssl command fails).
const Pki& pki();

// A server config for the leaf; versions min..max.
std::shared_ptr<const Config> server_config(ProtocolVersion max = ProtocolVersion::tls1_3,
                                            ProtocolVersion min = ProtocolVersion::tls1_2);
// A client config trusting trust_pem (default: the PKI's root), server name "localhost".
std::shared_ptr<const Config> client_config(ProtocolVersion max = ProtocolVersion::tls1_3,
                                            const std::string& trust_pem = "",
                                            ProtocolVersion min = ProtocolVersion::tls1_2);

// Runs io until done() or limit elapsed (restarting it when it ran out of work); returns done().
bool run_until(::asio::io_context& io, const std::function<bool()>& done,
               std::chrono::milliseconds limit = std::chrono::seconds(30));

// A listening socket on 127.0.0.1 with a kernel-chosen port.
struct Listener {
  explicit Listener(::asio::io_context& io);
  uint16_t port() const { return acceptor.local_endpoint().port(); }
  tcp::endpoint endpoint() const { return acceptor.local_endpoint(); }
  tcp::acceptor acceptor;
};

// A connected pair of TCP sockets on loopback (client end, server end), made synchronously.
std::pair<tcp::socket, tcp::socket> socket_pair(::asio::io_context& io);

// Deterministic test data: n bytes depending on seed.
std::string pattern(size_t n, unsigned seed);

}  // namespace tlskit::asio_test
