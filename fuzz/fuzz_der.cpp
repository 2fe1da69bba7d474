// libFuzzer target: the strict DER reader (nested walk, integers, OIDs, bit strings, times).
#include <cstddef>
#include <cstdint>

#include "codec/der_reader.h"

namespace {

void walk(tlskit::der::Reader r, int depth) {
  using namespace tlskit::der;
  while (!r.empty() && !r.failed()) {
    Element e;
    if (!r.next(e)) return;
    if ((e.tag & 0x20) && depth < kMaxDepth) walk(Reader(e.value), depth + 1);
    switch (e.tag) {
      case kInteger: {
        uint64_t v;
        (void)integer_to_uint64(e.value, v);
        break;
      }
      case kOid:
        (void)oid_to_string(e.value);
        break;
      case kBitString: {
        BitString bs;
        if (parse_bit_string(e.value, bs)) (void)bs.bit(bs.bit_count());
        break;
      }
      case kUtcTime:
      case kGeneralizedTime:
        (void)parse_time(e.tag, e.value);
        break;
      default:
        break;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  walk(tlskit::der::Reader(tlskit::ByteView(data, size)), 0);
  return 0;
}
