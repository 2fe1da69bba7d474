// Names of the certificate compression algorithms (RFC 8879 §7.3), declared in tlskit/types.h:
// used by compress/ (errors), wire/ (describe) and the tools.
#include <optional>
#include <string>
#include <string_view>

#include "tlskit/types.h"

namespace tlskit {

std::string cert_compression_name(CertCompressionAlgorithm a) {
  switch (a) {
    case CertCompressionAlgorithm::zlib:
      return "zlib";
    case CertCompressionAlgorithm::brotli:
      return "brotli";
    case CertCompressionAlgorithm::zstd:
      return "zstd";
  }
  static const char* digits = "0123456789abcdef";
  auto v = static_cast<uint16_t>(a);
  std::string out = "0x";
  for (int shift = 12; shift >= 0; shift -= 4) out += digits[(v >> shift) & 0xF];
  return out;
}

std::optional<CertCompressionAlgorithm> cert_compression_from_name(std::string_view name) {
  if (name == "zlib") return CertCompressionAlgorithm::zlib;
  if (name == "brotli") return CertCompressionAlgorithm::brotli;
  if (name == "zstd") return CertCompressionAlgorithm::zstd;
  return std::nullopt;
}

}  // namespace tlskit
