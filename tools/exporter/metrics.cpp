// Rendering probe outcomes and the exporter's state as metric families.
#include "exporter/metrics.h"

#include <unistd.h>

#include <cstdio>

namespace tlskit::tools::exporter {
namespace {

struct FamilyDef {
  const char* name;
  MetricType type;
  const char* help;
};

// Every probe family, in output order (docs/exporter.md lists the same).
constexpr FamilyDef kProbeFamilies[] = {
    {"probe_success", MetricType::gauge,
     "1 when the last probe succeeded: TLS handshake complete, chain and host name verified "
     "(file targets: every matched file read and parsed)"},
    {"probe_duration_seconds", MetricType::gauge, "How long the probe took, connect to verdict, in seconds"},
    {"probe_tls_handshake_seconds", MetricType::gauge,
     "Time from the ClientHello to the completed handshake, in seconds"},
    {"tlskit_probe_tcp_connect_seconds", MetricType::gauge, "TCP connect time, in seconds"},
    {"probe_tls_version_info", MetricType::gauge, "The TLS version the server chose"},
    {"probe_tls_cipher_info", MetricType::gauge, "The cipher suite the server chose (IANA name)"},
    {"tlskit_probe_tls_group_info", MetricType::gauge,
     "The key exchange group the server chose; post_quantum=\"true\" for hybrid ML-KEM groups"},
    {"probe_ssl_earliest_cert_expiry", MetricType::gauge,
     "Earliest notAfter (Unix seconds) of the certificates as sent by the server (or found in the files)"},
    {"probe_ssl_last_chain_expiry_timestamp_seconds", MetricType::gauge,
     "Earliest notAfter (Unix seconds) in the verified chain, trust anchor included"},
    {"ssl_cert_not_after", MetricType::gauge,
     "notAfter of each certificate (Unix seconds), reported whether or not the chain verifies"},
    {"ssl_cert_not_before", MetricType::gauge,
     "notBefore of each certificate (Unix seconds), reported whether or not the chain verifies"},
    {"ssl_ocsp_response_stapled", MetricType::gauge,
     "1 when the server stapled an OCSP response, 0 when it sent its certificate without one"},
    {"ssl_ocsp_response_status", MetricType::gauge,
     "Status in the stapled OCSP response: 0 good, 1 revoked, 2 unknown (absent without one)"},
    {"ssl_ocsp_response_produced_at", MetricType::gauge, "producedAt of the stapled OCSP response (Unix seconds)"},
    {"ssl_ocsp_response_this_update", MetricType::gauge, "thisUpdate of the stapled OCSP response (Unix seconds)"},
    {"ssl_ocsp_response_next_update", MetricType::gauge, "nextUpdate of the stapled OCSP response (Unix seconds)"},
    {"ssl_ocsp_response_revoked_at", MetricType::gauge,
     "revocationTime in the stapled OCSP response (Unix seconds), when revoked"},
    {"tlskit_probe_failure_info", MetricType::gauge,
     "1 with the diagnosis cause id of a failed probe (a closed set, see docs/json-schema.md)"},
    {"tlskit_probe_verify_code", MetricType::gauge,
     "OpenSSL verify code of the server's chain (0 ok, 10 expired, 62 host name mismatch, ...)"},
};

Labels with(const Labels& base, std::initializer_list<Label> more) {
  Labels l = base;
  l.insert(l.end(), more.begin(), more.end());
  return l;
}

double d(int64_t v) { return static_cast<double>(v); }

}  // namespace

void declare_probe_families(Exposition& e) {
  for (const FamilyDef& f : kProbeFamilies) e.declare(f.name, f.type, f.help);
}

void add_probe_samples(Exposition& e, const ProbeOutcome& o, const Labels& base) {
  e.add("probe_success", base, o.success ? 1 : 0);
  e.add("probe_duration_seconds", base, o.duration_seconds);
  if (o.handshake_seconds) e.add("probe_tls_handshake_seconds", base, *o.handshake_seconds);
  if (o.connect_seconds) e.add("tlskit_probe_tcp_connect_seconds", base, *o.connect_seconds);
  if (!o.version.empty()) e.add("probe_tls_version_info", with(base, {{"version", o.version}}), 1);
  if (!o.cipher.empty()) e.add("probe_tls_cipher_info", with(base, {{"cipher", o.cipher}}), 1);
  if (!o.group.empty())
    e.add("tlskit_probe_tls_group_info",
          with(base, {{"group", o.group}, {"post_quantum", o.post_quantum ? "true" : "false"}}), 1);
  if (o.earliest_expiry) e.add("probe_ssl_earliest_cert_expiry", base, d(*o.earliest_expiry));
  if (o.last_chain_expiry)
    e.add("probe_ssl_last_chain_expiry_timestamp_seconds", base, d(*o.last_chain_expiry));
  for (const CertFacts& c : o.certs) {
    Labels l = base;
    if (o.file_target) l.emplace_back("file", c.file);
    l.insert(l.end(), {{"depth", std::to_string(c.depth)},
                       {"cn", c.cn},
                       {"issuer_cn", c.issuer_cn},
                       {"serial_no", c.serial_no},
                       {"dnsnames", c.dnsnames}});
    e.add("ssl_cert_not_after", l, d(c.not_after));
    e.add("ssl_cert_not_before", l, d(c.not_before));
  }
  if (!o.file_target && o.ocsp_possible) e.add("ssl_ocsp_response_stapled", base, o.ocsp ? 1 : 0);
  if (o.ocsp) {
    if (o.ocsp->status) e.add("ssl_ocsp_response_status", base, *o.ocsp->status);
    if (o.ocsp->produced_at) e.add("ssl_ocsp_response_produced_at", base, d(*o.ocsp->produced_at));
    if (o.ocsp->this_update) e.add("ssl_ocsp_response_this_update", base, d(*o.ocsp->this_update));
    if (o.ocsp->next_update) e.add("ssl_ocsp_response_next_update", base, d(*o.ocsp->next_update));
    if (o.ocsp->revoked_at) e.add("ssl_ocsp_response_revoked_at", base, d(*o.ocsp->revoked_at));
  }
  if (!o.success) e.add("tlskit_probe_failure_info", with(base, {{"cause", o.cause}}), 1);
  if (o.verify_code) e.add("tlskit_probe_verify_code", base, *o.verify_code);
}

std::string render_metrics(const std::vector<TargetResult>& results, const ExporterStats& s) {
  Exposition e;
  declare_probe_families(e);
  e.declare("tlskit_probe_last_run_timestamp_seconds", MetricType::gauge,
            "When the target's last probe ended (Unix seconds)");
  for (const TargetResult& r : results) {
    if (!r.outcome) continue;
    Labels base = {{"target", r.spec->name}};
    add_probe_samples(e, *r.outcome, base);
    e.add("tlskit_probe_last_run_timestamp_seconds", base, d(r.outcome->finished_unix));
  }
  e.declare("tlskit_exporter_probes_total", MetricType::counter,
            "Background probes run since the exporter started, by result");
  e.add("tlskit_exporter_probes_total", {{"result", "success"}}, static_cast<double>(s.probes_success));
  e.add("tlskit_exporter_probes_total", {{"result", "failure"}}, static_cast<double>(s.probes_failure));
  e.declare("tlskit_exporter_targets", MetricType::gauge, "Targets in the configuration in force");
  e.add("tlskit_exporter_targets", {}, static_cast<double>(s.targets));
  e.declare("tlskit_exporter_config_last_reload_successful", MetricType::gauge,
            "1 when the last configuration load (start or SIGHUP) succeeded");
  e.add("tlskit_exporter_config_last_reload_successful", {}, s.last_reload_ok ? 1 : 0);
  e.declare("tlskit_exporter_config_last_reload_success_timestamp_seconds", MetricType::gauge,
            "When the configuration in force was loaded (Unix seconds)");
  e.add("tlskit_exporter_config_last_reload_success_timestamp_seconds", {}, d(s.last_reload_success_unix));
  e.declare("tlskit_exporter_build_info", MetricType::gauge, "The exporter's version, value 1");
  e.add("tlskit_exporter_build_info", {{"version", kExporterVersion}}, 1);
  e.declare("process_resident_memory_bytes", MetricType::gauge, "Resident memory size in bytes");
  if (s.resident_bytes > 0) e.add("process_resident_memory_bytes", {}, d(s.resident_bytes));
  e.declare("process_start_time_seconds", MetricType::gauge, "Start time of the process (Unix seconds)");
  e.add("process_start_time_seconds", {}, d(s.start_unix));
  return e.render();
}

std::string render_probe(const ProbeOutcome& o) {
  Exposition e;
  declare_probe_families(e);
  add_probe_samples(e, o, {});
  return e.render();
}

int64_t resident_bytes() {
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  long long size = 0, resident = 0;
  int n = std::fscanf(f, "%lld %lld", &size, &resident);
  std::fclose(f);
  if (n != 2) return 0;
  return static_cast<int64_t>(resident) * sysconf(_SC_PAGESIZE);
}

}  // namespace tlskit::tools::exporter
