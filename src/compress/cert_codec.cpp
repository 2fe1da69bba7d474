// Dispatch and bounds of the certificate compression codecs (RFC 8879 §4).
#include "compress/cert_codec.h"

#include <algorithm>
#include <string>

#include "compress/codecs.h"

namespace tlskit::compress {
namespace {

Error ours(Step step, std::string detail) {
  return make_error(ErrorCode::internal_error, Alert::internal_error, Party::us, step,
                    std::move(detail));
}

// RFC 8879 §4: a CompressedCertificate that cannot be decompressed, or whose length does not
// match, aborts the connection with bad_certificate.
Error bad(ErrorCode code, Step step, std::string detail) {
  return make_error(code, Alert::bad_certificate, Party::peer, step, std::move(detail));
}

}  // namespace

bool supported(CertCompressionAlgorithm alg) {
  return alg == CertCompressionAlgorithm::zlib || alg == CertCompressionAlgorithm::brotli ||
         alg == CertCompressionAlgorithm::zstd;
}

Result<Bytes> compress(CertCompressionAlgorithm alg, ByteView in, Step step) {
  const std::string name = cert_compression_name(alg);
  if (!supported(alg)) return ours(step, "certificate compression: " + name + " is not implemented");
  if (in.size() > kMaxUncompressedLength)
    return ours(step, "certificate compression: a Certificate of " + std::to_string(in.size()) +
                          " bytes is over the 2^24-1 bytes RFC 8879 §4 can describe");
  Bytes out;
  std::string why;
  bool done = false;
  switch (alg) {
    case CertCompressionAlgorithm::zlib:
      done = detail::zlib_compress(in, out, &why);
      break;
    case CertCompressionAlgorithm::brotli:
      done = detail::brotli_compress(in, out, &why);
      break;
    case CertCompressionAlgorithm::zstd:
      done = detail::zstd_compress(in, out, &why);
      break;
  }
  if (!done) return ours(step, "certificate compression with " + name + " failed: " + why);
  return out;
}

Result<Bytes> decompress(CertCompressionAlgorithm alg, ByteView in, size_t expected_len,
                         size_t max_len, Step step) {
  const std::string name = cert_compression_name(alg);
  if (!supported(alg))
    return bad(ErrorCode::decode_error, step,
               "CompressedCertificate uses " + name + ", which tlskit cannot decompress");
  // RFC 8879 §4: uncompressed_length lets the receiver "enforce limits on the message size
  // before performing decompression": nothing is allocated for a length over the bound.
  const size_t bound = std::min(max_len, kMaxUncompressedLength);
  if (expected_len > bound)
    return bad(ErrorCode::limit_exceeded, step,
               "CompressedCertificate declares an uncompressed length of " +
                   std::to_string(expected_len) + " bytes, over our limit of " +
                   std::to_string(bound) + " (max_decompressed_certificate)");
  if (expected_len == 0)
    return bad(ErrorCode::decode_error, step,
               "CompressedCertificate declares an uncompressed length of 0 bytes");
  if (in.empty())
    return bad(ErrorCode::decode_error, step, "CompressedCertificate has no compressed data");
  Bytes out(expected_len);
  detail::Failure why;
  switch (alg) {
    case CertCompressionAlgorithm::zlib:
      why = detail::zlib_decompress(in, out);
      break;
    case CertCompressionAlgorithm::brotli:
      why = detail::brotli_decompress(in, out);
      break;
    case CertCompressionAlgorithm::zstd:
      why = detail::zstd_decompress(in, out);
      break;
  }
  if (!why.empty())
    return bad(ErrorCode::decode_error, step,
               "CompressedCertificate (" + name + ", " + std::to_string(expected_len) +
                   " bytes declared) does not decompress: " + why + " (RFC 8879 §4)");
  return out;
}

}  // namespace tlskit::compress
