// libFuzzer target: `tlskit scan`'s HTTP response parser (security headers over TLS and the AIA
// caIssuers fetch) and its HSTS and URL parsers, against arbitrary bytes. The response is fed
// in two pieces (split at the first byte's value) to exercise the incremental path. Must end
// without crashing, within the parser's bounds, and every failure must say what.
// (Named fuzz_exporter_* so the build links it with tlskit_tools_core, where the parser lives.)
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "scan/http_fetch.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tlskit::tools::scan;
  if (size == 0) return 0;
  size_t split = std::min<size_t>(data[0], size - 1);
  HttpResponseParser p;
  auto a = p.feed(tlskit::ByteView(data + 1, split));
  if (a && !*a) {
    auto b = p.feed(tlskit::ByteView(data + 1 + split, size - 1 - split));
    if (b && !*b) {
      auto c = p.feed({});
      if (!c && c.error().detail.empty()) std::abort();
    }
    if (!b && b.error().detail.empty()) std::abort();
  }
  if (!a && a.error().detail.empty()) std::abort();
  if (p.response().body.size() > kMaxHttpResponseBytes) std::abort();
  if (p.response().headers.size() > kMaxHttpHeaders) std::abort();
  std::string text(reinterpret_cast<const char*>(data), size);
  Hsts h = parse_hsts(text);
  if (h.valid && h.max_age < 0) std::abort();
  (void)parse_http_url(text);
  return 0;
}
