// The libssl side of the benchmark: an OpenSSL client and server in this thread, over memory
// BIOs (the client's write BIO is the server's read BIO and the other way round, so bytes move
// without a copy by the harness). Configured like the tlskit side: one suite, X25519, the
// client verifies the chain and the host name, no session tickets for full handshakes.
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <cstdio>
#include <cstring>

#include "bench_common.h"

namespace bench {
namespace {

// The most flights a handshake may take before we call it stuck.
constexpr int kMaxHandshakeSteps = 32;

std::string openssl_errors() {
  std::string s;
  unsigned long e;
  char buf[256];
  while ((e = ERR_get_error()) != 0) {
    ERR_error_string_n(e, buf, sizeof buf);
    if (!s.empty()) s += "; ";
    s += buf;
  }
  return s.empty() ? "no OpenSSL error queued" : s;
}

struct SslFree {
  void operator()(SSL* s) const { SSL_free(s); }
};
struct CtxFree {
  void operator()(SSL_CTX* c) const { SSL_CTX_free(c); }
};
using SslPtr = std::unique_ptr<SSL, SslFree>;
using CtxPtr = std::unique_ptr<SSL_CTX, CtxFree>;

// Connects client and server through two shared memory BIOs. When keep is given, it receives
// one more reference to each BIO (the caller frees them with BIO_free).
bool wire_pair(SSL* client, SSL* server, BIO** keep = nullptr) {
  BIO* c2s = BIO_new(BIO_s_mem());
  BIO* s2c = BIO_new(BIO_s_mem());
  if (c2s == nullptr || s2c == nullptr) return false;
  if (keep != nullptr) {
    BIO_up_ref(c2s);
    BIO_up_ref(s2c);
    keep[0] = c2s;
    keep[1] = s2c;
  }
  // An empty memory BIO means "try again", not EOF.
  BIO_set_mem_eof_return(c2s, -1);
  BIO_set_mem_eof_return(s2c, -1);
  BIO_up_ref(c2s);
  BIO_up_ref(s2c);
  SSL_set_bio(client, s2c, c2s);  // each SSL owns one reference of each BIO
  SSL_set_bio(server, c2s, s2c);
  return true;
}

// True when r is a result that only means "feed me more".
bool would_block(SSL* s, int r) {
  int e = SSL_get_error(s, r);
  return e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE;
}

// SSL_set_msg_callback: counts the NewSessionTicket messages a client receives into *arg
// (an int); used by the setup checks only, never in measured handshakes.
void count_tickets(int write_p, int /*version*/, int content_type, const void* buf, size_t len,
                   SSL* /*ssl*/, void* arg) {
  if (write_p == 0 && content_type == SSL3_RT_HANDSHAKE && len > 0 &&
      static_cast<const unsigned char*>(buf)[0] == SSL3_MT_NEWSESSION_TICKET)
    ++*static_cast<int*>(arg);
}

// An established pair. It holds its own references to the two memory BIOs, so dropping the
// client or the server frees only that side's memory (the transport is freed last, with
// this object: it stands for the socket, which is not TLS state).
class LibsslEstablished final : public Established {
 public:
  LibsslEstablished(SslPtr client, SslPtr server, BIO* b0, BIO* b1)
      : client_(std::move(client)), server_(std::move(server)), bios_{b0, b1} {}
  ~LibsslEstablished() override {
    client_.reset();
    server_.reset();
    BIO_free(bios_[0]);
    BIO_free(bios_[1]);
  }

  // libssl has no zero-copy read: SSL_read copies in both modes.
  bool client_to_server(const uint8_t* data, size_t len, uint8_t* out, bool) override {
    int w = SSL_write(client_.get(), data, static_cast<int>(len));
    if (w != static_cast<int>(len)) {
      std::fprintf(stderr, "libssl: SSL_write: %s\n", openssl_errors().c_str());
      return false;
    }
    size_t got = 0;
    while (got < len) {
      int r = SSL_read(server_.get(), out + got, static_cast<int>(len - got));
      if (r <= 0) {
        std::fprintf(stderr, "libssl: SSL_read: %s\n", openssl_errors().c_str());
        return false;
      }
      got += static_cast<size_t>(r);
    }
    return true;
  }
  void drop_client() override { client_.reset(); }
  void drop_server() override { server_.reset(); }

 private:
  SslPtr client_;
  SslPtr server_;
  BIO* bios_[2];
};

class LibsslStack final : public Stack {
 public:
  const char* name() const override { return "libssl"; }
  const std::string& error() const override { return error_; }

