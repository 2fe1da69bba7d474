// The exporter daemon: endpoints and reloads.
#include "exporter/exporter.h"

#include <cstdio>

#include "base/clock.h"
#include "exporter/metrics.h"
#include "exporter/status_page.h"
#include "x509/certificate.h"

namespace tlskit::tools::exporter {
namespace {

std::mutex g_log_mu;

HttpResponse text(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body) + "\n";
  return r;
}

// Logs state changes of a target: first result, success <-> failure, another cause.
void log_change(const TargetSpec& t, const ProbeOutcome& o, const ProbeOutcome* prev) {
  if (prev != nullptr && prev->success == o.success && prev->cause == o.cause) return;
  if (o.success) {
    log_line("target '" + t.name + "': ok" + (o.version.empty() ? "" : " (" + o.version + ")"));
  } else {
    log_line("target '" + t.name + "': FAILED: " + o.cause + ": " + o.explanation);
  }
}

}  // namespace

void log_line(const std::string& line) {
  std::string ts = x509::format_time_iso(SystemClock::instance().unix_seconds());
  std::lock_guard<std::mutex> lock(g_log_mu);
  std::fprintf(stderr, "%s tlskit exporter: %s\n", ts.c_str(), line.c_str());
  std::fflush(stderr);
}

Exporter::Exporter(ExporterConfig config, bool quiet, ProbeFunction probe)
    : config_(std::make_shared<const ExporterConfig>(std::move(config))),
      quiet_(quiet),
      scheduler_(std::move(probe)) {
  start_unix_ = SystemClock::instance().unix_seconds();
  last_reload_success_unix_ = start_unix_;
  if (!quiet_) scheduler_.set_observer(log_change);
}

Exporter::~Exporter() { stop(); }

Result<void> Exporter::start(const std::string& address, uint16_t port, int max_connections) {
  // The module /probe uses without module=...: verification against the system trust store.
  auto setup = build_setup(TlsSettings{}, "localhost:443");
  if (!setup) return setup.error();
  auto m = std::make_shared<ModuleSpec>();
  m->name = "(built-in)";
  m->base = std::move(*setup);
  m->timeout_ms = config_->timeout_ms;
  builtin_module_ = m;
  TK_ASSIGN(http_, HttpServer::listen(address, port, [this](const HttpRequest& r) { return handle(r); },
                                      max_connections));
  scheduler_.apply(*config_);
  http_->start();
  return ok();
}

Result<void> Exporter::reload() {
  std::string path;
  {
    std::lock_guard<std::mutex> lock(mu_);
    path = config_->path;
  }
  auto next = load_config(path);
  std::lock_guard<std::mutex> lock(mu_);
  if (!next) {
    last_reload_ok_ = false;
    log_line("reload failed, keeping the configuration in force: " + next.error().detail);
    return next.error();
  }
  config_ = std::make_shared<const ExporterConfig>(std::move(*next));
  last_reload_ok_ = true;
  last_reload_success_unix_ = SystemClock::instance().unix_seconds();
  scheduler_.apply(*config_);
  log_line("configuration reloaded from " + path + ": " + std::to_string(config_->targets.size()) +
           " targets, " + std::to_string(config_->modules.size()) + " modules");
  return ok();
}

void Exporter::stop() {
  if (http_) http_->stop();
  scheduler_.stop();
}

uint16_t Exporter::port() const { return http_ ? http_->port() : 0; }

ExporterStats Exporter::stats() const {
  ExporterStats s;
  s.probes_success = scheduler_.successes();
  s.probes_failure = scheduler_.failures();
  std::lock_guard<std::mutex> lock(mu_);
  s.last_reload_ok = last_reload_ok_;
  s.last_reload_success_unix = last_reload_success_unix_;
  s.targets = config_->targets.size();
  s.resident_bytes = resident_bytes();
  s.start_unix = start_unix_;
  return s;
}

HttpResponse Exporter::probe(const HttpRequest& req) {
  auto target = req.query.get("target");
  if (!target || target->empty())
    return text(400, "/probe needs a target: /probe?target=HOST:PORT[&module=NAME][&servername=NAME]");
  auto hp = io::parse_host_port(*target);
  if (!hp) return text(400, "target '" + *target + "': " + hp.error().detail + "; write HOST:PORT");
  std::shared_ptr<const ModuleSpec> module;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto name = req.query.get("module");
    if (name) {
      auto it = config_->modules.find(*name);
      if (it == config_->modules.end()) {
        std::string list;
        for (const auto& [k, v] : config_->modules) list += (list.empty() ? "" : ", ") + k;
        return text(400, "unknown module '" + *name + "' (configured: " + (list.empty() ? "none" : list) + ")");
      }
      module = it->second;
    } else if (auto it = config_->modules.find("default"); it != config_->modules.end()) {
      module = it->second;
    } else {
      module = builtin_module_;
    }
  }
  std::optional<std::string> server_name = req.query.get("servername");
  if (server_name && server_name->empty()) return text(400, "servername is empty");
  if (!server_name) server_name = module->tls.server_name;
  ClientSetup setup = retarget(module->base, *hp, server_name);
  ProbeOutcome o = probe_network(setup, module->starttls, module->timeout_ms, module->follow_up_probes,
                                 SystemClock::instance());
  HttpResponse r;
  r.content_type = kExpositionContentType;
  r.body = render_probe(o);
  return r;
}

HttpResponse Exporter::handle(const HttpRequest& req) {
  if (req.method != "GET" && req.method != "HEAD") {
    HttpResponse r = text(405, "only GET and HEAD are served");
    r.allow = "GET, HEAD";
    return r;
  }
  if (req.path == "/metrics") {
    HttpResponse r;
    r.content_type = kExpositionContentType;
    r.body = render_metrics(scheduler_.snapshot(), stats());
    return r;
  }
  if (req.path == "/probe") return probe(req);
  if (req.path == "/healthz") return text(200, "ok");
  if (req.path == "/") {
    HttpResponse r;
    r.content_type = "text/html; charset=utf-8";
    r.body = render_status_page(scheduler_.snapshot(), stats(), SystemClock::instance().unix_seconds());
    return r;
  }
  return text(404, "not found: " + req.path.substr(0, 200) + " (try /metrics, /probe, /healthz or /)");
}

}  // namespace tlskit::tools::exporter
