// `tlskit scan`: its flags (parsed with CLI11), the run over many targets (a bounded number at
// once, each with its own Prober), the progress bar, and the exit code.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "scan/scan_report.h"
#include "scan/scanner.h"
#include "scan/targets.h"

namespace tlskit::tools::scan {

// Exit code when a finding is at or above --fail-on (docs/scan.md, docs/cli.md).
inline constexpr int kExitFindings = 5;
// Most targets scanned at once (--parallel).
inline constexpr int kMaxParallelTargets = 256;

// Every flag of `tlskit scan`.
struct ScanCommand {
  std::vector<std::string> targets;  // positional HOST[:PORT]
  std::string targets_file;          // --targets FILE
  std::string servername;
  bool servername_set = false;
  std::string ca_file;               // --CAfile
  std::string starttls;              // --starttls PROTO
  bool json = false;
  std::string html_file;             // --html FILE
  int parallel = 1;                  // targets at once
  int connections = 4;               // --connections: per-target connection bound
  int timeout_ms = 5000;             // --timeout (ms)
  bool quick = false;
  std::string fail_on = "high";      // --fail-on SEVERITY
  bool no_progress = false;
  bool no_http = false;
  bool no_clients = false;
};

// The outcome of parsing: run, or exit (help: 0 with text; bad flags: 2 with the error).
struct ScanParse {
  bool run = false;
  int exit_code = 0;
  std::string message;
};

// Parses args (without program and subcommand names) into out.
ScanParse parse_scan_args(const std::vector<std::string>& args, ScanCommand& out);

// Resolves the targets (positional and --targets) with default_port; errors name the bad one.
Result<std::vector<ScanTarget>> resolve_targets(const ScanCommand& c, uint16_t default_port);

// Scans every target, `parallel` at once; progress(done, total, current) after each phase or
// target. The reports keep the order of the targets.
std::vector<TargetReport> scan_all(const std::vector<ScanTarget>& targets, int parallel,
                                   const std::function<TargetReport(const ScanTarget&)>& scan_one,
                                   const std::function<void(size_t done, size_t total)>& progress = {});

// The exit code of a finished run: 0 nothing at or above fail_on, kExitFindings a finding at or
// above it (a target error counts as a high finding).
int scan_exit_code(const std::vector<TargetReport>& reports, Severity fail_on);

// "[#####.....] 3/10 targets" for a terminal of `width` columns.
std::string progress_bar(size_t done, size_t total, int width = 40);

}  // namespace tlskit::tools::scan
