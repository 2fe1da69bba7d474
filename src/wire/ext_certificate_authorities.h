// certificate_authorities (RFC 8446 §4.2.4).
#pragma once
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "codec/byte_writer.h"
#include "wire/extensions.h"

namespace tlskit {

// DistinguishedName authorities<3..2^16-1>; each DistinguishedName is DER, <1..2^16-1>.
struct CertificateAuthorities {
  std::vector<Bytes> names;

  bool operator==(const CertificateAuthorities&) const = default;
};

// Parses extension_data: an empty list, an empty name, bad lengths, trailing bytes ->
// decode_error.
Result<CertificateAuthorities> parse_certificate_authorities(ByteView data,
                                                             Step step = Step::client_hello);

// Writes the extension_data.
void write_certificate_authorities(const CertificateAuthorities& v, ByteWriter& w);

// Builds the extension.
Extension to_extension(const CertificateAuthorities& v);

}  // namespace tlskit
