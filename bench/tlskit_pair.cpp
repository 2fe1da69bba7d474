// The tlskit side of the benchmark: a tlskit client and server in this thread over the sans-I/O
// Connection API (include/tlskit/connection.h): the harness hands each side's pending_output()
// to the other's feed(). Configured like the libssl side: one suite, X25519, the client
// verifies the chain and the host name.
#include <cstdio>
#include <cstring>

#include "base/clock.h"
#include "bench_common.h"
#include "session/ticket_keys.h"
#include "tlskit/config.h"
#include "tlskit/connection.h"
#include "tlskit_verifier.h"

namespace bench {
namespace {

using tlskit::ByteView;
using tlskit::Connection;

// The most flights a handshake may take before we call it stuck.
constexpr int kMaxHandshakeSteps = 32;

class TlskitEstablished final : public Established {
 public:
  TlskitEstablished(std::unique_ptr<Connection> client, std::unique_ptr<Connection> server)
      : client_(std::move(client)), server_(std::move(server)) {}

  bool client_to_server(const uint8_t* data, size_t len, uint8_t* out, bool zero_copy) override {
    auto w = client_->write(ByteView(data, len));
    if (!w) return report("client write", w.error());
    ByteView wire = client_->pending_output();
    auto f = server_->feed(wire);
    if (!f) return report("server feed", f.error());
    client_->consume_output(wire.size());
    if (zero_copy) {
      // Connection::readable_view(): the record was decrypted straight into the read buffer.
      ByteView got = server_->readable_view();
      if (got.size() != len || (len && (got[0] != data[0] || got[len - 1] != data[len - 1]))) {
        std::fprintf(stderr, "tlskit: the server has %zu of %zu bytes ready\n", got.size(), len);
        return false;
      }
      server_->consume_read(len);
      return true;
    }
    size_t got = 0;
    while (got < len) {
      size_t n = server_->read(tlskit::MutableByteView(out + got, len - got));
      if (n == 0) {
        std::fprintf(stderr, "tlskit: the server read %zu of %zu bytes\n", got, len);
        return false;
      }
      got += n;
    }
    return true;
  }
  void drop_client() override { client_.reset(); }
  void drop_server() override { server_.reset(); }

 private:
  static bool report(const char* what, const tlskit::Error& e) {
    std::fprintf(stderr, "tlskit: %s: %s\n", what, e.to_string().c_str());
    return false;
  }
  std::unique_ptr<Connection> client_;
  std::unique_ptr<Connection> server_;
};

class TlskitStack final : public Stack {
 public:
  const char* name() const override { return "tlskit"; }
  const std::string& error() const override { return error_; }

  bool setup(const Pki& pki, const Scenario& s) override {
    resume_ = s.resume;
    tls13_resume_ = s.resume && !s.tls12;
    const tlskit::crypto::Provider& provider = tlskit::crypto::default_provider();
    auto ck = tlskit::CertifiedKey::load_pem_files(pki.server_chain(s.cert),
                                                   pki.server_key(s.cert), provider);
    if (!ck) return fail("server certificate: " + ck.error().to_string());
    std::string verr;
    auto verifier = make_tlskit_verifier(pki.client_root(s), &verr);
    if (!verifier) return fail("client verifier: " + verr);

    tlskit::CipherSuite suite;
    if (s.tls12) {
      bool ecdsa = s.cert == CertType::ecdsa_p256;
      suite = s.aead == Aead::aes128gcm
                  ? (ecdsa ? tlskit::CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
                           : tlskit::CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)
                  : (ecdsa ? tlskit::CipherSuite::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256
                           : tlskit::CipherSuite::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256);
    } else {
      suite = s.aead == Aead::aes128gcm ? tlskit::CipherSuite::TLS_AES_128_GCM_SHA256
                                        : tlskit::CipherSuite::TLS_CHACHA20_POLY1305_SHA256;
    }
    auto base = [&](tlskit::Config& c) {
      // RFC 8879 certificate compression is on by default; libssl 3.0 has none.
      if (!s.cert_compression) c.certificate_compression.clear();
      c.min_version = c.max_version =
          s.tls12 ? tlskit::ProtocolVersion::tls1_2 : tlskit::ProtocolVersion::tls1_3;
      c.cipher_suites = {suite};
      // TLS 1.2 ECDSA certificates must use a curve the client lists (RFC 8422).
      if (s.tls12)
        c.groups = {tlskit::NamedGroup::x25519, tlskit::NamedGroup::secp256r1};
      else if (s.hybrid)
        c.groups = {tlskit::NamedGroup::X25519MLKEM768};
      else
        c.groups = {tlskit::NamedGroup::x25519};
    };
    auto server = std::make_shared<tlskit::Config>();
    base(*server);
    server->certificates.push_back(std::make_shared<const tlskit::CertifiedKey>(std::move(*ck)));
    auto client = std::make_shared<tlskit::Config>();
    base(*client);
    client->server_name = kServerName;
    client->verify_peer = true;
    client->verifier = std::move(verifier);
    if (s.resume) {
      // Session tickets (RFC 5077) sealed by the server; the client offers one session,
      // saved from a first full handshake, in every measured handshake.
      auto keys = tlskit::session::TicketKeys::create(
          provider, provider.system_rng(), tlskit::SystemClock::instance().unix_seconds());
      if (!keys) return fail("ticket keys: " + keys.error().to_string());
      server->ticket_keys = std::move(*keys);
      // TLS 1.3: as many tickets per handshake as libssl's server sends.
      server->tls13_tickets = kResumeTickets;
    }
    if (auto v = server->validate(true); !v) return fail("server config: " + v.error().to_string());
    if (auto v = client->validate(false); !v) return fail("client config: " + v.error().to_string());
    server_cfg_ = server;
    client_cfg_ = client;
    if (s.resume) {
      std::unique_ptr<Connection> c, srv;
      int64_t ignored = 0;
      if (!run_handshake(c, srv, &ignored)) return false;
      if (tls13_resume_ && !tickets_as_expected(*c)) return false;
      auto saved = c->session();
      if (!saved) return fail("no session to resume after the first handshake");
      client->resume_session = std::make_shared<const tlskit::Session>(std::move(*saved));
      client_cfg_ = client;
    }
    return true;
  }

