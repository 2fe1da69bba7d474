// libFuzzer target: PEM bundles and base64, with a round trip check on what decodes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "codec/pem.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto blocks = tlskit::pem_decode_all(text);
  if (blocks) {
    for (const auto& b : *blocks) {
      auto again = tlskit::pem_decode_all(tlskit::pem_encode(b.label, b.der));
      if (!again || again->size() != 1 || (*again)[0].der != b.der) std::abort();
    }
  }
  auto raw = tlskit::base64_decode(text);
  if (raw && tlskit::base64_decode(tlskit::base64_encode(*raw)).value() != *raw) std::abort();
  return 0;
}
