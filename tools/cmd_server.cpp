// `tlskit server --cert C --key K`: echo or fixed-HTTP TLS server, a thread per connection.
#include <array>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <list>
#include <mutex>
#include <thread>

#include "cli/http_early_data.h"
#include "cli/server_options.h"
#include "commands.h"
#include "io/tcp.h"
#include "tlskit/connection.h"

namespace tlskit::tools {
namespace {

constexpr int kPollMs = 200;                     // how often loops look at the stop flag
constexpr size_t kChunk = 16 * 1024 + 512;
constexpr size_t kMaxHttpRequest = 64 * 1024;    // a request head larger than this is refused
constexpr uint64_t kMaxRounds = uint64_t{1} << 40;

volatile std::sig_atomic_t g_stop = 0;

void on_signal(int) { g_stop = 1; }

std::mutex g_log_mu;

void log_line(const ServerOptions& o, const std::string& line) {
  if (o.quiet) return;
  std::lock_guard<std::mutex> lock(g_log_mu);
  std::fprintf(stderr, "tlskit server: %s\n", line.c_str());
  std::fflush(stderr);
}

Result<void> flush(Connection& c, io::TcpStream& s) {
  ByteView out = c.pending_output();
  if (out.empty()) return ok();
  TK_TRY(s.write_all(out, 10000));
  c.consume_output(out.size());
  return ok();
}

std::string describe_peer(const HandshakeInfo& i) {
  std::string s;
  if (i.version) s += version_name(*i.version);
  if (i.cipher_suite) s += " " + cipher_suite_name(*i.cipher_suite);
  if (i.group) s += " " + group_name(*i.group);
  if (!i.alpn.empty()) s += " alpn=" + i.alpn;
  if (!i.server_name.empty()) s += " sni=" + i.server_name;
  if (i.client_cert_sent) s += " client-certificate";
  if (i.resumed) s += i.group ? " resumed" : " resumed psk_ke";
  if (i.early_data.accepted) s += " early-data=" + std::to_string(i.early_data.bytes) + "B";
  else if (i.early_data.offered)
    s += std::string(" early-data-rejected=") + early_data_reason_name(i.early_data.reason);
  return s;
}

// Serves one accepted connection until it ends, an error, idleness or the stop flag.
void serve(std::shared_ptr<const Config> cfg, io::TcpStream s, const ServerOptions& o, uint64_t id) {
  std::string tag = "[" + std::to_string(id) + "] " + s.peer_address();
  auto created = Connection::server(cfg);
  if (!created) {
    log_line(o, tag + ": " + created.error().to_string());
    return;
  }
  Connection& c = **created;
  std::array<uint8_t, kChunk> buf;
  std::string request;
  bool announced = false;
  int idle_ms = 0;
  for (uint64_t round = 0; round < kMaxRounds && !g_stop; ++round) {
    if (auto f = flush(c, s); !f) {
      log_line(o, tag + ": " + f.error().to_string());
      return;
    }
    if (c.error()) {
      log_line(o, tag + ": handshake failed: " + c.error()->to_string());
      return;
    }
    if (c.handshake_complete() && !announced) {
      announced = true;
      log_line(o, tag + ": " + describe_peer(c.info()));
    }
    // Application data: echo it, or answer an HTTP request. 0-RTT data waits in the connection
    // until the handshake completed, so nothing is answered to a ClientHello alone.
    for (size_t n = c.handshake_complete() ? c.read(buf) : 0; n > 0; n = c.read(buf)) {
      if (!o.http) {
        if (auto w = c.write(ByteView(buf.data(), n)); !w) {
          log_line(o, tag + ": " + w.error().to_string());
          return;
        }
        continue;
      }
      request.append(reinterpret_cast<const char*>(buf.data()), n);
      if (request.size() > kMaxHttpRequest) {
        log_line(o, tag + ": HTTP request head over " + std::to_string(kMaxHttpRequest) + " bytes");
        c.close();
        (void)flush(c, s);
        return;
      }
    }
    if (o.http && http_head_complete(request)) {
      const HandshakeInfo& i = c.info();
      // RFC 8470: the request began in 0-RTT data when any early data arrived (it is the
      // start of the stream).
      const bool early = i.early_data.bytes > 0;
      std::string resp = http_too_early(request, early)
                             ? http_too_early_response()
                             : http_response_text(i.version ? version_name(*i.version) : "",
                                                  i.cipher_suite ? cipher_suite_name(*i.cipher_suite) : "");
      if (early) log_line(o, tag + ": request in 0-RTT early data: " + resp.substr(9, 3));
      if (auto w = c.write(as_bytes(resp)); !w) {
        log_line(o, tag + ": " + w.error().to_string());
        return;
      }
      c.close();
      (void)flush(c, s);
      s.shutdown_write();
      return;
    }
    if (c.peer_closed()) {
      c.close();
      (void)flush(c, s);
      return;
    }
    if (auto f = flush(c, s); !f) {
      log_line(o, tag + ": " + f.error().to_string());
      return;
    }
    auto n = s.read(buf, kPollMs);
    if (!n) {
      if (n.error().code == ErrorCode::timeout) {
        idle_ms += kPollMs;
        if (idle_ms >= o.idle_timeout_ms) {
          log_line(o, tag + ": idle for " + std::to_string(o.idle_timeout_ms) + " ms, closing");
          c.close();
          (void)flush(c, s);
          return;
        }
        continue;
      }
      log_line(o, tag + ": " + n.error().to_string());
      return;
    }
    idle_ms = 0;
    if (*n == 0) {
      auto eof = c.feed_eof();
      if (!eof && !c.handshake_complete()) log_line(o, tag + ": " + eof.error().detail);
      return;
    }
    (void)c.feed(ByteView(buf.data(), *n));  // an error is reported at the top of the loop
  }
  if (g_stop) {
    c.close();
    (void)flush(c, s);
  }
}

struct Worker {
  std::thread thread;
  std::shared_ptr<std::atomic<bool>> done;
};

// Joins finished workers; returns how many are still running.
size_t reap(std::list<Worker>& workers) {
  for (auto it = workers.begin(); it != workers.end();) {
    if (it->done->load()) {
      it->thread.join();
      it = workers.erase(it);
    } else {
      ++it;
    }
  }
  return workers.size();
}

}  // namespace

int run_server(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  ServerOptions o;
  ParseOutcome p = parse_server_args(args, o);
  if (!p.run) {
    std::fprintf(p.exit_code == kExitOk ? stdout : stderr, "%s\n", p.message.c_str());
    return p.exit_code;
  }
  auto cfg = build_server_config(o);
  if (!cfg) {
    std::fprintf(stderr, "tlskit server: %s\n", cfg.error().detail.c_str());
    return kExitUsage;
  }
  std::shared_ptr<const Config> config = *cfg;

  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  auto listener = io::TcpListener::listen(o.bind, static_cast<uint16_t>(o.port));
  if (!listener) {
    std::fprintf(stderr, "tlskit server: %s\n", listener.error().detail.c_str());
    return kExitConnectFailed;
  }
  std::string where = (o.bind.find(':') != std::string::npos ? "[" + o.bind + "]" : o.bind) + ":" +
                      std::to_string(listener->port());
  std::printf("tlskit server: listening on %s (%s)\n", where.c_str(), o.http ? "http" : "echo");
  std::fflush(stdout);

  std::list<Worker> workers;
  uint64_t accepted = 0;
  for (uint64_t round = 0; round < kMaxRounds && !g_stop; ++round) {
    if (o.max_connections > 0 && accepted >= static_cast<uint64_t>(o.max_connections)) break;
    if (reap(workers) >= static_cast<size_t>(o.max_concurrent)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      continue;
    }
    auto a = listener->accept(kPollMs);
    if (!a) {
      std::fprintf(stderr, "tlskit server: %s\n", a.error().detail.c_str());
      break;
    }
    if (!a->has_value()) continue;
    ++accepted;
    Worker w;
    w.done = std::make_shared<std::atomic<bool>>(false);
    auto done = w.done;
    w.thread = std::thread([config, s = std::move(**a), &o, id = accepted, done]() mutable {
      serve(config, std::move(s), o, id);
      done->store(true);
    });
    workers.push_back(std::move(w));
  }
  listener->close();
  // Let running connections finish (or notice the stop flag within kPollMs).
  for (auto& w : workers) w.thread.join();
  log_line(o, "stopped after " + std::to_string(accepted) +
                  (accepted == 1 ? " connection" : " connections"));
  return kExitOk;
}

}  // namespace tlskit::tools
