// zstd (RFC 8478) for certificate compression (RFC 8879 §4). One-shot decoding writes straight
// into the output, so no window buffer is allocated whatever the frame declares.
#include <zstd.h>
#include <zstd_errors.h>

#include <string>

#include "compress/codecs.h"

namespace tlskit::compress::detail {

// zstd level for certificates: compressed once and cached, so a slow level pays off.
constexpr int kZstdLevel = 19;

Failure zstd_decompress(ByteView in, MutableByteView out) {
  const unsigned long long declared = ZSTD_getFrameContentSize(in.data(), in.size());
  if (declared == ZSTD_CONTENTSIZE_ERROR) return "not a zstd frame";
  if (declared != ZSTD_CONTENTSIZE_UNKNOWN && declared > out.size())
    return "the zstd frame says " + std::to_string(declared) + " bytes, more than the declared length";
  ZSTD_DCtx* d = ZSTD_createDCtx();
  if (!d) return "zstd could not start a decoder";
  const size_t r = ZSTD_decompressDCtx(d, out.data(), out.size(), in.data(), in.size());
  ZSTD_freeDCtx(d);
  if (ZSTD_isError(r)) {
    switch (ZSTD_getErrorCode(r)) {
      case ZSTD_error_dstSize_tooSmall:
        return "it decodes to more than the declared length";
      case ZSTD_error_srcSize_wrong:
        return "the zstd stream is truncated or has bytes after its last frame";
      default:
        return std::string("corrupt zstd stream (") + ZSTD_getErrorName(r) + ")";
    }
  }
  if (r != out.size())
    return "it decodes to " + std::to_string(r) + " bytes, fewer than declared";
  return {};
}

bool zstd_compress(ByteView in, Bytes& out, std::string* why) {
  out.resize(ZSTD_compressBound(in.size()));
  const size_t r = ZSTD_compress(out.data(), out.size(), in.data(), in.size(), kZstdLevel);
  if (ZSTD_isError(r)) {
    *why = ZSTD_getErrorName(r);
    return false;
  }
  out.resize(r);
  return true;
}

}  // namespace tlskit::compress::detail
