// The Prometheus text exposition format, version 0.0.4: metric families with `# HELP` and
// `# TYPE`, samples grouped by family, label values escaped, no duplicate series.
// https://prometheus.io/docs/instrumenting/exposition_formats/ (text format 0.0.4).
#pragma once
#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tlskit::tools::exporter {

// Content-Type of the text format.
inline constexpr const char* kExpositionContentType = "text/plain; version=0.0.4; charset=utf-8";

// Bound on one label value (longer ones are cut and end in "..."): a certificate with
// thousands of subjectAltNames must not make a series of megabytes.
inline constexpr size_t kMaxLabelValueBytes = 1024;

// The metric types this exporter emits.
enum class MetricType { gauge, counter, untyped };

// One label: name and (unescaped) value.
using Label = std::pair<std::string, std::string>;
using Labels = std::vector<Label>;

// True when name matches [a-zA-Z_:][a-zA-Z0-9_:]* (a metric name).
bool valid_metric_name(std::string_view name);
// True when name matches [a-zA-Z_][a-zA-Z0-9_]* and does not start with "__" (reserved).
bool valid_label_name(std::string_view name);

// Escapes a label value: backslash, double quote and line feed become \\, \" and \n.
std::string escape_label_value(std::string_view v);
// Escapes HELP text: backslash and line feed become \\ and \n.
std::string escape_help(std::string_view v);
// Formats a sample value: integers exactly ("1767225600"), others with up to 17 significant
// digits, and "+Inf", "-Inf", "NaN".
std::string format_value(double v);
// Replaces every byte sequence that is not valid UTF-8 (overlong forms, surrogates, code points
// over U+10FFFF, truncated sequences) with U+FFFD: label values must be UTF-8, and file names or
// certificate fields may not be.
std::string sanitize_utf8(std::string_view v);
// Makes v valid UTF-8 (sanitize_utf8) and cuts it to at most max bytes (ending in "..."), never
// inside a UTF-8 sequence.
std::string cap_label_value(std::string_view v, size_t max = kMaxLabelValueBytes);

// A set of metric families being built; render() writes them in the order they were first
// declared, each with its HELP, TYPE and samples together.
class Exposition {
 public:
  // Declares a family (idempotent when help and type match). Returns false, and declares
  // nothing, for an invalid name or a second declaration with another type.
  bool declare(const std::string& name, MetricType type, const std::string& help);

  // Adds a sample to a declared family. Label values are capped (cap_label_value); labels are
  // kept in the given order. Returns false and adds nothing when the family is undeclared, a
  // label name is invalid or repeated, or the same label set is already in the family (no
  // duplicate series).
  bool add(const std::string& name, const Labels& labels, double value);

  // The families that were declared but got no sample are skipped (no HELP without data).
  // Output ends with a line feed; empty when there is no sample at all.
  std::string render() const;

  // Number of samples added so far.
  size_t size() const { return samples_; }

 private:
  struct Family {
    MetricType type = MetricType::gauge;
    std::string help;
    std::vector<std::pair<Labels, double>> samples;
    std::set<std::string> keys;  // canonical label sets already present
  };
  std::vector<std::string> order_;
  std::map<std::string, Family> families_;
  size_t samples_ = 0;
};

}  // namespace tlskit::tools::exporter
