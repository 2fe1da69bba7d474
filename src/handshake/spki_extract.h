// A minimal DER walk over an X.509 certificate: the few leaf facts the handshake needs
// (the SubjectPublicKeyInfo for CertificateVerify, the DNS names for SNI-based selection),
// kept independent of src/x509/ so the handshake does not depend on full path validation.
#pragma once
#include <string>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"

namespace tlskit::handshake {

// Largest certificate we walk (matches the handshake's certificate entry bound).
inline constexpr size_t kMaxCertificateDer = 1 << 16;

// Returns the DER SubjectPublicKeyInfo (tag and length included) of cert_der, a view into
// cert_der. Fails with decode_error / bad_certificate when the certificate is not DER
// Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { [0] version?, serial, signature,
// issuer, validity, subject, subjectPublicKeyInfo, ... }, ... } (RFC 5280 §4.1).
Result<ByteView> extract_spki(ByteView cert_der);

// Returns the subjectAltName dNSName entries of cert_der (RFC 5280 §4.2.1.6), or the
// subject's last commonName when the certificate has no DNS names. Lower-cased. Fails with
// decode_error when the certificate structure is malformed.
Result<std::vector<std::string>> extract_dns_names(ByteView cert_der);

// True when host matches pattern: case-insensitive equality, or a "*.example.com" wildcard
// that stands for exactly one left-most label (RFC 6125 §6.4.3).
bool dns_name_matches(std::string_view pattern, std::string_view host);

}  // namespace tlskit::handshake
