// Loading and validating the exporter's YAML configuration (yaml-cpp). yaml-cpp reports errors
// with exceptions; they are caught here, at the boundary, and become tlskit Errors.
#include "exporter/config.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include "cli/client_options.h"

namespace tlskit::tools::exporter {
namespace {

Error config_error(const std::string& file, SourcePos pos, const std::string& what) {
  return make_error(ErrorCode::config_invalid, Alert::none, Party::config, Step::config,
                    format_pos(file, pos) + ": " + what);
}

SourcePos pos_of(const YAML::Node& n) {
  YAML::Mark m = n.Mark();
  if (m.line < 0) return {};
  return {m.line + 1, m.column + 1};
}

// The keys each section accepts.
const std::vector<std::string>& tls_keys() {
  static const std::vector<std::string> k = {
      "server_name", "ca_file", "ca_path", "insecure", "client_cert", "client_key", "starttls",
      "versions", "groups", "ciphersuites", "ciphers", "alpn", "timeout", "follow_up_probes"};
  return k;
}

// Edit distance, for "did you mean" hints on misspelt keys.
size_t distance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    prev.swap(cur);
  }
  return prev[b.size()];
}

std::string unknown_key_message(const std::string& where, const std::string& key,
                                const std::vector<std::string>& allowed) {
  std::string best;
  size_t best_d = 3;
  for (const auto& a : allowed) {
    size_t d = distance(key, a);
    // A truncated key ("addr") is as good a hint as a misspelt one.
    if (key.size() >= 3 && (a.rfind(key, 0) == 0 || key.rfind(a, 0) == 0)) d = 1;
    if (d < best_d) {
      best_d = d;
      best = a;
    }
  }
  std::string msg = where + ": unknown key '" + key + "'";
  if (!best.empty()) return msg + " (did you mean '" + best + "'?)";
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  return msg + "; the keys here are: " + list;
}

// The validator's state: the file name, for messages.
struct Reader {
  std::string file;

  // The scalar text of n, or an error naming where and what to write.
  Result<std::string> scalar(const YAML::Node& n, const std::string& where, const char* want) const {
    if (n.IsNull()) return config_error(file, pos_of(n), where + ": needs a value (" + want + ")");
    if (!n.IsScalar())
      return config_error(file, pos_of(n), where + ": expected " + std::string(want) +
                                               ", got a " + (n.IsMap() ? "mapping" : "list"));
    return n.Scalar();
  }

  Result<std::string> text(const YAML::Node& n, const std::string& where) const {
    TK_ASSIGN(std::string s, scalar(n, where, "a string"));
    if (s.empty()) return config_error(file, pos_of(n), where + ": must not be empty");
    return s;
  }

  Result<bool> boolean(const YAML::Node& n, const std::string& where) const {
    TK_ASSIGN(std::string s, scalar(n, where, "true or false"));
    std::string l = s;
    std::transform(l.begin(), l.end(), l.begin(), [](unsigned char c) { return std::tolower(c); });
    if (l == "true" || l == "yes" || l == "on") return true;
    if (l == "false" || l == "no" || l == "off") return false;
    return config_error(file, pos_of(n), where + ": '" + s + "' is not a boolean; write true or false");
  }

  Result<int64_t> duration(const YAML::Node& n, const std::string& where, int64_t max_ms) const {
    TK_ASSIGN(std::string s, scalar(n, where, "a duration"));
    auto ms = parse_duration_ms(s);
    if (!ms)
      return config_error(file, pos_of(n), where + ": '" + s +
                                               "' is not a duration; write e.g. 500ms, 30s, 5m or 1h");
    if (*ms < kMinDurationMs || *ms > max_ms)
      return config_error(file, pos_of(n), where + ": " + s + " is out of range (" +
                                               std::to_string(kMinDurationMs) + "ms to " +
                                               std::to_string(max_ms / 1000) + "s)");
    return *ms;
  }

