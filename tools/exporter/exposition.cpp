// The Prometheus text exposition format 0.0.4.
#include "exporter/exposition.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace tlskit::tools::exporter {
namespace {

bool name_char(char c, bool first, bool colon) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') return true;
  if (colon && c == ':') return true;
  return !first && c >= '0' && c <= '9';
}

const char* type_name(MetricType t) {
  switch (t) {
    case MetricType::gauge: return "gauge";
    case MetricType::counter: return "counter";
    case MetricType::untyped: return "untyped";
  }
  return "untyped";
}

// A canonical key of a label set, independent of the order the labels were given in.
std::string label_key(Labels labels) {
  std::sort(labels.begin(), labels.end());
  std::string k;
  for (const auto& [n, v] : labels) {
    k += n;
    k += '\x01';
    k += v;
    k += '\x02';
  }
  return k;
}

}  // namespace

bool valid_metric_name(std::string_view name) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i)
    if (!name_char(name[i], i == 0, true)) return false;
  return true;
}

bool valid_label_name(std::string_view name) {
  if (name.empty() || name.substr(0, 2) == "__") return false;
  for (size_t i = 0; i < name.size(); ++i)
    if (!name_char(name[i], i == 0, false)) return false;
  return true;
}

std::string escape_label_value(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string escape_help(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string format_value(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[40];
  if (v == std::trunc(v) && std::fabs(v) < 9007199254740992.0) {  // 2^53: exact integers
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else {
    // The shortest of 15 or 17 significant digits that reads back as the same double.
    std::snprintf(buf, sizeof buf, "%.15g", v);
    if (std::strtod(buf, nullptr) != v) std::snprintf(buf, sizeof buf, "%.17g", v);
  }
  return buf;
}

std::string sanitize_utf8(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  size_t i = 0;
  while (i < v.size()) {
    unsigned char c = static_cast<unsigned char>(v[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    bool ok = len > 0 && i + len <= v.size();
    uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1f) : len == 3 ? (c & 0x0f) : (c & 0x07);
    for (size_t k = 1; ok && k < len; ++k) {
      unsigned char d = static_cast<unsigned char>(v[i + k]);
      if ((d & 0xC0) != 0x80) ok = false;
      cp = (cp << 6) | (d & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and values past U+10FFFF are not UTF-8 (RFC 3629 §3).
    if (ok && ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
               (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF))
      ok = false;
    if (ok) {
      out.append(v.substr(i, len));
      i += len;
    } else {
      out += "\xEF\xBF\xBD";  // U+FFFD
      ++i;
    }
  }
  return out;
}

std::string cap_label_value(std::string_view raw, size_t max) {
  std::string clean = sanitize_utf8(raw);
  std::string_view v = clean;
  if (v.size() <= max) return clean;
  size_t keep = max > 3 ? max - 3 : 0;
  // Do not cut a UTF-8 sequence: back up over continuation bytes (10xxxxxx).
  while (keep > 0 && (static_cast<unsigned char>(v[keep]) & 0xC0) == 0x80) --keep;
  return std::string(v.substr(0, keep)) + "...";
}

bool Exposition::declare(const std::string& name, MetricType type, const std::string& help) {
  if (!valid_metric_name(name)) return false;
  auto it = families_.find(name);
  if (it != families_.end()) return it->second.type == type;
  Family f;
  f.type = type;
  f.help = help;
  families_.emplace(name, std::move(f));
  order_.push_back(name);
  return true;
}

bool Exposition::add(const std::string& name, const Labels& labels, double value) {
  auto it = families_.find(name);
  if (it == families_.end()) return false;
  Labels capped;
  capped.reserve(labels.size());
  for (const auto& [n, v] : labels) {
    if (!valid_label_name(n)) return false;
    for (const auto& [m, w] : capped)
      if (m == n) return false;
    capped.emplace_back(n, cap_label_value(v));
  }
  if (!it->second.keys.insert(label_key(capped)).second) return false;
  it->second.samples.emplace_back(std::move(capped), value);
  ++samples_;
  return true;
}

std::string Exposition::render() const {
  std::string out;
  for (const std::string& name : order_) {
    const Family& f = families_.at(name);
    if (f.samples.empty()) continue;
    out += "# HELP " + name + " " + escape_help(f.help) + "\n";
    out += "# TYPE " + name + " " + type_name(f.type) + "\n";
    for (const auto& [labels, value] : f.samples) {
      out += name;
      if (!labels.empty()) {
        out += '{';
        for (size_t i = 0; i < labels.size(); ++i) {
          if (i > 0) out += ',';
          out += labels[i].first + "=\"" + escape_label_value(labels[i].second) + "\"";
        }
        out += '}';
      }
      out += ' ' + format_value(value) + '\n';
    }
  }
  return out;
}

}  // namespace tlskit::tools::exporter
