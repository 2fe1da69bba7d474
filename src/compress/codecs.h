// The three codecs behind cert_codec.h, one file each (codec_zlib.cpp, codec_brotli.cpp,
// codec_zstd.cpp). Each decoder writes into a caller-allocated output of the declared size and
// returns a short reason on failure (the caller builds the Error); the compressors return an
// empty optional with a reason.
#pragma once
#include <cstddef>
#include <string>

#include "base/bytes.h"

namespace tlskit::compress::detail {

// Largest working memory the brotli decoder may allocate besides the output: the ring buffer of
// the default 22-bit window (4 MiB, what BoringSSL, OpenSSL and the brotli tool use) plus its
// Huffman tables. A stream that needs more is refused (a larger window buys nothing for a
// certificate of a few KiB).
inline constexpr size_t kBrotliDecoderMemoryLimit = 6u << 20;

// What a decoder reports: empty on success, else why it failed ("the stream is truncated").
using Failure = std::string;

// Decodes a zlib (RFC 1950) stream into exactly out.size() bytes.
Failure zlib_decompress(ByteView in, MutableByteView out);
// Encodes with zlib at level 9. False on a library failure (reason in *why).
bool zlib_compress(ByteView in, Bytes& out, std::string* why);

// Decodes a brotli (RFC 7932) stream into exactly out.size() bytes, its working memory capped
// at kBrotliDecoderMemoryLimit plus twice the output size.
Failure brotli_decompress(ByteView in, MutableByteView out);
// Encodes with brotli at quality 11 and the smallest window that holds the input.
bool brotli_compress(ByteView in, Bytes& out, std::string* why);

// Decodes zstd (RFC 8478) frames into exactly out.size() bytes (one-shot: no window buffer).
Failure zstd_decompress(ByteView in, MutableByteView out);
// Encodes with zstd at level 19 (the frame records the content size).
bool zstd_compress(ByteView in, Bytes& out, std::string* why);

}  // namespace tlskit::compress::detail
