// libFuzzer target: `tlskit server --http` over HTTP/2 (tools/server/http2_session.h, libnghttp2)
// fed an arbitrary byte stream cut at fuzzer-chosen points (seeds: a client preface, SETTINGS
// and requests made by nghttp2's client), with an early-data length and a drain point chosen
// too. Checks: the output is whole HTTP/2 frames, stays proportional to the input, and once
// the session says close (on_data or on_drain false) it sends nothing more.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "server/http2_session.h"

namespace {

// The output is a sequence of frames (RFC 9113 §4.1) no larger than the default
// SETTINGS_MAX_FRAME_SIZE; returns false otherwise.
bool whole_frames(const tlskit::Bytes& b) {
  size_t pos = 0;
  while (pos + 9 <= b.size()) {
    const size_t len = (size_t{b[pos]} << 16) | (size_t{b[pos + 1]} << 8) | b[pos + 2];
    if (len > 16384) return false;
    pos += 9 + len;
  }
  return pos == b.size();
}

// Output allowed per input byte (a 13-byte HEADERS frame of indexed fields gets a HEADERS and
// a DATA frame back) plus a constant for the preface and a GOAWAY.
constexpr size_t kOutPerIn = 16;
constexpr size_t kOutFixed = 4096;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tlskit::tools::server;
  FuzzedDataProvider fdp(data, size);
  const uint8_t cuts = fdp.ConsumeIntegral<uint8_t>();
  const uint16_t early = fdp.ConsumeIntegral<uint16_t>();
  const uint8_t drain_at = fdp.ConsumeIntegral<uint8_t>();
  HttpConnectionFacts facts{"TLSv1.3", "TLS_AES_128_GCM_SHA256", early % 1024u};
  Http2Session s;
  tlskit::Bytes preface;
  s.open(facts, preface);
  if (preface.empty() || !whole_frames(preface)) std::abort();
  size_t in = 0;
  size_t out_total = preface.size();
  bool closed = false;
  for (unsigned round = 0; fdp.remaining_bytes() > 0; ++round) {
    const size_t n =
        (cuts & 1) ? fdp.ConsumeIntegralInRange<size_t>(1, 256) : fdp.remaining_bytes();
    const auto piece = fdp.ConsumeBytes<uint8_t>(n);
    tlskit::Bytes out;
    const bool keep = s.on_data(piece, out);
    in += piece.size();
    out_total += out.size();
    if (closed && (!out.empty() || keep)) std::abort();  // nothing after close
    if (!whole_frames(out)) std::abort();
    if (!keep) closed = true;
    if (closed && s.busy()) std::abort();
    if (out_total > kOutFixed + kOutPerIn * in) std::abort();
    if (round == drain_at) {
      tlskit::Bytes bye;
      const bool more = s.on_drain(bye);
      if (closed && (!bye.empty() || more)) std::abort();
      if (!closed && !whole_frames(bye)) std::abort();
      out_total += bye.size();
      if (!more) closed = true;
    }
  }
  if (s.summary().rfind("h2 streams=", 0) != 0) std::abort();
  return 0;
}
