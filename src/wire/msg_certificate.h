// Certificate (RFC 8446 §4.4.2 for TLS 1.3; RFC 5246 §7.4.2 / §7.4.6 for TLS 1.2).
#pragma once
#include <cstdint>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "codec/byte_writer.h"
#include "wire/extensions.h"

namespace tlskit {

// Upper bound on the number of certificates in one chain (a chain longer than this is refused
// with decode_error; real chains have 2..5 entries).
inline constexpr size_t kMaxCertificateChainLength = 32;
// Largest certificate_request_context (RFC 8446 §4.4.2: opaque <0..2^8-1>).
inline constexpr size_t kMaxCertificateRequestContextSize = 255;

// One TLS 1.3 CertificateEntry (X.509 form): DER certificate and its extensions.
struct CertificateEntry {
  ByteView cert_data;        // <1..2^24-1>, DER
  ExtensionList extensions;  // CT context: status_request, signed_certificate_timestamp
};

// TLS 1.3 Certificate. Parsed fields are views into the body; for building, views into
// caller-owned DER.
struct Certificate13 {
  ByteView certificate_request_context;   // empty for the server's Certificate
  std::vector<CertificateEntry> entries;  // leaf first; may be empty (client without a cert)
};

// Parses a TLS 1.3 Certificate body. step is Step::server_certificate or
// Step::client_certificate. Errors (Party::peer): bad lengths, trailing bytes, an empty
// cert_data, more than kMaxCertificateChainLength entries, and (for Step::server_certificate)
// a non-empty certificate_request_context (RFC 8446 §4.4.2) -> decode_error; each entry's
// extensions follow the CT rules (duplicates / misplaced -> illegal_parameter, unknown ->
// unsupported_extension). Certificates are not decoded (that is x509/).
Result<Certificate13> parse_certificate13(ByteView body, Step step = Step::server_certificate);

// Writes the whole TLS 1.3 Certificate message (header + body).
void write_certificate13(const Certificate13& c, ByteWriter& w);

// TLS 1.2 Certificate: certificate_list<0..2^24-1> of ASN.1Cert<1..2^24-1>.
struct Certificate12 {
  std::vector<ByteView> certificates;  // DER, leaf first; may be empty (client without a cert)
};

// Parses a TLS 1.2 Certificate body: bad lengths, trailing bytes, an empty certificate, too
// many certificates -> decode_error.
Result<Certificate12> parse_certificate12(ByteView body, Step step = Step::server_certificate);

// Writes the whole TLS 1.2 Certificate message (header + body).
void write_certificate12(const Certificate12& c, ByteWriter& w);

}  // namespace tlskit
