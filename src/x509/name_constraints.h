// Name constraints (RFC 5280 §4.2.1.10, §6.1.3 (b)-(c), §6.1.4 (g)).
#pragma once
#include <string>

#include "x509/certificate.h"

namespace tlskit::x509 {

// Bound on names x constraints comparisons for one certificate and one CA.
inline constexpr size_t kMaxNameConstraintChecks = size_t{1} << 20;

// The outcome of checking one certificate's names against one CA's constraints.
struct NameConstraintResult {
  int code = 0;        // 0, or 47 permitted / 48 excluded / 51 unsupported type /
                       // 52 bad constraint syntax / 53 bad name syntax / 49 min-max
  std::string detail;  // which name broke which constraint
};

// Checks every name of cert (its subject DN when not empty, its subjectAltName entries, and
// subject emailAddress attributes when it has no rfc822Name SAN) against nc, the
// nameConstraints of a CA above it in the path.
NameConstraintResult check_name_constraints(const Certificate& cert, const NameConstraints& nc);

// Single-name matchers (exposed for tests). Each returns true when name is inside the subtree.
bool dns_in_subtree(std::string_view name, std::string_view constraint);
bool email_in_subtree(std::string_view name, std::string_view constraint);
bool uri_in_subtree(std::string_view uri, std::string_view constraint);
bool ip_in_subtree(ByteView addr, ByteView constraint);  // constraint: address || mask

}  // namespace tlskit::x509
