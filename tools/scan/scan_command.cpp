// `tlskit scan` flags, the parallel run and the exit code.
#include "scan/scan_command.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include "scan/findings.h"
#include "starttls/starttls.h"

namespace tlskit::tools::scan {

ScanParse parse_scan_args(const std::vector<std::string>& args, ScanCommand& c) {
  CLI::App app{"Scan TLS servers: protocols, cipher suites, certificates, weaknesses, a grade", "tlskit scan"};
  app.add_option("targets", c.targets, "HOST[:PORT] (default port 443, or the STARTTLS protocol's)");
  app.add_option("--targets", c.targets_file, "a file of targets, one HOST[:PORT] per line ('-': stdin)");
  app.add_option("--servername", c.servername, "SNI and the name the certificate must match (default: the host)");
  app.add_option("--CAfile", c.ca_file, "trusted roots (PEM) instead of the system store");
  app.add_option("--starttls", c.starttls, std::string("STARTTLS before TLS: ") + starttls_choices());
  app.add_flag("--json", c.json, "one JSON document on stdout (docs/json-schema.md), nothing else");
  app.add_option("--html", c.html_file, "also write one self-contained HTML page to FILE");
  app.add_option("--parallel", c.parallel, "targets scanned at once (1..256)");
  app.add_option("--connections", c.connections, "connections to one target at once (1..16)");
  app.add_option("--timeout", c.timeout_ms, "connect and read timeout in ms (100..60000)");
  app.add_flag("--quick", c.quick, "protocols, cipher suites, certificate and grade only");
  app.add_option("--fail-on", c.fail_on, "exit 5 when a finding is at or above: info, low, medium, high, critical");
  app.add_flag("--no-progress", c.no_progress, "no progress bar on stderr");
  app.add_flag("--no-http", c.no_http, "no HTTP request (HSTS and security headers)");
  app.add_flag("--no-clients", c.no_clients, "no client simulation");
  std::vector<std::string> rev(args.rbegin(), args.rend());
  try {
    app.parse(rev);
  } catch (const CLI::CallForHelp&) {
    return {false, 0, app.help()};
  } catch (const CLI::ParseError& e) {
    return {false, 2, std::string("tlskit scan: ") + e.what()};
  }
  c.servername_set = app.count("--servername") > 0;
  auto bad = [](const std::string& m) { return ScanParse{false, 2, "tlskit scan: " + m}; };
  if (c.targets.empty() && c.targets_file.empty()) return bad("no target; give HOST[:PORT] or --targets FILE");
  if (c.parallel < 1 || c.parallel > kMaxParallelTargets)
    return bad("--parallel " + std::to_string(c.parallel) + " is out of range; use 1 to " + std::to_string(kMaxParallelTargets));
  if (c.connections < 1 || c.connections > 16)
    return bad("--connections " + std::to_string(c.connections) + " is out of range; use 1 to 16");
  if (c.timeout_ms < 100 || c.timeout_ms > 60000)
    return bad("--timeout " + std::to_string(c.timeout_ms) + " is out of range; use 100 to 60000 (ms)");
  if (!parse_severity(c.fail_on)) return bad("--fail-on '" + c.fail_on + "': use info, low, medium, high or critical");
  if (!c.starttls.empty() && !parse_starttls(c.starttls))
    return bad("--starttls '" + c.starttls + "': use one of " + starttls_choices());
  return {true, 0, ""};
}

Result<std::vector<ScanTarget>> resolve_targets(const ScanCommand& c, uint16_t default_port) {
  std::vector<ScanTarget> out;
  for (const auto& t : c.targets) {
    TK_ASSIGN(ScanTarget st, parse_target(t, default_port));
    out.push_back(std::move(st));
  }
  if (!c.targets_file.empty()) {
    TK_ASSIGN(std::vector<ScanTarget> more, read_targets_file(c.targets_file, default_port));
    for (auto& t : more) out.push_back(std::move(t));
  }
  if (out.size() > kMaxTargets)
    return make_error(ErrorCode::config_invalid, Alert::none, Party::config, Step::config,
                      "more than " + std::to_string(kMaxTargets) + " targets");
  if (out.empty())
    return make_error(ErrorCode::config_invalid, Alert::none, Party::config, Step::config,
                      "no target (the --targets file has none)");
  return out;
}

std::vector<TargetReport> scan_all(const std::vector<ScanTarget>& targets, int parallel,
                                   const std::function<TargetReport(const ScanTarget&)>& scan_one,
                                   const std::function<void(size_t, size_t)>& progress) {
  std::vector<TargetReport> out(targets.size());
  std::atomic<size_t> next{0}, done{0};
  std::mutex mu;
  auto worker = [&]() {
    for (;;) {
      size_t i = next.fetch_add(1);
      if (i >= targets.size()) return;
      out[i] = scan_one(targets[i]);
      size_t d = done.fetch_add(1) + 1;
      if (progress) {
        std::lock_guard<std::mutex> lock(mu);
        progress(d, targets.size());
      }
    }
  };
  size_t n = std::min<size_t>(static_cast<size_t>(std::max(1, parallel)), targets.size());
  std::vector<std::thread> threads;
  for (size_t i = 1; i < n; ++i) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();
  return out;
}

int scan_exit_code(const std::vector<TargetReport>& reports, Severity fail_on) {
  for (const auto& r : reports) {
    if (r.error && fail_on <= Severity::high) return kExitFindings;
    for (const auto& f : r.findings)
      if (f.severity >= fail_on)
        return kExitFindings;
  }
  return 0;
}

std::string progress_bar(size_t done, size_t total, int width) {
  width = std::clamp(width, 10, 200);
  size_t fill = total == 0 ? 0 : std::min<size_t>(static_cast<size_t>(width), done * static_cast<size_t>(width) / total);
  return "[" + std::string(fill, '#') + std::string(static_cast<size_t>(width) - fill, '.') + "] " +
         std::to_string(done) + "/" + std::to_string(total) + " targets";
}

}  // namespace tlskit::tools::scan
