// Flags of `tlskit exporter` (CLI11).
#pragma once
#include <string>
#include <vector>

#include "cli/client_options.h"
#include "exporter/http_server.h"

namespace tlskit::tools::exporter {

// Every exporter flag, as given.
struct ExporterOptions {
  std::string config;                       // --config FILE (required)
  std::string listen = "127.0.0.1:9219";    // --listen ADDR:PORT (port 0: a free port, printed)
  int max_connections = kDefaultMaxConnections;  // HTTP connections served at once
  bool check_config = false;                // validate the configuration and exit
  bool once = false;                        // probe every target once, print /metrics, exit
  bool quiet = false;                       // no log line per target state change
  std::string listen_host;                  // parsed from listen
  uint16_t listen_port = 9219;
};

// Parses args (without program and subcommand names); help and usage errors as for the client.
ParseOutcome parse_exporter_args(const std::vector<std::string>& args, ExporterOptions& out);

}  // namespace tlskit::tools::exporter
