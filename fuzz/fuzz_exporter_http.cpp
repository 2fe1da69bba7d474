// libFuzzer target: the exporter's HTTP request parsing (http-parser plus our URL split and
// query-string decoder) and the query decoder alone, with a round trip check on what decodes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "exporter/http_server.h"
#include "exporter/query.h"

namespace {

// Percent-encodes every byte that is not unreserved (RFC 3986 §2.3).
std::string encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tlskit::tools::exporter;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  ParseState st = parse_http_request(text);
  if (st.complete && st.error) std::abort();  // one or the other
  if (st.error && (st.error->status < 400 || st.error->status > 499)) std::abort();
  if (!st.complete && !st.error && size >= kMaxRequestBytes) std::abort();  // never waits past the bound
  auto q = parse_query(text);
  if (q) {
    // Re-encoding every decoded parameter decodes to the same parameters.
    std::string again;
    for (const auto& [k, v] : q->items) again += (again.empty() ? "" : "&") + encode(k) + "=" + encode(v);
    if (again.size() <= kMaxQueryBytes) {
      auto q2 = parse_query(again);
      if (!q2 || q2->items != q->items) std::abort();
    }
  }
  return 0;
}