  bool setup(const Pki& pki, const Scenario& s) override {
    if (s.hybrid) {
      error_ = "OpenSSL 3.0 has no X25519MLKEM768";
      return false;
    }
    scenario_ = s;
    session_.reset();
    server_ctx_ = make_ctx(pki, s, true);
    client_ctx_ = make_ctx(pki, s, false);
    if (!server_ctx_ || !client_ctx_) return false;
    if (s.resume) {
      // One full handshake to get a session; every measured handshake resumes it.
      SslPtr c, srv;
      int64_t ignored = 0;
      int tickets = 0;
      if (!run_handshake(c, srv, &ignored, &tickets)) return false;
      session_.reset(SSL_get1_session(c.get()));
      mark_closed(c.get(), srv.get());
      if (!session_) return fail("no session to resume");
      if (!s.tls12) {
        if (tickets != kResumeTickets) return ticket_count_error("full", tickets);
        // The server must send the same number again in a resumed handshake (the tlskit side
        // checks its count in every handshake; here one checked handshake, unmeasured).
        tickets = 0;
        if (!run_handshake(c, srv, &ignored, &tickets)) return false;
        bool reused = SSL_session_reused(c.get()) == 1;
        mark_closed(c.get(), srv.get());
        if (!reused) return fail("the session was not resumed");
        if (tickets != kResumeTickets) return ticket_count_error("resumed", tickets);
      }
    }
    return true;
  }

  bool handshake(int64_t* server_ns) override {
    SslPtr client, server;
    if (!run_handshake(client, server, server_ns)) return false;
    if (scenario_.resume && SSL_session_reused(client.get()) != 1)
      return fail("the session was not resumed");
    mark_closed(client.get(), server.get());
    client.reset();
    int64_t t0 = thread_cpu_ns();
    server.reset();
    *server_ns += thread_cpu_ns() - t0;
    return true;
  }

  std::unique_ptr<Established> establish(bool release_buffers) override {
    SslPtr client, server;
    int64_t ignored = 0;
    if (release_buffers) {
      SSL_CTX_set_mode(client_ctx_.get(), SSL_MODE_RELEASE_BUFFERS);
      SSL_CTX_set_mode(server_ctx_.get(), SSL_MODE_RELEASE_BUFFERS);
    } else {
      SSL_CTX_clear_mode(client_ctx_.get(), SSL_MODE_RELEASE_BUFFERS);
      SSL_CTX_clear_mode(server_ctx_.get(), SSL_MODE_RELEASE_BUFFERS);
    }
    if (!run_handshake(client, server, &ignored)) return nullptr;
    // Give each side its own fresh, empty transport (the handshake's memory BIOs keep their
    // grown buffers; a socket BIO would not). The pair stays usable for records.
    BIO* bios[2] = {nullptr, nullptr};
    if (!wire_pair(client.get(), server.get(), bios)) return nullptr;
    return std::make_unique<LibsslEstablished>(std::move(client), std::move(server), bios[0],
                                               bios[1]);
  }

 private:
  bool fail(std::string m) {
    error_ = std::move(m);
    return false;
  }

  bool ticket_count_error(const char* which, int got) {
    return fail(std::string("the client received ") + std::to_string(got) +
                " NewSessionTickets in a " + which + " handshake, expected " +
                std::to_string(kResumeTickets));
  }

