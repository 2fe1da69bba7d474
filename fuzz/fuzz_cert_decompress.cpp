// libFuzzer target: the certificate decompressors (src/compress/) with a bound. Input: one byte
// choosing the algorithm (value % 3 + 1: zlib, brotli, zstd), a 3-byte declared length, then
// the compressed data. A success must be exactly the declared length; decompressing is bounded
// at 64 KiB, and what decompresses must compress and decompress back to itself.
#include <cstdio>
#include <cstdlib>

#include "compress/cert_codec.h"

using namespace tlskit;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 4) return 0;
  const auto alg = static_cast<CertCompressionAlgorithm>(data[0] % 3 + 1);
  const size_t declared = size_t{data[1]} << 16 | size_t{data[2]} << 8 | data[3];
  ByteView in(data + 4, size - 4);
  auto out = compress::decompress(alg, in, declared, 64 * 1024, Step::server_certificate);
  if (!out) {
    if (out.error().alert != Alert::bad_certificate) std::abort();
    return 0;
  }
  if (out->size() != declared) std::abort();
  auto again = compress::compress(alg, *out);
  if (!again) std::abort();
  auto back = compress::decompress(alg, *again, declared, 64 * 1024);
  if (!back || *back != *out) std::abort();
  return 0;
}
