// `tlskit client HOST:PORT`: the inspector and handshake debugger.
#include <poll.h>
#include <unistd.h>

#include <array>
#include <csignal>
#include <cstdio>

#include "cli/client_config.h"
#include "cli/proxy.h"
#include "starttls/starttls.h"
#include "client_main.h"
#include "commands.h"
#include "inspector/http_get.h"
#include "inspector/inspector.h"
#include "inspector/render.h"

namespace tlskit::tools {
namespace {

constexpr size_t kRelayChunk = 16 * 1024;
// After stdin ends (without --ign-eof) and our close_notify: how long to wait for the
// server's last data and its close_notify.
constexpr int kAfterStdinEofMs = 1000;
// Upper bound on relay rounds (each round moves data or waits); ~forever for a session.
constexpr uint64_t kMaxRelayRounds = uint64_t{1} << 40;

void write_stdout(const std::string& s) {
  std::fwrite(s.data(), 1, s.size(), stdout);
  std::fflush(stdout);
}

int64_t now_ms() { return SystemClock::instance().monotonic_micros() / 1000; }

int code_for_relay_error(const Error& e) {
  switch (e.code) {
    case ErrorCode::connection_refused:
    case ErrorCode::timeout:
    case ErrorCode::connection_reset:
    case ErrorCode::io_error:
    case ErrorCode::peer_closed:
      return kExitConnectFailed;
    default:
      return kExitHandshakeFailed;
  }
}

Result<void> flush(Connection& c, io::TcpStream& s, int timeout_ms) {
  ByteView out = c.pending_output();
  if (out.empty()) return ok();
  TK_TRY(s.write_all(out, timeout_ms));
  c.consume_output(out.size());
  return ok();
}

void drain_app_data(Connection& c) {
  std::array<uint8_t, kRelayChunk> buf;
  for (size_t n = c.read(buf); n > 0; n = c.read(buf)) {
    std::fwrite(buf.data(), 1, n, stdout);
  }
  std::fflush(stdout);
}

// Relays stdin to the server and the server's data to stdout until one side ends.
// Says on stderr (unless --quiet) when the server updated its keys since the last call.
void note_server_key_updates(const Connection& c, const ClientOptions& o, uint32_t& seen) {
  const uint32_t now = c.info().key_updates_received;
  if (now != seen && !o.quiet)
    std::fprintf(stderr, "tlskit client: the server updated its sending keys (KeyUpdate %u)\n", now);
  seen = now;
}

// Says on stderr (unless --quiet) when the server asked for our certificate after the
// handshake since the last call (RFC 8446 §4.6.2; --enable-pha), and what we answered.
void note_post_handshake_auth(const Connection& c, const ClientOptions& o, uint32_t& seen) {
  const PostHandshakeAuthInfo& pha = c.info().post_handshake_auth;
  if (pha.completed != seen && !o.quiet)
    std::fprintf(stderr,
                 "tlskit client: the server asked for a client certificate after the handshake "
                 "(post-handshake authentication %u); %s\n",
                 pha.completed,
                 pha.certificate ? "sent ours (--cert) with CertificateVerify and Finished"
                                 : "sent an empty Certificate and Finished (no --cert, or none "
                                   "its signature algorithms allow)");
  seen = pha.completed;
}

// --key-update: sends a KeyUpdate with update_requested (RFC 8446 §4.6.3); the server must
// answer with its own before it sends more data.
Result<void> send_key_update(Connection& c, io::TcpStream& s, const ClientOptions& o) {
  if (c.info().version != ProtocolVersion::tls1_3) {
    std::fprintf(stderr, "tlskit client: --key-update needs TLS 1.3 (TLS 1.2 has no KeyUpdate); "
                         "none sent\n");
    return ok();
  }
  TK_TRY(c.key_update(true));
  TK_TRY(flush(c, s, o.timeout_ms));
  if (!o.quiet) std::fprintf(stderr, "tlskit client: sent KeyUpdate (update_requested)\n");
  return ok();
}

int relay(Connection& c, io::TcpStream& s, const ClientOptions& o) {
  drain_app_data(c);
  if (c.peer_closed()) return kExitOk;
  uint32_t key_updates_seen = c.info().key_updates_received;
  uint32_t pha_seen = 0;
  note_post_handshake_auth(c, o, pha_seen);
  if (o.key_update) {
    if (auto k = send_key_update(c, s, o); !k) {
      std::fprintf(stderr, "tlskit client: %s\n", k.error().to_string().c_str());
      return code_for_relay_error(k.error());
    }
  }
  std::array<uint8_t, kRelayChunk> buf;
  bool stdin_open = true;
  int64_t stop_at = -1;
  for (uint64_t round = 0; round < kMaxRelayRounds; ++round) {
    pollfd fds[2] = {{s.fd(), POLLIN, 0}, {0, POLLIN, 0}};
    int nfds = stdin_open ? 2 : 1;
    int wait = -1;
    if (stop_at >= 0) {
      int64_t left = stop_at - now_ms();
      if (left <= 0) break;
      wait = static_cast<int>(left);
    }
    int r = ::poll(fds, static_cast<nfds_t>(nfds), wait);
    if (r < 0) {
      if (errno == EINTR) continue;
      std::fprintf(stderr, "tlskit client: poll failed during relay\n");
      return kExitConnectFailed;
    }
    if (r == 0) continue;  // the deadline check at the top ends the loop
    if (stdin_open && (fds[1].revents & (POLLIN | POLLHUP | POLLERR))) {
      ssize_t n = ::read(0, buf.data(), buf.size());
      if (n <= 0) {
        stdin_open = false;
        if (!o.ign_eof) {
          // Done writing: say so with close_notify (the server answers with its own after its
          // last data, RFC 8446 §6.1), and read until then, or kAfterStdinEofMs at most.
          c.close();
          if (auto f = flush(c, s, o.timeout_ms); !f) {
            std::fprintf(stderr, "tlskit client: %s\n", f.error().to_string().c_str());
            return code_for_relay_error(f.error());
          }
          stop_at = now_ms() + kAfterStdinEofMs;
        }
      } else {
        std::string data(reinterpret_cast<const char*>(buf.data()), static_cast<size_t>(n));
        if (o.crlf) {
          std::string t;
          for (char ch : data) {
            if (ch == '\n' && (t.empty() || t.back() != '\r')) t += '\r';
            t += ch;
          }
          data = t;
        }
        auto w = c.write(as_bytes(data));
        if (w) w = flush(c, s, o.timeout_ms);
        if (!w) {
          std::fprintf(stderr, "tlskit client: %s\n", w.error().to_string().c_str());
          return code_for_relay_error(w.error());
        }
      }
    }
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      auto n = s.read(buf, o.timeout_ms);
      if (!n) {
        std::fprintf(stderr, "tlskit client: %s\n", n.error().to_string().c_str());
        return code_for_relay_error(n.error());
      }
      if (*n == 0) {
        auto eof = c.feed_eof();
        drain_app_data(c);
        if (!eof) {
          std::fprintf(stderr, "tlskit client: %s\n", eof.error().detail.c_str());
        }
        return kExitOk;
      }
      auto fed = c.feed(ByteView(buf.data(), *n));
      (void)flush(c, s, o.timeout_ms);  // KeyUpdate answers, alerts
      drain_app_data(c);
      note_server_key_updates(c, o, key_updates_seen);
      note_post_handshake_auth(c, o, pha_seen);
      if (!fed) {
        std::fprintf(stderr, "tlskit client: %s\n", fed.error().to_string().c_str());
        return code_for_relay_error(fed.error());
      }
      if (c.peer_closed()) break;
    }
  }
  c.close();
  (void)flush(c, s, o.timeout_ms);
  s.shutdown_write();
  return kExitOk;
}

// Saves the connection's session for --sess-out; a note says why when there is none.
void save_session(const Connection& c, const ClientOptions& o, Report& r) {
  auto session = c.session();
  if (!session) {
    r.notes.push_back("--sess-out: no session to save: the server offered no way to resume (no "
                      "TLS 1.2 session ID or ticket; TLS 1.3 tickets are not supported yet)");
    return;
  }
  auto pem = session->to_pem();
  std::FILE* f = pem ? std::fopen(o.sess_out.c_str(), "w") : nullptr;
  if (f == nullptr) {
    r.notes.push_back("--sess-out: cannot write the session to '" + o.sess_out + "'");
    return;
  }
  std::fwrite(pem->data(), 1, pem->size(), f);
  std::fclose(f);
  r.notes.push_back("--sess-out: session saved to '" + o.sess_out + "' (it holds secrets)");
}

// A TCP stream to the target: direct, or through --proxy's CONNECT tunnel; then the
// --starttls exchange when asked.
Result<io::TcpStream> open_stream(const ClientSetup& setup, const ClientOptions& o) {
  auto s = setup.proxy ? connect_via_proxy(*setup.proxy, setup.target, o.connect_timeout_ms, o.timeout_ms)
                       : io::TcpStream::connect(setup.target.host, setup.target.port, o.connect_timeout_ms);
  if (!s || o.starttls.empty()) return s;
  auto p = parse_starttls(o.starttls);
  if (!p || *p == StartTls::none) return s;
  TcpTransport t(*s);
  const Clock& clock = SystemClock::instance();
  TK_TRY(run_starttls(*p, t, clock, clock.monotonic_micros() + int64_t{o.timeout_ms} * 1000, setup.target.host));
  return s;
}

// --reconnect: five more connections, each offering the session of the previous one.
constexpr int kReconnects = 5;

void reconnect(std::optional<Session> session, const ClientSetup& setup, const ClientOptions& o,
               const Clock& clock, Report& r) {
  for (int i = 1; i <= kReconnects; ++i) {
    if (!session) {
      r.notes.push_back(r.info.tickets_received > 0
                            ? "--reconnect: no session to resume: the server's tickets cannot be "
                              "used (a lifetime of 0, or sent before the handshake completed)"
                            : "--reconnect: no session to resume: the server sent no TLS 1.3 "
                              "ticket, no TLS 1.2 ticket and no session ID within the linger "
                              "time (--linger)");
      return;
    }
    auto cfg = std::make_shared<Config>(*setup.config);
    cfg->resume_session = std::make_shared<const Session>(*session);
    ReconnectResult x;
    x.attempt = i;
    auto s = open_stream(setup, o);
    if (!s) {
      x.error = s.error();
      r.reconnects.push_back(x);
      return;
    }
    TcpTransport t(*s);
    RunOptions ro;
    ro.io_timeout_ms = o.timeout_ms;
    ro.handshake_timeout_ms = o.timeout_ms + o.timeout_ms / 2;
    // TLS 1.3 tickets come after the handshake: wait a little for them.
    ro.linger_ms = 200;
    ro.linger_client_auth_ms = 200;
    ro.early_data = setup.early_data;
    Report rr;
    rr.origin_us = clock.monotonic_micros();
    auto c = run_client_handshake(cfg, t, clock, ro, rr);
    compute_flights(rr);
    x.resumed = rr.info.resumed;
    x.early_data = rr.info.early_data;
    x.version = rr.info.version;
    x.cipher_suite = rr.info.cipher_suite;
    x.handshake_us = rr.timings.handshake_us;
    x.error = rr.error;
    r.reconnects.push_back(x);
    if (!c || rr.error) return;
    c->close();
    (void)flush(*c, *s, 1000);
    if (auto next = c->session()) session = std::move(next);
  }
}

void print_report(const Report& r, const ClientOptions& o) {
  if (o.json) {
    write_stdout(render_json(r, o.showcerts));
    return;
  }
  if (o.quiet) {
    if (!r.settings.verify)
      std::fprintf(stderr, "tlskit client: WARNING: --insecure: the certificate chain and host "
                           "name are NOT verified\n");
    if (r.error) {
      std::fprintf(stderr, "tlskit client: %s: %s\n", r.diagnosis.cause.c_str(),
                   r.diagnosis.explanation.c_str());
    }
    return;
  }
  TextOptions t;
  t.s_client_style = o.s_client_style;
  t.show_certs = o.showcerts;
  t.msg = o.msg;
  t.trace = o.trace;
  t.brief = o.brief;
  t.status = o.status;
  t.state = o.state;
  t.tlsextdebug = o.tlsextdebug;
  std::string out;
  if (o.ladder) out += render_ladder(r) + "---\n";
  out += render_text(r, t);
  write_stdout(out);
}

}  // namespace

