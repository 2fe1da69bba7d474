// --cert-compression LIST|none, shared by `tlskit client` and `tlskit server`: the certificate
// compression algorithms (RFC 8879) to offer and use, in preference order.
#pragma once
#include <string>
#include <vector>

#include "tlskit/result.h"
#include "tlskit/types.h"

namespace tlskit::tools {

// Parses "brotli,zstd,zlib" (commas or colons) or "none" (an empty list: compression off).
// config_invalid (Party::config) naming the problem: an unknown name, one listed twice, an
// empty list.
Result<std::vector<CertCompressionAlgorithm>> parse_cert_compression_flag(const std::string& value);

}  // namespace tlskit::tools
