// The exporter's configuration file (YAML, read with yaml-cpp): global defaults, the targets
// probed in the background and the modules of /probe. Validated on load; every error names the
// file, line and column and what to change. Documented in docs/exporter.md.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "cli/client_config.h"
#include "starttls/starttls.h"

namespace tlskit::tools::exporter {

// Bounds of the file itself: larger files and deeper nesting are refused before parsing.
inline constexpr size_t kMaxConfigBytes = 1024 * 1024;
inline constexpr int kMaxConfigNesting = 32;
inline constexpr size_t kMaxTargets = 10000;
inline constexpr size_t kMaxModules = 1000;
// Bounds of durations (interval and timeout).
inline constexpr int64_t kMinDurationMs = 10;
inline constexpr int64_t kMaxIntervalMs = int64_t{7} * 24 * 3600 * 1000;
inline constexpr int64_t kMaxTimeoutMs = 10 * 60 * 1000;
inline constexpr int kMaxConcurrency = 256;

// Where a value came from in the file (1-based; 0 when unknown).
struct SourcePos {
  int line = 0;
  int column = 0;
};

// "FILE:LINE:COLUMN" (or just FILE when the position is unknown).
std::string format_pos(const std::string& file, SourcePos pos);

// The STARTTLS protocols (StartTls, parse_starttls, starttls_name) are the shared ones of
// tools/starttls/starttls.h.

// TLS settings shared by targets and modules; unset fields inherit (target <- its module <-
// built-in defaults).
struct TlsSettings {
  std::optional<std::string> server_name;
  std::optional<std::string> ca_file;
  std::optional<std::string> ca_path;
  std::optional<bool> insecure;
  std::optional<std::string> client_cert;
  std::optional<std::string> client_key;
  std::optional<StartTls> starttls;
  std::optional<std::vector<std::string>> versions;       // "1.2", "1.3"
  std::optional<std::vector<std::string>> groups;         // "X25519", "P-256", ...
  std::optional<std::vector<std::string>> ciphersuites;   // TLS 1.3 suites (IANA names)
  std::optional<std::vector<std::string>> ciphers;        // TLS 1.2 suites (OpenSSL or IANA)
  std::optional<std::vector<std::string>> alpn;
  std::optional<int64_t> timeout_ms;
  std::optional<bool> follow_up_probes;  // run the debugger's follow-up probes on failures
};

// Fills every unset field of into from defaults.
void inherit(TlsSettings& into, const TlsSettings& defaults);

// A module of /probe: TLS settings, built once (trust store parsed at load).
struct ModuleSpec {
  std::string name;
  TlsSettings tls;
  ClientSetup base;     // built for a placeholder target; retargeted per request
  int64_t timeout_ms = 10000;
  StartTls starttls = StartTls::none;
  bool follow_up_probes = false;
};

// A configured target: a TLS endpoint (address) or certificate files (a glob).
struct TargetSpec {
  std::string name;           // the `target` label
  std::string address;        // "host:port" (network targets)
  std::string file;           // a glob(3) pattern (file targets)
  std::string module;         // the module it inherits from, or ""
  TlsSettings tls;            // after inheritance
  int64_t interval_ms = 60000;
  int64_t timeout_ms = 10000;
  StartTls starttls = StartTls::none;
  bool follow_up_probes = false;
  ClientSetup setup;          // network targets: Config and trust store, built at load
  SourcePos pos;              // where the entry starts
  bool is_file() const { return !file.empty(); }
};

// The whole configuration.
struct ExporterConfig {
  std::string path;            // the file it was read from
  int64_t interval_ms = 60000; // global.interval
  int64_t timeout_ms = 10000;  // global.timeout
  int concurrency = 4;         // global.concurrency: probes running at once
  double jitter = 0.1;         // global.jitter: +-fraction of the interval
  std::vector<std::shared_ptr<const TargetSpec>> targets;
  std::map<std::string, std::shared_ptr<const ModuleSpec>> modules;
};

// Parses "500ms", "30s", "5m", "1h", "1d", "1m30s" into milliseconds; nullopt otherwise.
std::optional<int64_t> parse_duration_ms(const std::string& text);

// Reads, parses and validates the file at path, and builds every target's and module's client
// setup (so unreadable CA or key files are load errors). Errors are config_invalid/file_error
// with "FILE:LINE:COLUMN: where: what is wrong; what to write instead".
Result<ExporterConfig> load_config(const std::string& path);

// The same from text (path is used in messages and to resolve nothing else).
Result<ExporterConfig> parse_config(const std::string& text, const std::string& path);

// Builds the ClientSetup of settings for "host:port" (verification, trust store, client
// certificate, versions, groups, suites, ALPN). Errors name the bad value.
Result<ClientSetup> build_setup(const TlsSettings& tls, const std::string& address);

// The setup of base pointed at another host:port (SNI and host check follow server_name when
// given, else the host), sharing base's trust store and client certificate.
ClientSetup retarget(const ClientSetup& base, const io::HostPort& target,
                     const std::optional<std::string>& server_name);

}  // namespace tlskit::tools::exporter
