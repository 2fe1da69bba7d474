// brotli (RFC 7932) for certificate compression (RFC 8879 §4). The decoder allocates through a
// counting allocator: its ring buffer follows the window the stream declares (up to 16 MiB), so
// its working memory is capped (kBrotliDecoderMemoryLimit) rather than trusted.
#include <brotli/decode.h>
#include <brotli/encode.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "compress/codecs.h"

namespace tlskit::compress::detail {
namespace {

// Bytes in front of each allocation that remember its size (keeps malloc's alignment).
constexpr size_t kHeader = alignof(std::max_align_t);

// The decoder's allowance: what it holds now and the most it may hold.
struct Budget {
  size_t used = 0;
  size_t limit = 0;
  bool refused = false;  // an allocation was over the limit
};

void* budget_alloc(void* opaque, size_t size) {
  auto* b = static_cast<Budget*>(opaque);
  if (size > b->limit - b->used) {
    b->refused = true;
    return nullptr;
  }
  void* p = std::malloc(size + kHeader);
  if (!p) return nullptr;
  std::memcpy(p, &size, sizeof size);
  b->used += size;
  return static_cast<char*>(p) + kHeader;
}

void budget_free(void* opaque, void* address) {
  if (!address) return;
  auto* b = static_cast<Budget*>(opaque);
  char* p = static_cast<char*>(address) - kHeader;
  size_t size = 0;
  std::memcpy(&size, p, sizeof size);
  b->used -= size;
  std::free(p);
}

}  // namespace

Failure brotli_decompress(ByteView in, MutableByteView out) {
  Budget budget;
  budget.limit = kBrotliDecoderMemoryLimit + 2 * out.size();
  BrotliDecoderState* s = BrotliDecoderCreateInstance(budget_alloc, budget_free, &budget);
  if (!s) return "brotli could not start a decoder";
  size_t avail_in = in.size();
  const uint8_t* next_in = in.data();
  size_t avail_out = out.size();
  uint8_t* next_out = out.data();
  BrotliDecoderResult r =
      BrotliDecoderDecompressStream(s, &avail_in, &next_in, &avail_out, &next_out, nullptr);
  if (r == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) {
    // The output is full: one more byte tells a longer stream from one that only has its end
    // left to read.
    uint8_t probe = 0;
    uint8_t* p = &probe;
    size_t one = 1;
    r = BrotliDecoderDecompressStream(s, &avail_in, &next_in, &one, &p, nullptr);
    if (one == 0) r = BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT;
  }
  Failure why;
  switch (r) {
    case BROTLI_DECODER_RESULT_SUCCESS:
      if (avail_out != 0)
        why = "it decodes to " + std::to_string(out.size() - avail_out) +
              " bytes, fewer than declared";
      else if (avail_in != 0)
        why = std::to_string(avail_in) + " bytes follow the end of the brotli stream";
      break;
    case BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT:
      why = "it decodes to more than the declared length";
      break;
    case BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT:
      why = "the brotli stream is truncated";
      break;
    case BROTLI_DECODER_RESULT_ERROR:
      if (budget.refused)
        why = "the brotli stream needs more than " + std::to_string(budget.limit) +
              " bytes of decoder memory (its window is too large)";
      else
        why = std::string("corrupt brotli stream (") +
              BrotliDecoderErrorString(BrotliDecoderGetErrorCode(s)) + ")";
      break;
  }
  BrotliDecoderDestroyInstance(s);
  return why;
}

bool brotli_compress(ByteView in, Bytes& out, std::string* why) {
  // The smallest window that holds the whole input (a window is 2^lgwin - 16 bytes), at most the
  // default 22 bits: the peer's decoder then needs no more memory than the certificate.
  int lgwin = BROTLI_MIN_WINDOW_BITS;
  while (lgwin < BROTLI_DEFAULT_WINDOW && (size_t{1} << lgwin) - 16 < in.size()) ++lgwin;
  size_t size = BrotliEncoderMaxCompressedSize(in.size());
  if (size == 0) {
    *why = "input too large for brotli";
    return false;
  }
  out.resize(size);
  if (!BrotliEncoderCompress(BROTLI_MAX_QUALITY, lgwin, BROTLI_MODE_GENERIC, in.size(), in.data(),
                             &size, out.data())) {
    *why = "BrotliEncoderCompress failed";
    return false;
  }
  out.resize(size);
  return true;
}

}  // namespace tlskit::compress::detail