  // A list of strings: a YAML sequence, or one string "a:b,c".
  Result<std::vector<std::string>> list(const YAML::Node& n, const std::string& where) const {
    std::vector<std::string> out;
    if (n.IsSequence()) {
      for (size_t i = 0; i < n.size(); ++i) {
        TK_ASSIGN(std::string s, text(n[i], where + "[" + std::to_string(i) + "]"));
        out.push_back(s);
      }
    } else {
      TK_ASSIGN(std::string s, text(n, where));
      out = split_list(s);
    }
    if (out.empty()) return config_error(file, pos_of(n), where + ": must list at least one value");
    return out;
  }

  // Checks that n is a mapping with only allowed keys, each once.
  Result<void> keys(const YAML::Node& n, const std::string& where,
                    const std::vector<std::string>& allowed) const {
    if (!n.IsMap())
      return config_error(file, pos_of(n), where + ": expected a mapping (key: value lines)");
    std::map<std::string, SourcePos> seen;
    for (auto it = n.begin(); it != n.end(); ++it) {
      if (!it->first.IsScalar()) return config_error(file, pos_of(it->first), where + ": keys must be strings");
      const std::string& k = it->first.Scalar();
      if (std::find(allowed.begin(), allowed.end(), k) == allowed.end())
        return config_error(file, pos_of(it->first), unknown_key_message(where, k, allowed));
      auto [prev, fresh] = seen.emplace(k, pos_of(it->first));
      if (!fresh)
        return config_error(file, pos_of(it->first), where + ": key '" + k + "' given twice (first on line " +
                                                         std::to_string(prev->second.line) + ")");
    }
    return ok();
  }

  // Checks that a file named at node n can be opened for reading.
  Result<void> readable(const YAML::Node& n, const std::string& where, const std::string& path) const {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr)
      return make_error(ErrorCode::file_error, Alert::none, Party::config, Step::config,
                        format_pos(file, pos_of(n)) + ": " + where + ": cannot read '" + path +
                            "'; check the path and its permissions");
    std::fclose(f);
    return ok();
  }

  // Reads the TLS keys of mapping n (keys already checked) into out, validating each value.
  Result<void> tls(const YAML::Node& n, const std::string& where, TlsSettings& out) const {
    for (auto it = n.begin(); it != n.end(); ++it) {
      const std::string k = it->first.Scalar();
      const YAML::Node v = it->second;  // a copy: it->second is a temporary's member
      const std::string w = where + "." + k;
      if (k == "server_name") {
        TK_ASSIGN(out.server_name, text(v, w));
      } else if (k == "ca_file" || k == "ca_path" || k == "client_cert" || k == "client_key") {
        TK_ASSIGN(std::string path, text(v, w));
        if (k != "ca_path") TK_TRY(readable(v, w, path));
        (k == "ca_file" ? out.ca_file : k == "ca_path" ? out.ca_path
                          : k == "client_cert"          ? out.client_cert
                                                        : out.client_key) = path;
      } else if (k == "insecure") {
        TK_ASSIGN(out.insecure, boolean(v, w));
      } else if (k == "follow_up_probes") {
        TK_ASSIGN(out.follow_up_probes, boolean(v, w));
      } else if (k == "starttls") {
        TK_ASSIGN(std::string s, text(v, w));
        auto p = parse_starttls(s);
        if (!p)
          return config_error(file, pos_of(v), w + ": '" + s +
                                                   "' is not supported; write one of " + std::string(starttls_choices()));
        out.starttls = *p;
      } else if (k == "timeout") {
        TK_ASSIGN(out.timeout_ms, duration(v, w, kMaxTimeoutMs));
      } else if (k == "versions") {
        TK_ASSIGN(auto l, list(v, w));
        for (const auto& s : l)
          if (auto pv = parse_version_text(s); !pv)
            return config_error(file, pos_of(v), w + ": '" + s + "' is not a TLS version; write 1.2 or 1.3");
        out.versions = l;
      } else if (k == "groups" || k == "ciphersuites" || k == "ciphers" || k == "alpn") {
        TK_ASSIGN(auto l, list(v, w));
        ClientOptions probe;
        std::string joined;
        for (const auto& s : l) joined += (joined.empty() ? "" : k == "alpn" ? "," : ":") + s;
        (k == "groups" ? probe.groups : k == "ciphersuites" ? probe.ciphersuites
                                     : k == "ciphers"       ? probe.cipher
                                                            : probe.alpn) = joined;
        if (auto r = resolve_params(probe); !r)
          return config_error(file, pos_of(v), w + ": " + r.error().detail);
        (k == "groups" ? out.groups : k == "ciphersuites" ? out.ciphersuites
                                   : k == "ciphers"       ? out.ciphers
                                                          : out.alpn) = l;
      }
    }
    if (out.client_cert.has_value() != out.client_key.has_value())
      return config_error(file, pos_of(n), where + ": client_cert and client_key go together (got only " +
                                               (out.client_cert ? "client_cert" : "client_key") + ")");
    return ok();
  }
};

