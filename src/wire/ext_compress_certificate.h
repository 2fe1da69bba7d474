// compress_certificate (RFC 8879 §3): the certificate compression algorithms an endpoint can
// decompress, in a ClientHello (for the server's certificate) or a CertificateRequest (for the
// client's).
#pragma once
#include <vector>

#include "base/result.h"
#include "codec/byte_writer.h"
#include "wire/extensions.h"

namespace tlskit {

// CertificateCompressionAlgorithm algorithms<2..2^8-2> (RFC 8879 §3): any value is kept, in
// order, including ones tlskit does not implement.
struct CompressCertificate {
  std::vector<CertCompressionAlgorithm> algorithms;

  // True when a is in the list.
  bool contains(CertCompressionAlgorithm a) const;
  bool operator==(const CompressCertificate&) const = default;
};

// Parses extension_data. Errors (decode_error at `step`, Party::peer): a length byte that does
// not match the bytes that follow, an odd length, an empty list (RFC 8879 §3: <2..2^8-2>).
Result<CompressCertificate> parse_compress_certificate(ByteView data,
                                                       Step step = Step::client_hello);

// Writes extension_data (the list must hold 1..127 algorithms).
void write_compress_certificate(const CompressCertificate& v, ByteWriter& w);

// Builds the extension.
Extension to_extension(const CompressCertificate& v);

}  // namespace tlskit
