// Printing certificates for people: the `openssl x509 -noout -text` dump and the short
// summaries the `tlskit cert` tool shows.
#pragma once
#include <string>
#include <vector>

#include "x509/certificate.h"

namespace tlskit::x509 {

// The full dump, laid out like `openssl x509 -noout -text` (OpenSSL 3.0).
std::string certificate_text(const Certificate& c);

// "SHA256 Fingerprint=AB:CD:..." style hex of the SHA-256 of the DER (uppercase, colons).
std::string fingerprint_sha256(const Certificate& c);

// "notBefore=Mar  5 12:00:00 2024 GMT" / "notAfter=..." lines, as `openssl x509 -dates`.
std::string dates_text(const Certificate& c);

// Days from now until notAfter (negative when expired), rounded down.
int64_t days_remaining(const Certificate& c, int64_t now);

// "valid for 812 more days", "expired 3 days ago", "not valid for another 2 days".
std::string validity_summary(const Certificate& c, int64_t now);

// Every subjectAltName entry in OpenSSL's text ("DNS:a.example", "IP Address:192.0.2.1").
std::vector<std::string> san_list(const Certificate& c);

// "EC P-256", "RSA 2048 bits", "Ed25519".
std::string key_description(const Certificate& c);

// The signature algorithm as OpenSSL names it ("ecdsa-with-SHA256").
std::string signature_algorithm_name(const Certificate& c);

// Colon-separated hex ("ab:cd" lower, or "AB:CD" upper).
std::string colon_hex(ByteView b, bool upper);

}  // namespace tlskit::x509
