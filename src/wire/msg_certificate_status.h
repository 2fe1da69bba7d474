// CertificateStatus (RFC 6066 §8): the TLS 1.2 message, and the same structure inside a TLS 1.3
// CertificateEntry's status_request extension (RFC 8446 §4.4.2.1).
#pragma once
#include <cstdint>

#include "base/bytes.h"
#include "base/result.h"
#include "codec/byte_writer.h"

namespace tlskit {

// CertificateStatusType ocsp (RFC 6066 §8).
inline constexpr uint8_t kStatusTypeOcsp = 1;

// CertificateStatus: status_type + OCSPResponse<1..2^24-1> (a DER OCSPResponse).
struct CertificateStatus {
  uint8_t status_type = kStatusTypeOcsp;
  ByteView ocsp_response;
};

// Parses a CertificateStatus structure (the TLS 1.2 message body, or the extension_data of
// status_request in a TLS 1.3 CertificateEntry). Errors: bad lengths, empty response, trailing
// bytes -> decode_error; a status_type other than ocsp -> illegal_parameter.
Result<CertificateStatus> parse_certificate_status(ByteView body,
                                                   Step step = Step::server_certificate);

// Writes the CertificateStatus structure only (no handshake header).
void write_certificate_status_body(const CertificateStatus& cs, ByteWriter& w);

// Writes the whole TLS 1.2 CertificateStatus message (header + body).
void write_certificate_status(const CertificateStatus& cs, ByteWriter& w);

}  // namespace tlskit