// Rejects flow nesting ("[[[[...") deeper than kMaxConfigNesting before yaml-cpp recurses.
Result<void> check_nesting(const std::string& text, const std::string& file) {
  int depth = 0;
  int line = 1, col = 0;
  char quote = 0;
  bool comment = false;
  for (char c : text) {
    ++col;
    if (c == '\n') {
      ++line;
      col = 0;
      comment = false;
      if (quote == 0) continue;
    }
    if (comment) continue;
    if (quote != 0) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '#') comment = true;
    else if (c == '"' || c == '\'') quote = c;
    else if (c == '[' || c == '{') {
      if (++depth > kMaxConfigNesting)
        return config_error(file, {line, col}, "nesting deeper than " + std::to_string(kMaxConfigNesting) +
                                                   " levels; this is not an exporter configuration");
    } else if (c == ']' || c == '}') {
      depth = std::max(0, depth - 1);
    }
  }
  return ok();
}

Result<std::shared_ptr<const ModuleSpec>> read_module(const Reader& r, const std::string& name,
                                                      const YAML::Node& n) {
  const std::string where = "modules." + name;
  TK_TRY(r.keys(n, where, tls_keys()));
  auto m = std::make_shared<ModuleSpec>();
  m->name = name;
  TK_TRY(r.tls(n, where, m->tls));
  auto setup = build_setup(m->tls, "localhost:443");
  if (!setup) return config_error(r.file, pos_of(n), where + ": " + setup.error().detail);
  m->base = std::move(*setup);
  return std::shared_ptr<const ModuleSpec>(std::move(m));
}

}  // namespace

std::string format_pos(const std::string& file, SourcePos pos) {
  if (pos.line <= 0) return file;
  return file + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column);
}

void inherit(TlsSettings& into, const TlsSettings& d) {
  if (!into.server_name) into.server_name = d.server_name;
  if (!into.ca_file) into.ca_file = d.ca_file;
  if (!into.ca_path) into.ca_path = d.ca_path;
  if (!into.insecure) into.insecure = d.insecure;
  if (!into.client_cert && !into.client_key) {
    into.client_cert = d.client_cert;
    into.client_key = d.client_key;
  }
  if (!into.starttls) into.starttls = d.starttls;
  if (!into.versions) into.versions = d.versions;
  if (!into.groups) into.groups = d.groups;
  if (!into.ciphersuites) into.ciphersuites = d.ciphersuites;
  if (!into.ciphers) into.ciphers = d.ciphers;
  if (!into.alpn) into.alpn = d.alpn;
  if (!into.timeout_ms) into.timeout_ms = d.timeout_ms;
  if (!into.follow_up_probes) into.follow_up_probes = d.follow_up_probes;
}

