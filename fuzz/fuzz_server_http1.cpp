// libFuzzer target: `tlskit server --http` over HTTP/1.1 (tools/server/http1_session.h) fed an
// arbitrary byte stream cut at fuzzer-chosen points, with an early-data length and a drain
// point chosen too. Checks: responses are HTTP/1.1, the output stays proportional to the
// input, and once the session says close (on_data or on_drain false) it sends nothing more.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "server/http1_session.h"

namespace {

// The largest response (an error with its text) and the smallest request that gets one
// ("GET / HTTP/1.0\n\n" is 16 bytes).
constexpr size_t kMaxResponse = 512;
constexpr size_t kMinRequest = 16;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tlskit::tools::server;
  FuzzedDataProvider fdp(data, size);
  // Control values come from the end of the input, the stream from its start.
  const uint8_t cuts = fdp.ConsumeIntegral<uint8_t>();
  const uint16_t early = fdp.ConsumeIntegral<uint16_t>();
  const uint8_t drain_at = fdp.ConsumeIntegral<uint8_t>();
  HttpConnectionFacts facts{"TLSv1.3", "TLS_AES_128_GCM_SHA256", early % 512u};
  Http1Session s;
  s.open(facts);
  size_t in = 0;
  size_t out_total = 0;
  bool closed = false;
  for (unsigned round = 0; fdp.remaining_bytes() > 0; ++round) {
    const size_t n = (cuts & 1) ? fdp.ConsumeIntegralInRange<size_t>(1, 64) : fdp.remaining_bytes();
    const auto piece = fdp.ConsumeBytes<uint8_t>(n);
    tlskit::Bytes out;
    const bool keep = s.on_data(piece, out);
    in += piece.size();
    out_total += out.size();
    if (closed && (!out.empty() || keep)) std::abort();  // nothing after close
    if (!out.empty() &&
        std::string_view(reinterpret_cast<const char*>(out.data()), 9) != "HTTP/1.1 ")
      std::abort();
    if (!keep) closed = true;
    if (closed && s.busy()) std::abort();
    if (out_total > kMaxResponse * (1 + in / kMinRequest)) std::abort();  // bounded output
    if (s.requests() > in / kMinRequest) std::abort();
    if (round == drain_at) {
      tlskit::Bytes bye;
      const bool more = s.on_drain(bye);
      if (!bye.empty()) std::abort();  // HTTP/1.1 has no goodbye message
      if (!more) closed = true;
      if (more && !s.busy()) std::abort();
    }
  }
  if (s.summary().rfind("http/1.1 requests=", 0) != 0) std::abort();
  return 0;
}
