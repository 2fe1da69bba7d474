// `tlskit scan HOST[:PORT]...`: scans every target (a bounded number at once), prints text or
// one JSON document, optionally writes an HTML page, and exits 0 / 5 by --fail-on (1/2 as
// elsewhere). docs/scan.md describes the scan, docs/json-schema.md the document.
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <mutex>

#include "commands.h"
#include "scan/render.h"
#include "scan/scan_command.h"
#include "tlskit/version.h"
#include "x509/verifier.h"

namespace tlskit::tools {

int run_scan(int argc, char** argv) {
  using namespace scan;
  ScanCommand c;
  std::vector<std::string> args(argv + 1, argv + argc);
  ScanParse parsed = parse_scan_args(args, c);
  if (!parsed.run) {
    std::fprintf(parsed.exit_code == 0 ? stdout : stderr, "%s\n", parsed.message.c_str());
    return parsed.exit_code;
  }
  StartTls st = c.starttls.empty() ? StartTls::none : *parse_starttls(c.starttls);
  auto targets = resolve_targets(c, starttls_default_port(st));
  if (!targets) {
    std::fprintf(stderr, "tlskit scan: %s\n", targets.error().detail.c_str());
    return kExitUsage;
  }
  x509::VerifierOptions vo;
  vo.ca_file = c.ca_file;
  vo.use_system_store = c.ca_file.empty();
  auto verifier = x509::make_x509_verifier(vo);
  if (!verifier) {
    std::fprintf(stderr, "tlskit scan: %s\n", verifier.error().detail.c_str());
    return kExitUsage;
  }
  ScanOptions so;
  so.servername = c.servername;
  so.servername_set = c.servername_set;
  so.starttls = st;
  so.quick = c.quick;
  so.connections = c.connections;
  so.timeout_ms = c.timeout_ms;
  so.http = !c.no_http;
  so.clients = !c.no_clients;
  SystemClock clock;
  const bool bar = !c.no_progress && ::isatty(STDERR_FILENO);
  std::mutex mu;
  size_t total = targets->size(), finished = 0;
  auto draw = [&](const std::string& phase) {
    std::fprintf(stderr, "\r%s %-24s", progress_bar(finished, total).c_str(), phase.c_str());
    std::fflush(stderr);
  };
  ScanDocument doc;
  doc.started_unix = clock.unix_seconds();
  doc.tool_version = TLSKIT_VERSION_STRING;
  const int64_t start = clock.monotonic_micros();
  doc.targets = scan_all(
      *targets, c.parallel,
      [&](const ScanTarget& t) {
        PhaseCallback phase;
        if (bar)
          phase = [&](const char* p) {
            std::lock_guard<std::mutex> lock(mu);
            draw(p);
          };
        return scan_target(t, so, **verifier, clock, phase);
      },
      [&](size_t done, size_t) {
        finished = done;
        if (bar) draw("");
      });
  doc.duration_ms = (clock.monotonic_micros() - start) / 1000;
  if (bar) std::fprintf(stderr, "\n");  // the last callback drew the full bar
  if (c.json) {
    std::cout << document_json(doc).dump(2) << "\n";
  } else {
    for (const auto& t : doc.targets) std::cout << target_text(t) << "\n";
  }
  if (!c.html_file.empty()) {
    std::ofstream f(c.html_file, std::ios::binary | std::ios::trunc);
    if (!f || !(f << document_html(doc))) {
      std::fprintf(stderr, "tlskit scan: cannot write '%s'\n", c.html_file.c_str());
      return kExitUsage;
    }
  }
  return scan_exit_code(doc.targets, *parse_severity(c.fail_on));
}

}  // namespace tlskit::tools