std::optional<int64_t> parse_duration_ms(const std::string& text) {
  if (text.empty() || text.size() > 32) return std::nullopt;
  int64_t total = 0;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    int64_t n = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      n = n * 10 + (text[i] - '0');
      if (n > int64_t{1} << 40) return std::nullopt;
      ++i;
    }
    size_t u = i;
    while (i < text.size() && text[i] >= 'a' && text[i] <= 'z') ++i;
    std::string unit = text.substr(u, i - u);
    int64_t mul = 0;
    if (unit == "ms") mul = 1;
    else if (unit == "s") mul = 1000;
    else if (unit == "m") mul = 60 * 1000;
    else if (unit == "h") mul = 3600 * 1000;
    else if (unit == "d") mul = 24 * 3600 * 1000;
    else return std::nullopt;
    total += n * mul;
    if (total > int64_t{1} << 50) return std::nullopt;
  }
  return total;
}

Result<ClientSetup> build_setup(const TlsSettings& t, const std::string& address) {
  ClientOptions o;
  o.target = address;
  o.servername = t.server_name.value_or("");
  o.ca_file = t.ca_file.value_or("");
  o.ca_path = t.ca_path.value_or("");
  o.insecure = t.insecure.value_or(false);
  o.cert_file = t.client_cert.value_or("");
  o.key_file = t.client_key.value_or("");
  o.status = true;  // the client always asks for a stapled OCSP response
  if (t.versions) {
    std::vector<ProtocolVersion> vs;
    for (const auto& s : *t.versions) {
      TK_ASSIGN(ProtocolVersion v, parse_version_text(s));
      vs.push_back(v);
    }
    auto [lo, hi] = std::minmax_element(vs.begin(), vs.end(), [](ProtocolVersion a, ProtocolVersion b) {
      return static_cast<uint16_t>(a) < static_cast<uint16_t>(b);
    });
    o.min_version = version_name(*lo);
    o.max_version = version_name(*hi);
  }
  auto join = [](const std::optional<std::vector<std::string>>& l, const char* sep) {
    std::string s;
    if (l)
      for (const auto& x : *l) s += (s.empty() ? "" : sep) + x;
    return s;
  };
  o.groups = join(t.groups, ":");
  o.ciphersuites = join(t.ciphersuites, ":");
  o.cipher = join(t.ciphers, ":");
  o.alpn = join(t.alpn, ",");
  return build_client_setup(o);
}

ClientSetup retarget(const ClientSetup& base, const io::HostPort& target,
                     const std::optional<std::string>& server_name) {
  ClientSetup s = base;
  auto cfg = std::make_shared<Config>(*base.config);
  cfg->server_name = server_name ? *server_name : target.host;
  s.config = cfg;
  s.target = target;
  s.settings.host = target.host;
  s.settings.port = target.port;
  s.settings.server_name = io::is_ip_literal(cfg->server_name) ? "" : cfg->server_name;
  return s;
}

