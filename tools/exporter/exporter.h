// The exporter daemon: the configuration in force, the background scheduler, the HTTP
// endpoints (/metrics, /probe, /, /healthz) and reloads. Signals are handled by the caller
// (tools/cmd_exporter.cpp), which calls reload() and stop().
#pragma once
#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "exporter/config.h"
#include "exporter/http_server.h"
#include "exporter/scheduler.h"

namespace tlskit::tools::exporter {

// Writes one log line to stderr: "2026-01-02T03:04:05Z tlskit exporter: <text>" (thread-safe).
void log_line(const std::string& text);

class Exporter {
 public:
  // Takes a loaded configuration; quiet: no log line per probe state change.
  Exporter(ExporterConfig config, bool quiet, ProbeFunction probe = run_target_probe);
  ~Exporter();
  Exporter(const Exporter&) = delete;
  Exporter& operator=(const Exporter&) = delete;

  // Builds the built-in /probe module, starts the scheduler and listens on address:port.
  // Errors: io_error (cannot listen) or config errors of the built-in module.
  Result<void> start(const std::string& address, uint16_t port, int max_connections);
  // Re-reads the configuration file. On success the new targets take over; on failure the old
  // configuration stays, the error is logged (with FILE:LINE:COLUMN) and returned.
  Result<void> reload();
  // Stops the HTTP server and the scheduler (running probes end within their timeouts).
  void stop();
  // The bound port.
  uint16_t port() const;
  // HTTP connections being served right now.
  int http_active() const { return http_ ? http_->active() : 0; }

  // Handles one request (exposed for tests).
  HttpResponse handle(const HttpRequest& request);

 private:
  ExporterStats stats() const;
  HttpResponse probe(const HttpRequest& request);

  mutable std::mutex mu_;
  std::shared_ptr<const ExporterConfig> config_;
  std::shared_ptr<const ModuleSpec> builtin_module_;
  bool last_reload_ok_ = true;
  int64_t last_reload_success_unix_ = 0;
  int64_t start_unix_ = 0;
  bool quiet_;
  Scheduler scheduler_;
  std::unique_ptr<HttpServer> http_;
};

}  // namespace tlskit::tools::exporter
