// Host name and IP address checks against a certificate (RFC 6125, RFC 9525).
#pragma once
#include <string>
#include <string_view>

#include "x509/certificate.h"

namespace tlskit::x509 {

// The outcome of matching a reference identity against a leaf certificate.
struct HostCheck {
  bool matched = false;
  bool is_ip = false;     // the reference was an IP address literal
  std::string presented;  // what the certificate offers, e.g. "DNS:a.example, IP:192.0.2.1"
};

// Checks host (a DNS name, an IPv4 literal or an IPv6 literal, optionally in brackets) against
// the leaf. DNS names match subjectAltName dNSName entries, case-insensitively, with a wildcard
// only as the whole leftmost label covering exactly one label ("*.example.com" matches
// "api.example.com", not "v1.api.example.com" nor "example.com"). IP literals match only
// iPAddress entries. The subject CN is consulted only when cn_fallback is set and the
// certificate has no DNS or IP subjectAltName (RFC 6125 §6.4.4).
HostCheck check_host(const Certificate& leaf, std::string_view host, bool cn_fallback = false);

// Checks an email address against rfc822Name SANs (and subject emailAddress if none).
bool check_email(const Certificate& leaf, std::string_view email);

// True when pattern (a presented dNSName, possibly with a leading "*." wildcard) matches the
// reference host name (both compared case-insensitively, trailing dots ignored).
bool dns_name_matches(std::string_view pattern, std::string_view host);

// True when s is a syntactically valid DNS name (LDH labels of 1..63 characters, '_' allowed,
// total <= 253). allow_wildcard permits a leading "*." label.
bool valid_dns_name(std::string_view s, bool allow_wildcard);

}  // namespace tlskit::x509
