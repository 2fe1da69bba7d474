// `tlskit exporter --config FILE`: the Prometheus exporter daemon (tools/exporter/).
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <ctime>

#include "commands.h"
#include "exporter/exporter.h"
#include "exporter/metrics.h"
#include "exporter/options.h"

namespace tlskit::tools {
namespace {

using namespace exporter;

// --once: every target probed once (concurrently, global.concurrency at a time), metrics on stdout.
int run_once(const ExporterConfig& config) {
  Scheduler s;
  s.set_observer(nullptr);
  // One round: apply and wait until every target has an outcome (each ends within its timeout).
  s.apply(config);
  int64_t longest = 0;
  for (const auto& t : config.targets) longest = std::max(longest, t->timeout_ms);
  const int rounds = static_cast<int>((longest + 2000) / 50) * 2 + 100;
  std::vector<TargetResult> results;
  for (int i = 0; i < rounds; ++i) {
    results = s.snapshot();
    bool all = std::all_of(results.begin(), results.end(), [](const TargetResult& r) { return r.outcome != nullptr; });
    if (all) break;
    struct timespec ts {0, 50 * 1000 * 1000};
    nanosleep(&ts, nullptr);
  }
  s.stop();
  results = s.snapshot();
  ExporterStats st;
  st.probes_success = s.successes();
  st.probes_failure = s.failures();
  st.targets = config.targets.size();
  st.resident_bytes = resident_bytes();
  st.start_unix = SystemClock::instance().unix_seconds();
  st.last_reload_success_unix = st.start_unix;
  std::string out = render_metrics(results, st);
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
  bool ok = std::all_of(results.begin(), results.end(),
                        [](const TargetResult& r) { return r.outcome && r.outcome->success; });
  return ok ? kExitOk : kExitConnectFailed;
}

}  // namespace

int run_exporter(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  ExporterOptions o;
  ParseOutcome p = parse_exporter_args(args, o);
  if (!p.run) {
    std::fprintf(p.exit_code == kExitOk ? stdout : stderr, "%s\n", p.message.c_str());
    return p.exit_code;
  }
  std::signal(SIGPIPE, SIG_IGN);
  auto config = load_config(o.config);
  if (!config) {
    std::fprintf(stderr, "tlskit exporter: %s\n", config.error().detail.c_str());
    return kExitUsage;
  }
  if (o.check_config) {
    std::printf("tlskit exporter: %s: ok (%zu targets, %zu modules)\n", o.config.c_str(),
                config->targets.size(), config->modules.size());
    return kExitOk;
  }
  if (o.once) return run_once(*config);

  // Signals go to this thread only (blocked before any thread starts; waited for below).
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);

  Exporter ex(std::move(*config), o.quiet);
  if (auto s = ex.start(o.listen_host, o.listen_port, o.max_connections); !s) {
    std::fprintf(stderr, "tlskit exporter: %s\n", s.error().detail.c_str());
    return s.error().party == Party::network ? kExitConnectFailed : kExitUsage;
  }
  std::string where = (o.listen_host.find(':') != std::string::npos ? "[" + o.listen_host + "]" : o.listen_host) +
                      ":" + std::to_string(ex.port());
  std::printf("tlskit exporter: listening on %s\n", where.c_str());
  std::fflush(stdout);
  log_line("serving http://" + where + "/metrics (configuration " + o.config + ")");

  for (uint64_t round = 0; round < (uint64_t{1} << 62); ++round) {
    struct timespec wait {1, 0};
    int sig = sigtimedwait(&set, nullptr, &wait);
    if (sig == SIGHUP) {
      log_line("SIGHUP: reloading " + o.config);
      (void)ex.reload();
    } else if (sig == SIGTERM || sig == SIGINT) {
      log_line(std::string(sig == SIGTERM ? "SIGTERM" : "SIGINT") + ": stopping");
      break;
    }
  }
  ex.stop();
  log_line("stopped");
  return kExitOk;
}

}  // namespace tlskit::tools
