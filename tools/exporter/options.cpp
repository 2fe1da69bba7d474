// Flags of `tlskit exporter`.
#include "exporter/options.h"

#include <CLI/CLI.hpp>

#include "commands.h"
#include "io/tcp.h"

namespace tlskit::tools::exporter {

ParseOutcome parse_exporter_args(const std::vector<std::string>& args, ExporterOptions& o) {
  const std::string program = "tlskit exporter";
  CLI::App app("Prometheus exporter: certificate expiry and TLS handshake health of the configured "
               "targets, with the diagnosis cause of every failure.",
               program);
  app.add_option("--config", o.config, "configuration file (YAML; see docs/exporter.md)");
  app.add_option("--listen", o.listen, "address:port to serve HTTP on (default 127.0.0.1:9219; "
                                       "port 0 picks a free one)");
  app.add_option("--max-connections", o.max_connections, "HTTP connections served at once (default 64)")
      ->check(CLI::Range(1, 4096));
  app.add_flag("--check-config", o.check_config, "validate the configuration and exit");
  app.add_flag("--once", o.once, "probe every target once, print the metrics on stdout and exit");
  app.add_flag("--quiet", o.quiet, "no log line when a target's state changes");
  app.footer("\nEndpoints: /metrics, /probe?target=HOST:PORT&module=NAME&servername=NAME, /, /healthz.\n"
             "Signals: SIGHUP reloads the configuration, SIGTERM/SIGINT stop.\n"
             "Exit codes: 0 stopped cleanly (or --check-config ok, or --once: every probe succeeded),\n"
             "1 cannot listen (or --once: a probe failed), 2 usage or configuration error. "
             "See docs/exporter.md.");
  if (auto stop = parse_with_cli(app, args, program)) return *stop;
  ParseOutcome r;
  if (o.config.empty()) {
    r.exit_code = kExitUsage;
    r.message = program + ": --config FILE is required (try --help)";
    return r;
  }
  std::string listen = o.listen;
  if (!listen.empty() && listen[0] == ':') listen = "0.0.0.0" + listen;
  // Port 0 (a free port, for tests) is not a port to connect to, so parse_host_port refuses it.
  bool any_port = listen.size() > 2 && listen.compare(listen.size() - 2, 2, ":0") == 0;
  if (any_port) listen.back() = '1';
  auto hp = io::parse_host_port(listen);
  if (hp && any_port) hp->port = 0;
  if (!hp || !io::is_ip_literal(hp->host)) {
    r.exit_code = kExitUsage;
    r.message = program + ": --listen '" + o.listen +
                "': write a numeric ADDRESS:PORT, e.g. 127.0.0.1:9219 or [::1]:9219" +
                (hp ? "" : " (" + hp.error().detail + ")");
    return r;
  }
  o.listen_host = hp->host;
  o.listen_port = hp->port;
  r.run = true;
  return r;
}

}  // namespace tlskit::tools::exporter
