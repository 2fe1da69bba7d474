// libFuzzer target: the probe engine's AnswerReader (src/probe/answer_reader.h) on a byte stream
// fed in chunks: the first byte picks SSLv2 mode and the chunk size, the rest is the stream.
#include <algorithm>
#include <cstdlib>

#include "probe/answer_reader.h"

using namespace tlskit;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  bool sslv2 = data[0] & 0x80;
  size_t chunk = 1 + (data[0] & 0x7F) * 7;
  probe::AnswerReader r(sslv2);
  ByteView in(data + 1, size - 1);
  bool failed = false;
  for (size_t off = 0; off < in.size(); off += chunk) {
    auto done = r.feed(in.subspan(off, std::min(chunk, in.size() - off)));
    if (!done) {
      failed = true;
      // Errors are sticky.
      if (r.feed(in.first(0)).ok()) std::abort();
      break;
    }
    if (*done && !r.answer().complete) std::abort();
    if (*done) break;
  }
  const auto& a = r.answer();
  if (a.bytes_read > probe::kMaxAnswerBytes || a.messages.size() > probe::kMaxAnswerMessages) std::abort();
  if (a.first_bytes.size() > probe::kMaxFirstBytes) std::abort();
  if (!failed && a.complete && !a.accepted() && !a.alert && !a.sslv2) std::abort();
  return 0;
}
