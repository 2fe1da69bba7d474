// The largest body each handshake message's syntax allows (RFC 8446 §4, RFC 5246 §7.4), so
// that an oversized message is a syntax error (decode_error, RFC 8446 §6.2) rather than one
// that only passes our configured size limit.
#pragma once
#include <cstddef>
#include <optional>

#include "base/iana_registry.h"

namespace tlskit::record {

// The largest ClientHello body the syntax allows: legacy_version(2) + random(32) +
// legacy_session_id<0..32> + cipher_suites<2..2^16-2> + legacy_compression_methods<1..2^8-1>
// + extensions<8..2^16-1>. Always accepted, whatever the configured limit (RFC 8446 §4.1.2).
inline constexpr size_t kMaxClientHelloBody = 2 + 32 + (1 + 32) + (2 + 65534) + (1 + 255) +
                                              (2 + 65535);

// The largest body the message's syntax permits in TLS 1.2 or 1.3, or nullopt when the
// syntax allows up to the 24-bit length (Certificate, CertificateStatus,
// CompressedCertificate, ServerKeyExchange, and types we do not know).
std::optional<size_t> syntactic_max_body(HandshakeType type);

}  // namespace tlskit::record
