// Certificate compression codecs (RFC 8879 §4): zlib (RFC 1950), brotli (RFC 7932) and zstd
// (RFC 8478) behind one interface. Decompression is bounded: the output buffer is allocated
// once at the declared length, after that length was checked against the caller's bound, and a
// stream that decodes to more or fewer bytes than declared is refused. Uses only base/ (and the
// three Debian libraries, included nowhere else: scripts/check_layers.sh).
#pragma once
#include <cstddef>

#include "base/bytes.h"
#include "base/result.h"
#include "tlskit/types.h"

namespace tlskit::compress {

// RFC 8879 §4: uncompressed_length is a uint24.
inline constexpr size_t kMaxUncompressedLength = (size_t{1} << 24) - 1;

// True for the algorithms tlskit implements (zlib, brotli, zstd).
bool supported(CertCompressionAlgorithm alg);

// Compresses `in` (an encoded Certificate body) with alg at a high compression level (the
// result is meant to be cached and sent many times). Errors (Party::us, Alert::internal_error,
// at `step`): an unsupported algorithm or input over kMaxUncompressedLength -> internal_error;
// the library failing -> internal_error naming it.
Result<Bytes> compress(CertCompressionAlgorithm alg, ByteView in, Step step = Step::none);

// Decompresses `in`, which must decode to exactly expected_len bytes. Before anything is
// allocated, expected_len is checked against max_len and kMaxUncompressedLength; the output is
// then allocated once at expected_len and never grows; each decoder's working memory is
// bounded too (codecs.h). Errors (Party::peer, Alert::bad_certificate, RFC 8879 §4, at `step`):
// expected_len of 0 or over the bound -> limit_exceeded; an unsupported algorithm, a corrupt or
// truncated stream, output longer or shorter than expected_len, bytes after the stream ->
// decode_error with what went wrong.
Result<Bytes> decompress(CertCompressionAlgorithm alg, ByteView in, size_t expected_len,
                         size_t max_len, Step step = Step::none);

}  // namespace tlskit::compress