  // Freeing an SSL that was not shut down marks its session not resumable; pairs that end
  // after a handshake end as if close_notify had been exchanged (not part of the handshake).
  static void mark_closed(SSL* client, SSL* server) {
    SSL_set_shutdown(client, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
    SSL_set_shutdown(server, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
  }

  CtxPtr make_ctx(const Pki& pki, const Scenario& s, bool server) {
    CtxPtr ctx(SSL_CTX_new(server ? TLS_server_method() : TLS_client_method()));
    if (!ctx) {
      fail("SSL_CTX_new: " + openssl_errors());
      return nullptr;
    }
    int v = s.tls12 ? TLS1_2_VERSION : TLS1_3_VERSION;
    SSL_CTX_set_min_proto_version(ctx.get(), v);
    SSL_CTX_set_max_proto_version(ctx.get(), v);
    bool ok = true;
    if (s.tls12) {
      const char* c = s.cert == CertType::ecdsa_p256
                          ? (s.aead == Aead::aes128gcm ? "ECDHE-ECDSA-AES128-GCM-SHA256"
                                                       : "ECDHE-ECDSA-CHACHA20-POLY1305")
                          : (s.aead == Aead::aes128gcm ? "ECDHE-RSA-AES128-GCM-SHA256"
                                                       : "ECDHE-RSA-CHACHA20-POLY1305");
      ok = SSL_CTX_set_cipher_list(ctx.get(), c) == 1;
      // TLS 1.2 ECDSA certificates must use a curve the client lists (RFC 8422).
      ok = ok && SSL_CTX_set1_groups_list(ctx.get(), "X25519:P-256") == 1;
    } else {
      ok = SSL_CTX_set_ciphersuites(ctx.get(), s.aead == Aead::aes128gcm
                                                   ? "TLS_AES_128_GCM_SHA256"
                                                   : "TLS_CHACHA20_POLY1305_SHA256") == 1;
      ok = ok && SSL_CTX_set1_groups_list(ctx.get(), "X25519") == 1;
    }
    if (!ok) {
      fail("cipher/group setup: " + openssl_errors());
      return nullptr;
    }
    if (server) {
      if (SSL_CTX_use_certificate_chain_file(ctx.get(), pki.server_chain(s.cert).c_str()) != 1 ||
          SSL_CTX_use_PrivateKey_file(ctx.get(), pki.server_key(s.cert).c_str(),
                                      SSL_FILETYPE_PEM) != 1 ||
          SSL_CTX_check_private_key(ctx.get()) != 1) {
        fail("server certificate " + pki.server_chain(s.cert) + ": " + openssl_errors());
        return nullptr;
      }
      if (s.resume) {
        SSL_CTX_set_num_tickets(ctx.get(), kResumeTickets);
        SSL_CTX_set_session_cache_mode(ctx.get(), SSL_SESS_CACHE_SERVER);
      } else {
        // Full handshakes only: no tickets (their sealing is work the tlskit side may not do).
        SSL_CTX_set_num_tickets(ctx.get(), 0);
        SSL_CTX_set_session_cache_mode(ctx.get(), SSL_SESS_CACHE_OFF);
        SSL_CTX_set_options(ctx.get(), SSL_OP_NO_TICKET);
      }
    } else {
      if (SSL_CTX_load_verify_locations(ctx.get(), pki.client_root(s).c_str(), nullptr) != 1) {
        fail("client CA file " + pki.client_root(s) + ": " + openssl_errors());
        return nullptr;
      }
      SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
      SSL_CTX_set_session_cache_mode(ctx.get(), SSL_SESS_CACHE_OFF);
    }
    return ctx;
  }

  // Creates both sides and drives the handshake to completion on both. Server-side calls
  // (SSL_new, SSL_do_handshake) are timed into *server_ns. With tickets, the NewSessionTickets
  // the client receives are counted into it.
  bool run_handshake(SslPtr& client, SslPtr& server, int64_t* server_ns,
                     int* tickets = nullptr) {
    client.reset(SSL_new(client_ctx_.get()));
    int64_t t0 = thread_cpu_ns();
    server.reset(SSL_new(server_ctx_.get()));
    *server_ns += thread_cpu_ns() - t0;
    if (!client || !server) return fail("SSL_new: " + openssl_errors());
    SSL_set_tlsext_host_name(client.get(), kServerName);
    SSL_set1_host(client.get(), kServerName);
    if (session_) SSL_set_session(client.get(), session_.get());
    if (tickets != nullptr) {
      SSL_set_msg_callback(client.get(), count_tickets);
      SSL_set_msg_callback_arg(client.get(), tickets);
    }
    if (!wire_pair(client.get(), server.get())) return fail("BIO_new: " + openssl_errors());
    SSL_set_connect_state(client.get());
    SSL_set_accept_state(server.get());
    bool client_done = false, server_done = false;
    for (int step = 0; step < kMaxHandshakeSteps && !(client_done && server_done); ++step) {
      if (!client_done) {
        int r = SSL_do_handshake(client.get());
        if (r == 1) {
          client_done = true;
        } else if (!would_block(client.get(), r)) {
          return fail("client handshake: " + openssl_errors());
        }
      }
      if (!server_done) {
        t0 = thread_cpu_ns();
        int r = SSL_do_handshake(server.get());
        *server_ns += thread_cpu_ns() - t0;
        if (r == 1) {
          server_done = true;
        } else if (!would_block(server.get(), r)) {
          return fail("server handshake: " + openssl_errors());
        }
      }
    }
    if (!client_done || !server_done) return fail("handshake did not finish");
    // A resumed TLS 1.3 client or one receiving tickets reads them with its first read;
    // do it now so both sides are idle.
    if (scenario_.resume && !scenario_.tls12) {
      char b;
      (void)SSL_read(client.get(), &b, 1);  // WANT_READ once the tickets are consumed
      ERR_clear_error();
    }
    return true;
  }

  struct SessionFree {
    void operator()(SSL_SESSION* s) const { SSL_SESSION_free(s); }
  };

  Scenario scenario_{};
  CtxPtr server_ctx_;
  CtxPtr client_ctx_;
  std::unique_ptr<SSL_SESSION, SessionFree> session_;
  std::string error_;
};

}  // namespace

std::unique_ptr<Stack> make_libssl_stack() { return std::make_unique<LibsslStack>(); }

}  // namespace bench