int run_client_options(ClientOptions& o) {
  std::signal(SIGPIPE, SIG_IGN);
  const char* prog = o.s_client_style ? "tlskit s_client" : "tlskit client";
  auto setup = build_client_setup(o);
  if (!setup) {
    std::fprintf(stderr, "%s: %s\n", prog, setup.error().detail.c_str());
    return kExitUsage;
  }
  const Clock& clock = SystemClock::instance();
  Report r;
  r.settings = setup->settings;
  r.notes = o.notes;
  r.notes.insert(r.notes.end(), setup->notes.begin(), setup->notes.end());
  r.started_unix = clock.unix_seconds();
  // libcrypto loads its algorithm implementations on first use (~1.5 ms for the first
  // ClientHello, ~45 us after): pay that before the clock starts, so the Timing section shows
  // the network and the protocol, not the process's start-up.
  (void)Connection::client(setup->config);
  r.origin_us = clock.monotonic_micros();

  const io::HostPort& hp = setup->target;
  auto stream = open_stream(*setup, o);
  r.timings.tcp_connect_us = clock.monotonic_micros() - r.origin_us;
  if (!stream) {
    r.error = stream.error();
    r.timings.tcp_connect_us.reset();
    finish_report(r, *setup->config, nullptr, clock);
    if (setup->proxy) {
      // The failure is the proxy's (or on the way to it): say so instead of blaming the target.
      r.diagnosis.explanation = "Could not open a tunnel to " + hp.host + ":" +
                                std::to_string(hp.port) + " through the HTTP proxy: " +
                                r.error->detail + ".";
      r.diagnosis.fix = "Check the proxy address, that it allows CONNECT to this host and port, "
                        "and whether it needs authentication (407; tlskit sends no credentials).";
    }
    print_report(r, o);
    return r.exit_code;
  }
  r.tcp_connected = true;
  r.settings.address = stream->peer_address();

  TcpTransport transport(*stream);
  RunOptions ro;
  ro.io_timeout_ms = o.timeout_ms;
  ro.handshake_timeout_ms = o.timeout_ms + o.timeout_ms / 2;
  ro.linger_ms = o.linger_ms;
  ro.linger_client_auth_ms = std::max(o.linger_ms, 1000);
  if (setup->config->resume_session) ro.early_data = setup->early_data;
  std::unique_ptr<Connection> conn =
      run_client_handshake(setup->config, transport, clock, ro, r);

  if (conn && r.handshake_complete && !r.error && !o.http_get.empty()) {
    const std::string host = setup->config->server_name.empty() ? hp.host : setup->config->server_name;
    r.http = run_http_get(*conn, transport, host, o.http_get, o.timeout_ms);
  }
  Connector connector;
  if (!o.no_probe) {
    connector = [&]() -> Result<std::unique_ptr<Transport>> {
      auto s = open_stream(*setup, o);
      if (!s) return s.error();
      return std::unique_ptr<Transport>(new OwnedTcpTransport(std::move(*s)));
    };
  }
  finish_report(r, *setup->config, connector, clock);
  bool healthy = conn && r.handshake_complete && !r.error;
  if (healthy && !o.sess_out.empty()) save_session(*conn, o, r);
  if (healthy && o.reconnect) {
    // Like s_client: drop this connection, then reconnect (many servers serve one at a time).
    std::optional<Session> first = conn->session();
    conn->close();
    (void)flush(*conn, *stream, 1000);
    stream->close();
    conn.reset();
    reconnect(first, *setup, o, clock, r);
  }
  print_report(r, o);

  // After --http-get the server closes (Connection: close): nothing is left to relay.
  bool relay_wanted = conn && r.handshake_complete && !r.error && !o.json && !o.no_relay &&
                      !r.http;
  if (!relay_wanted) {
    if (conn && r.handshake_complete && !r.error) {
      conn->close();
      (void)flush(*conn, *stream, 1000);
    }
    return r.exit_code;
  }
  int rc = relay(*conn, *stream, o);
  return rc == kExitOk ? r.exit_code : rc;
}

int run_client(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  ClientOptions o;
  ParseOutcome p = parse_client_args(args, o);
  if (!p.run) {
    std::fprintf(p.exit_code == kExitOk ? stdout : stderr, "%s\n", p.message.c_str());
    return p.exit_code;
  }
  return run_client_options(o);
}

}  // namespace tlskit::tools
