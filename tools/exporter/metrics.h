// The exporter's metric families (names compatible with blackbox_exporter and ssl_exporter,
// plus tlskit_* ones) rendered from probe outcomes into the exposition format.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "exporter/config.h"
#include "exporter/exposition.h"
#include "exporter/probe.h"

namespace tlskit::tools::exporter {

// The version in tlskit_exporter_build_info.
inline constexpr const char* kExporterVersion = "0.1.0";

// Declares every family a probe may produce, in the documented order.
void declare_probe_families(Exposition& e);

// Adds the samples of one outcome; base labels ({target="web"}, or none for /probe) go first on
// every series. Absent facts give no sample (no OCSP status without a stapled response, no
// failure cause on success).
void add_probe_samples(Exposition& e, const ProbeOutcome& o, const Labels& base);

// The exporter's own state, for its tlskit_exporter_* and process_* families.
struct ExporterStats {
  uint64_t probes_success = 0;
  uint64_t probes_failure = 0;
  bool last_reload_ok = true;
  int64_t last_reload_success_unix = 0;
  size_t targets = 0;
  int64_t resident_bytes = 0;   // from /proc/self/statm; 0 when unknown
  int64_t start_unix = 0;
};

// One configured target and its last outcome (null before the first probe ends).
struct TargetResult {
  std::shared_ptr<const TargetSpec> spec;
  std::shared_ptr<const ProbeOutcome> outcome;
};

// The /metrics document: every target's last outcome (label target = its name), then the
// exporter's own families.
std::string render_metrics(const std::vector<TargetResult>& results, const ExporterStats& stats);

// The /probe document for one outcome (no target label, as blackbox_exporter's /probe).
std::string render_probe(const ProbeOutcome& o);

// Resident set size of this process in bytes (/proc/self/statm), 0 when unknown.
int64_t resident_bytes();

}  // namespace tlskit::tools::exporter
