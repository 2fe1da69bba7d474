// `tlskit server --cert C --key K`: a TLS server on tlskit::asio::server (an event loop per
// thread, deadlines and connection limits), echoing or answering HTTP/1.1 and HTTP/2 (--http).
// The main thread runs the control loop: signals (SIGTERM/SIGINT drain and exit, SIGHUP
// reloads), the --stats line and the OCSP staples' refresh.
#include <sys/resource.h>
#include <unistd.h>

#include <asio.hpp>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <optional>

#include "base/clock.h"
#include "cli/server_options.h"
#include "commands.h"
#include "server/connection_log.h"
#include "server/echo_session.h"
#include "server/server_handlers.h"
#include "server/staple_set.h"
#include "tlskit/asio/server.h"
#include "tlskit/certificate_resolver.h"

namespace tlskit::tools {
namespace {

using namespace std::chrono_literals;
namespace tka = tlskit::asio;

// Writes one line to stderr with a single write(2), so lines of different threads never mix.
void log_line(const std::string& line) {
  std::string s = "tlskit server: " + line + "\n";
  for (size_t off = 0; off < s.size();) {
    ssize_t n = ::write(STDERR_FILENO, s.data() + off, s.size() - off);
    if (n <= 0) return;
    off += static_cast<size_t>(n);
  }
}

// Raises the soft limit of open files to the hard limit: each connection is a descriptor, and
// the default soft limit (often 1024) is far below --max-connections.
void raise_file_limit(size_t wanted) {
  rlimit r{};
  if (getrlimit(RLIMIT_NOFILE, &r) != 0) return;
  if (r.rlim_cur < r.rlim_max) {
    r.rlim_cur = r.rlim_max;
    (void)setrlimit(RLIMIT_NOFILE, &r);
  }
  if (r.rlim_cur != RLIM_INFINITY && r.rlim_cur < wanted + 64)
    log_line("warning: the open-files limit (" + std::to_string(r.rlim_cur) +
             ") is below --max-connections (" + std::to_string(wanted) +
             "); raise it (ulimit -n, LimitNOFILE=) or lower --max-connections");
}

tka::server_options make_server_options(const ServerOptions& o) {
  tka::server_options s;
  s.address = o.bind;
  s.port = static_cast<uint16_t>(o.port);
  s.threads = static_cast<unsigned>(o.threads);
  s.mode = o.accept_mode == "shared" ? tka::accept_mode::shared : tka::accept_mode::reuse_port;
  s.limits.handshake_timeout = std::chrono::milliseconds(o.handshake_timeout_ms);
  s.limits.idle_timeout = std::chrono::milliseconds(o.idle_timeout_ms);
  s.limits.max_connections = static_cast<size_t>(o.max_connections);
  s.limits.max_connections_per_address = static_cast<size_t>(o.max_per_address);
  s.post_handshake_auth = o.post_handshake_auth;
  return s;
}

// The configuration the server runs with: the flags' Config plus the current OCSP staples.
class ServedConfig {
 public:
  // Loads everything (first start, previous == nullptr) or again (SIGHUP).
  Result<void> load(const ServerOptions& o, const Config* previous) {
    TK_ASSIGN(std::shared_ptr<Config> base, build_server_config(o, previous));
    std::optional<StapleSet> staples;
    if (!o.ocsp_files.empty()) {
      TK_ASSIGN(StapleSet s, StapleSet::create(base->certificates, o.ocsp_files));
      staples.emplace(std::move(s));
      staples->refresh(SystemClock::instance().unix_seconds(), log_line);
    }
    base_ = std::move(base);
    staples_ = std::move(staples);
    reject_unknown_sni_ = o.reject_unknown_sni;
    current_ = with_resolver(staples_ ? staples_->apply(*base_) : std::make_shared<Config>(*base_));
    return ok();
  }
  // Re-checks the staples; returns the new Config when any changed.
  std::shared_ptr<const Config> refresh_staples() {
    if (!staples_ || !staples_->refresh(SystemClock::instance().unix_seconds(), log_line))
      return nullptr;
    current_ = with_resolver(staples_->apply(*base_));
    return current_;
  }
  // Seconds until the staples should be checked again (none: no --ocsp).
  std::optional<int64_t> staple_check_in() const {
    if (!staples_) return std::nullopt;
    int64_t now = SystemClock::instance().unix_seconds();
    return std::max<int64_t>(1, staples_->next_check(now) - now);
  }
  std::shared_ptr<const Config> current() const { return current_; }

 private:
  // The certificates served (with their staples) by SNI, their names read once here rather than
  // per handshake; RFC 6066 §3: with --reject-unknown-sni a name none matches is refused.
  std::shared_ptr<const Config> with_resolver(std::shared_ptr<Config> cfg) const {
    cfg->certificate_resolver = make_sni_resolver(cfg->certificates, reject_unknown_sni_);
    return cfg;
  }

  std::shared_ptr<Config> base_;
  std::optional<StapleSet> staples_;
  std::shared_ptr<const Config> current_;
  bool reject_unknown_sni_ = false;
};

// The main thread's loop: signals, stats, staples, --exit-after.
class Control {
 public:
  Control(const ServerOptions& o, ServedConfig& served) : o_(o), served_(served) {}

  // Runs until the server stopped (SIGTERM/SIGINT or --exit-after).
  void run(tka::server& server) {
    server_ = &server;
    signals_.async_wait([this](std::error_code ec, int sig) { on_signal(ec, sig); });
    if (o_.stats_interval_s > 0) {
      last_stats_ = server.stats();
      last_stats_at_ = std::chrono::steady_clock::now();
      schedule_stats();
    }
    schedule_staples();
    io_.run();
  }
  // From a worker thread: a connection ended (for --exit-after).
  void connection_ended() {
    if (o_.exit_after <= 0) return;
    if (ended_.fetch_add(1) + 1 == static_cast<uint64_t>(o_.exit_after))
      ::asio::post(io_, [this] { stop("served " + std::to_string(o_.exit_after) + " connection" +
                                      (o_.exit_after == 1 ? "" : "s")); });
  }

