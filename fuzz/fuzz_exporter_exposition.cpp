// libFuzzer target: the exposition writer. Arbitrary label values and HELP text must come out
// escaped so that every sample stays on one line and reads back (unescaped) as given.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "exporter/exposition.h"

namespace {

// Reads a label value escaped by escape_label_value back.
std::string unescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\') {
      out += s[i];
      continue;
    }
    if (++i >= s.size()) std::abort();  // a lone trailing backslash
    if (s[i] == 'n') out += '\n';
    else if (s[i] == '\\' || s[i] == '"') out += s[i];
    else std::abort();  // an escape the format does not have
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tlskit::tools::exporter;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  size_t cut = in.find('\0');
  std::string value(in.substr(0, cut));
  std::string help(cut == std::string_view::npos ? "" : in.substr(cut + 1));
  Exposition e;
  if (!e.declare("fuzz_metric", MetricType::gauge, help)) std::abort();
  if (!e.add("fuzz_metric", {{"v", value}}, 1)) std::abort();
  if (e.add("fuzz_metric", {{"v", value}}, 2)) std::abort();  // a duplicate series
  std::string out = e.render();
  // Exactly three lines: HELP, TYPE, the sample.
  size_t lines = 0;
  for (char c : out) lines += c == '\n';
  if (lines != 3 || out.back() != '\n') std::abort();
  size_t sample = out.find("\nfuzz_metric{v=\"");
  if (sample == std::string::npos) std::abort();
  size_t start = sample + 16;
  size_t end = out.rfind("\"} 1\n");
  if (end == std::string::npos || end < start) std::abort();
  if (unescape(std::string_view(out).substr(start, end - start)) != cap_label_value(value)) std::abort();
  return 0;
}
