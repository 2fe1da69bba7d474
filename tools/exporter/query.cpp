// Query string parsing for the exporter's HTTP endpoints.
#include "exporter/query.h"

namespace tlskit::tools::exporter {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Error bad_query(std::string detail) {
  return make_error(ErrorCode::config_invalid, Alert::none, Party::config, Step::config,
                    std::move(detail));
}

}  // namespace

std::optional<std::string> QueryParams::get(std::string_view name) const {
  std::optional<std::string> v;
  for (const auto& [n, value] : items)
    if (n == name) v = value;
  return v;
}

Result<std::string> percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%') {
      int hi = i + 1 < s.size() ? hex_value(s[i + 1]) : -1;
      int lo = i + 2 < s.size() ? hex_value(s[i + 2]) : -1;
      if (hi < 0 || lo < 0)
        return bad_query("bad percent escape at byte " + std::to_string(i) +
                         " (write %XX with two hex digits)");
      char d = static_cast<char>(hi * 16 + lo);
      if (d == '\0') return bad_query("%00 (a NUL byte) at byte " + std::to_string(i));
      out += d;
      i += 2;
    } else if (c == '\0') {
      return bad_query("a NUL byte at byte " + std::to_string(i));
    } else {
      out += c;
    }
  }
  return out;
}

Result<QueryParams> parse_query(std::string_view q) {
  if (q.size() > kMaxQueryBytes)
    return bad_query("query string of " + std::to_string(q.size()) + " bytes (at most " +
                     std::to_string(kMaxQueryBytes) + ")");
  QueryParams p;
  size_t start = 0;
  while (start <= q.size()) {
    size_t end = q.find('&', start);
    if (end == std::string_view::npos) end = q.size();
    std::string_view item = q.substr(start, end - start);
    start = end + 1;
    if (item.empty()) continue;
    if (p.items.size() >= kMaxQueryParams)
      return bad_query("more than " + std::to_string(kMaxQueryParams) + " query parameters");
    size_t eq = item.find('=');
    std::string_view raw_name = item.substr(0, eq);
    std::string_view raw_value = eq == std::string_view::npos ? std::string_view() : item.substr(eq + 1);
    auto name = percent_decode(raw_name);
    if (!name) return bad_query("query parameter #" + std::to_string(p.items.size() + 1) + ": " +
                                name.error().detail);
    auto value = percent_decode(raw_value);
    if (!value) return bad_query("query parameter '" + *name + "': " + value.error().detail);
    p.items.emplace_back(std::move(*name), std::move(*value));
  }
  return p;
}

}  // namespace tlskit::tools::exporter
