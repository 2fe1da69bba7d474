// CompressedCertificate (RFC 8879 §4): a TLS 1.3 Certificate message compressed with one of
// the algorithms the peer offered in compress_certificate; it replaces the Certificate.
#pragma once
#include <cstdint>

#include "base/bytes.h"
#include "base/result.h"
#include "codec/byte_writer.h"
#include "tlskit/types.h"

namespace tlskit {

// struct { algorithm; uint24 uncompressed_length; opaque compressed_certificate_message
// <1..2^24-1>; } (RFC 8879 §4). uncompressed_length is the length of the Certificate body,
// without its 4-byte handshake header (RFC 8879 errata 8753; what BoringSSL and OpenSSL do).
struct CompressedCertificate {
  CertCompressionAlgorithm algorithm{};
  uint32_t uncompressed_length = 0;
  ByteView compressed_certificate_message;  // a view into the body (or caller-owned, to write)
};

// Parses a CompressedCertificate body. Errors (decode_error at `step`, Party::peer): a body
// shorter than its fixed fields, a compressed_certificate_message length that does not match
// the bytes that follow (so no trailing bytes), an empty compressed_certificate_message.
// Algorithm and lengths are checked by the handshake (handshake/cert_compression.h).
Result<CompressedCertificate> parse_compressed_certificate(ByteView body,
                                                           Step step = Step::server_certificate);

// Writes the whole message (header + body).
void write_compressed_certificate(const CompressedCertificate& c, ByteWriter& w);

}  // namespace tlskit