Result<ExporterConfig> parse_config(const std::string& text, const std::string& file) {
  TK_TRY(check_nesting(text, file));
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    return config_error(file, {e.mark.line + 1, e.mark.column + 1}, "not valid YAML: " + e.msg);
  } catch (const YAML::Exception& e) {
    return config_error(file, {e.mark.line + 1, e.mark.column + 1}, "cannot be read as YAML: " + e.msg);
  }
  Reader r{file};
  ExporterConfig c;
  c.path = file;
  try {
    if (root.IsNull())
      return config_error(file, {}, "the file is empty; nothing to do: add a 'targets:' list "
                                    "(or 'modules:' for /probe), see docs/exporter.md");
    if (!root.IsMap())
      return config_error(file, pos_of(root), "the file must be a mapping with a 'targets:' list "
                                              "(and optionally 'global:' and 'modules:')");
    TK_TRY(r.keys(root, "top level", {"global", "targets", "modules"}));
    if (YAML::Node g = root["global"]) {
      TK_TRY(r.keys(g, "global", {"interval", "timeout", "concurrency", "jitter"}));
      if (g["interval"]) {
        TK_ASSIGN(c.interval_ms, r.duration(g["interval"], "global.interval", kMaxIntervalMs));
      }
      if (g["timeout"]) {
        TK_ASSIGN(c.timeout_ms, r.duration(g["timeout"], "global.timeout", kMaxTimeoutMs));
      }
      if (YAML::Node n = g["concurrency"]) {
        TK_ASSIGN(std::string s, r.scalar(n, "global.concurrency", "a number"));
        char* end = nullptr;
        long v = std::strtol(s.c_str(), &end, 10);
        if (s.empty() || *end != '\0' || v < 1 || v > kMaxConcurrency)
          return config_error(file, pos_of(n), "global.concurrency: '" + s + "' must be a whole number from 1 to " +
                                                   std::to_string(kMaxConcurrency));
        c.concurrency = static_cast<int>(v);
      }
      if (YAML::Node n = g["jitter"]) {
        TK_ASSIGN(std::string s, r.scalar(n, "global.jitter", "a fraction"));
        char* end = nullptr;
        double v = std::strtod(s.c_str(), &end);
        if (s.empty() || *end != '\0' || !(v >= 0.0 && v <= 0.5))
          return config_error(file, pos_of(n), "global.jitter: '" + s +
                                                   "' must be a fraction of the interval from 0 to 0.5 (e.g. 0.1)");
        c.jitter = v;
      }
    }
    // Modules first: targets may name one.
    std::map<std::string, TlsSettings> module_tls;
    if (YAML::Node ms = root["modules"]) {
      if (!ms.IsMap())
        return config_error(file, pos_of(ms), "modules: expected a mapping of module names to settings");
      if (ms.size() > kMaxModules)
        return config_error(file, pos_of(ms), "modules: more than " + std::to_string(kMaxModules));
      for (auto it = ms.begin(); it != ms.end(); ++it) {
        if (!it->first.IsScalar() || it->first.Scalar().empty())
          return config_error(file, pos_of(it->first), "modules: a module name must be a non-empty string");
        const std::string name = it->first.Scalar();
        if (c.modules.count(name))
          return config_error(file, pos_of(it->first), "modules: module '" + name + "' defined twice");
        TK_ASSIGN(auto m, read_module(r, name, it->second));
        module_tls[name] = m->tls;
        auto mm = std::make_shared<ModuleSpec>(*m);
        mm->timeout_ms = m->tls.timeout_ms.value_or(c.timeout_ms);
        mm->starttls = m->tls.starttls.value_or(StartTls::none);
        mm->follow_up_probes = m->tls.follow_up_probes.value_or(false);
        c.modules[name] = mm;
      }
    }
    YAML::Node ts = root["targets"];
    if (ts && !ts.IsNull() && !ts.IsSequence())
      return config_error(file, pos_of(ts), "targets: expected a list of entries ('- name: ...')");
    if (!ts && c.modules.empty())
      return config_error(file, pos_of(root), "nothing to do: add a 'targets:' list (or 'modules:' for /probe)");
    std::set<std::string> names;
    if (ts && ts.IsSequence()) {
      if (ts.size() > kMaxTargets)
        return config_error(file, pos_of(ts), "targets: more than " + std::to_string(kMaxTargets));
      std::vector<std::string> allowed = {"name", "address", "file", "module", "interval"};
      allowed.insert(allowed.end(), tls_keys().begin(), tls_keys().end());
      for (size_t i = 0; i < ts.size(); ++i) {
        const YAML::Node n = ts[i];  // operator[] returns a temporary
        std::string where = "targets[" + std::to_string(i) + "]";
        if (n.IsMap() && n["name"] && n["name"].IsScalar() && !n["name"].Scalar().empty())
          where += " ('" + n["name"].Scalar() + "')";
        TK_TRY(r.keys(n, where, allowed));
        auto t = std::make_shared<TargetSpec>();
        t->pos = pos_of(n);
        if (!n["name"]) return config_error(file, pos_of(n), where + ": needs a 'name' (the target label)");
        TK_ASSIGN(t->name, r.text(n["name"], where + ".name"));
        if (!names.insert(t->name).second)
          return config_error(file, pos_of(n["name"]), where + ": the name '" + t->name +
                                                           "' is used by another target; names must be unique");
        bool has_addr = static_cast<bool>(n["address"]), has_file = static_cast<bool>(n["file"]);
        if (has_addr == has_file)
          return config_error(file, pos_of(n), where + ": give exactly one of 'address: HOST:PORT' or "
                                                   "'file: GLOB' (PEM certificates on disk)");
        if (has_addr) {
          TK_ASSIGN(t->address, r.text(n["address"], where + ".address"));
          if (auto hp = io::parse_host_port(t->address); !hp)
            return config_error(file, pos_of(n["address"]), where + ".address: " + hp.error().detail +
                                                                "; write HOST:PORT, e.g. example.com:443");
        } else {
          TK_ASSIGN(t->file, r.text(n["file"], where + ".file"));
          for (const auto& k : tls_keys())
            if (n[k])
              return config_error(file, pos_of(n[k]), where + "." + k + ": applies to 'address' targets only; "
                                                                  "a 'file' target reads certificates from disk");
          if (n["module"])
            return config_error(file, pos_of(n["module"]), where + ".module: applies to 'address' targets only");
        }
        if (n["interval"]) {
          TK_ASSIGN(t->interval_ms, r.duration(n["interval"], where + ".interval", kMaxIntervalMs));
        } else {
          t->interval_ms = c.interval_ms;
        }
        TK_TRY(r.tls(n, where, t->tls));
        if (n["module"]) {
          TK_ASSIGN(t->module, r.text(n["module"], where + ".module"));
          auto m = module_tls.find(t->module);
          if (m == module_tls.end()) {
            std::string list;
            for (const auto& [k, v] : module_tls) list += (list.empty() ? "" : ", ") + k;
            return config_error(file, pos_of(n["module"]), where + ".module: no module '" + t->module +
                                                               "' under 'modules:' (defined: " +
                                                               (list.empty() ? "none" : list) + ")");
          }
          inherit(t->tls, m->second);
        }
        t->timeout_ms = t->tls.timeout_ms.value_or(c.timeout_ms);
        t->starttls = t->tls.starttls.value_or(StartTls::none);
        t->follow_up_probes = t->tls.follow_up_probes.value_or(false);
        if (!t->is_file()) {
          auto setup = build_setup(t->tls, t->address);
          if (!setup) return config_error(file, pos_of(n), where + ": " + setup.error().detail);
          t->setup = std::move(*setup);
        }
        c.targets.push_back(std::move(t));
      }
    }
  } catch (const YAML::Exception& e) {
    return config_error(file, {e.mark.line + 1, e.mark.column + 1}, "unexpected YAML content: " + e.msg);
  }
  return c;
}

Result<ExporterConfig> load_config(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f)
    return make_error(ErrorCode::file_error, Alert::none, Party::config, Step::config,
                      path + ": cannot open the configuration file; check the path and its permissions");
  std::string text;
  char buf[65536];
  while (f.read(buf, sizeof buf) || f.gcount() > 0) {
    text.append(buf, static_cast<size_t>(f.gcount()));
    if (text.size() > kMaxConfigBytes)
      return make_error(ErrorCode::file_error, Alert::none, Party::config, Step::config,
                        path + ": larger than " + std::to_string(kMaxConfigBytes / 1024) +
                            " KiB; this is not an exporter configuration");
  }
  if (f.bad())
    return make_error(ErrorCode::file_error, Alert::none, Party::config, Step::config,
                      path + ": read error");
  return parse_config(text, path);
}

}  // namespace tlskit::tools::exporter