  bool handshake(int64_t* server_ns) override {
    std::unique_ptr<Connection> client, server;
    if (!run_handshake(client, server, server_ns)) return false;
    if (resume_ && !(client->info().resumed && server->info().resumed))
      return fail("the session was not resumed");
    if (tls13_resume_ && !tickets_as_expected(*client)) return false;
    client.reset();
    int64_t t0 = thread_cpu_ns();
    server.reset();
    *server_ns += thread_cpu_ns() - t0;
    return true;
  }

  std::unique_ptr<Established> establish(bool /*release_buffers: no such mode*/) override {
    std::unique_ptr<Connection> client, server;
    int64_t ignored = 0;
    if (!run_handshake(client, server, &ignored)) return nullptr;
    return std::make_unique<TlskitEstablished>(std::move(client), std::move(server));
  }

 private:
  bool fail(std::string m) {
    error_ = std::move(m);
    return false;
  }
  bool fail(const char* what, const tlskit::Error& e) {
    return fail(std::string(what) + ": " + e.to_string());
  }

  // True when the client received exactly the kResumeTickets TLS 1.3 tickets the libssl
  // side gets; sets error() otherwise.
  bool tickets_as_expected(const Connection& client) {
    uint32_t n = client.info().tickets_received;
    if (n == static_cast<uint32_t>(kResumeTickets)) return true;
    return fail("the client received " + std::to_string(n) + " NewSessionTickets, expected " +
                std::to_string(kResumeTickets));
  }

  // Creates both sides and moves bytes until both finished the handshake and nothing is in
  // flight. Server-side calls (creation, feed, pending_output, consume_output) are timed.
  bool run_handshake(std::unique_ptr<Connection>& client, std::unique_ptr<Connection>& server,
                     int64_t* server_ns) {
    auto c = Connection::client(client_cfg_);
    if (!c) return fail("Connection::client", c.error());
    client = std::move(*c);
    int64_t t0 = thread_cpu_ns();
    auto s = Connection::server(server_cfg_);
    *server_ns += thread_cpu_ns() - t0;
    if (!s) return fail("Connection::server", s.error());
    server = std::move(*s);
    for (int step = 0; step < kMaxHandshakeSteps; ++step) {
      bool moved = false;
      ByteView to_server = client->pending_output();
      if (!to_server.empty()) {
        size_t n = to_server.size();
        t0 = thread_cpu_ns();
        auto r = server->feed(to_server);
        *server_ns += thread_cpu_ns() - t0;
        if (!r) return fail("server feed", r.error());
        client->consume_output(n);
        moved = true;
      }
      t0 = thread_cpu_ns();
      ByteView to_client = server->pending_output();
      *server_ns += thread_cpu_ns() - t0;
      if (!to_client.empty()) {
        size_t n = to_client.size();
        auto r = client->feed(to_client);
        if (!r) return fail("client feed", r.error());
        t0 = thread_cpu_ns();
        server->consume_output(n);
        *server_ns += thread_cpu_ns() - t0;
        moved = true;
      }
      if (client->handshake_complete() && server->handshake_complete() &&
          client->pending_output().empty() && server->pending_output().empty())
        return true;
      if (!moved) return fail("the handshake stalled: neither side has anything to send");
    }
    return fail("the handshake did not finish in " + std::to_string(kMaxHandshakeSteps) +
                " steps");
  }

  bool resume_ = false;
  bool tls13_resume_ = false;  // resumed TLS 1.3 handshakes: the ticket count is checked
  std::shared_ptr<const tlskit::Config> server_cfg_;
  std::shared_ptr<const tlskit::Config> client_cfg_;
  std::string error_;
};

}  // namespace

std::unique_ptr<Stack> make_tlskit_stack() { return std::make_unique<TlskitStack>(); }
const char* tlskit_stack_unavailable_reason() { return ""; }

}  // namespace bench
