// CertificateRequest (RFC 8446 §4.3.2 for TLS 1.3; RFC 5246 §7.4.4 for TLS 1.2).
#pragma once
#include <cstdint>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "codec/byte_writer.h"
#include "wire/extensions.h"
#include "base/iana_registry.h"

namespace tlskit {

// TLS 1.3 CertificateRequest.
struct CertificateRequest13 {
  ByteView certificate_request_context;  // <0..2^8-1>; empty during the handshake
  ExtensionList extensions;              // signature_algorithms is mandatory
};

// Parses a TLS 1.3 CertificateRequest body (Step::certificate_request, Party::peer):
// bad lengths / trailing bytes -> decode_error; CR extension rules (duplicates, misplaced known
// -> illegal_parameter; unknown are kept and ignored, RFC 8446 §4.3.2); RFC 8446 §4.3.2 "The
// signature_algorithms extension MUST be specified" -> missing_extension.
Result<CertificateRequest13> parse_certificate_request13(ByteView body);

// Writes the whole message (header + body).
void write_certificate_request13(const CertificateRequest13& cr, ByteWriter& w);

// TLS 1.2 ClientCertificateType values (RFC 5246 §7.4.4, RFC 8422 §5.5).
enum class ClientCertificateType : uint8_t {
  rsa_sign = 1,
  dss_sign = 2,
  ecdsa_sign = 64,
};

// TLS 1.2 CertificateRequest.
struct CertificateRequest12 {
  std::vector<uint8_t> certificate_types;             // <1..2^8-1>
  std::vector<SignatureScheme> signature_algorithms;  // <2..2^16-2>, as sent
  std::vector<ByteView> certificate_authorities;      // DistinguishedName<1..2^16-1> each
};

// Parses a TLS 1.2 CertificateRequest body: empty certificate_types, empty or odd
// supported_signature_algorithms, an empty DistinguishedName, bad lengths or trailing bytes ->
// decode_error (Step::certificate_request).
Result<CertificateRequest12> parse_certificate_request12(ByteView body);

// Writes the whole message (header + body).
void write_certificate_request12(const CertificateRequest12& cr, ByteWriter& w);

}  // namespace tlskit