 private:
  void on_signal(std::error_code ec, int sig) {
    if (ec) return;
    if (sig == SIGHUP) {
      reload();
      signals_.async_wait([this](std::error_code e, int s) { on_signal(e, s); });
      return;
    }
    stop(sig == SIGTERM ? "SIGTERM" : "SIGINT");
  }

  void stop(const std::string& why) {
    if (stopping_) return;
    stopping_ = true;
    log_line(why + ": no new connections; draining the open ones (up to " +
             std::to_string(o_.drain_timeout_ms) + " ms)");
    server_->shutdown(std::chrono::milliseconds(o_.drain_timeout_ms));
    std::error_code ignored;
    signals_.cancel(ignored);
    stats_timer_.cancel();
    staple_timer_.cancel();
  }

  void reload() {
    auto r = served_.load(o_, served_.current().get());
    if (!r) {
      log_line("SIGHUP: reload failed, still serving the previous certificates: " +
               r.error().detail);
      return;
    }
    if (auto applied = server_->reload(served_.current()); !applied) {
      log_line("SIGHUP: reload refused, still serving the previous certificates: " +
               applied.error().detail);
      return;
    }
    log_line("SIGHUP: reloaded " + std::to_string(o_.certs.size()) + " certificate" +
             (o_.certs.size() == 1 ? "" : "s") + " and keys; open connections keep theirs");
    schedule_staples();
  }

  void schedule_stats() {
    stats_timer_.expires_after(std::chrono::seconds(o_.stats_interval_s));
    stats_timer_.async_wait([this](std::error_code ec) {
      if (ec || stopping_) return;
      auto now = std::chrono::steady_clock::now();
      tka::server_stats s = server_->stats();
      double seconds = std::chrono::duration<double>(now - last_stats_at_).count();
      log_line(server::format_stats(s, last_stats_, seconds, log_format()));
      last_stats_ = s;
      last_stats_at_ = now;
      schedule_stats();
    });
  }

  void schedule_staples() {
    std::optional<int64_t> in = served_.staple_check_in();
    if (!in || stopping_) return;
    staple_timer_.expires_after(std::chrono::seconds(*in));
    staple_timer_.async_wait([this](std::error_code ec) {
      if (ec || stopping_) return;
      if (auto cfg = served_.refresh_staples()) {
        if (auto applied = server_->reload(cfg); !applied)
          log_line("OCSP: the refreshed staples were not applied: " + applied.error().detail);
      }
      schedule_staples();
    });
  }

  server::LogFormat log_format() const {
    return o_.log_format == "json" ? server::LogFormat::json : server::LogFormat::text;
  }

  const ServerOptions& o_;
  ServedConfig& served_;
  tka::server* server_ = nullptr;
  ::asio::io_context io_{1};
  ::asio::signal_set signals_{io_, SIGINT, SIGTERM, SIGHUP};
  ::asio::steady_timer stats_timer_{io_};
  ::asio::steady_timer staple_timer_{io_};
  tka::server_stats last_stats_;
  std::chrono::steady_clock::time_point last_stats_at_;
  std::atomic<uint64_t> ended_{0};
  bool stopping_ = false;
};

}  // namespace

int run_server(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  ServerOptions o;
  ParseOutcome p = parse_server_args(args, o);
  if (!p.run) {
    std::fprintf(p.exit_code == kExitOk ? stdout : stderr, "%s\n", p.message.c_str());
    return p.exit_code;
  }
  ServedConfig served;
  if (auto r = served.load(o, nullptr); !r) {
    std::fprintf(stderr, "tlskit server: %s\n", r.error().detail.c_str());
    return kExitUsage;
  }
  std::signal(SIGPIPE, SIG_IGN);
  // The control loop's signal_set takes SIGTERM, SIGINT and SIGHUP from here on, whichever
  // thread the kernel delivers them to.
  Control control(o, served);
  raise_file_limit(static_cast<size_t>(o.max_connections));

  const server::LogFormat format =
      o.log_format == "json" ? server::LogFormat::json : server::LogFormat::text;
  tka::handler_factory make_handler = [http = o.http](const Connection& c) {
    return http ? server::make_http_handler(c)
                : std::unique_ptr<tka::session_handler>(new server::EchoSession());
  };
  tka::close_callback on_close = [&o, &control, format](const tka::connection_report& r) {
    if (!o.quiet) log_line(server::format_connection(r, format));
    control.connection_ended();
  };
  auto srv = tka::server::listen(make_server_options(o), served.current(), make_handler, on_close);
  if (!srv) {
    std::fprintf(stderr, "tlskit server: %s\n", srv.error().detail.c_str());
    return kExitConnectFailed;
  }
  tka::server& server = **srv;
  std::string where = (o.bind.find(':') != std::string::npos ? "[" + o.bind + "]" : o.bind) + ":" +
                      std::to_string(server.port());
  std::printf("tlskit server: listening on %s (%s, %u thread%s)\n", where.c_str(),
              o.http ? "http" : "echo", server.threads(), server.threads() == 1 ? "" : "s");
  std::fflush(stdout);
  server.start();
  control.run(server);
  server.wait();
  tka::server_stats s = server.stats();
  log_line("stopped after " + std::to_string(s.accepted) +
           (s.accepted == 1 ? " connection" : " connections"));
  return kExitOk;
}

}  // namespace tlskit::tools
