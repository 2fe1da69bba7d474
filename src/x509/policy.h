// Certificate policy processing (RFC 5280 §6.1.2 (a),(d)-(f), §6.1.3 (d)-(f), §6.1.4 (a),(b),
// (h)-(j), §6.1.5 (a),(b),(g)): the valid_policy_tree.
#pragma once
#include <string>
#include <vector>

#include "x509/certificate.h"

namespace tlskit::x509 {

// Bound on tree nodes (policy mapping can grow the tree exponentially; CVE-2023-0464).
inline constexpr size_t kMaxPolicyNodes = 10000;

// RFC 5280 §6.1.1 inputs.
struct PolicyInputs {
  std::vector<Bytes> initial_policy_set;  // OIDs (DER contents); empty means {anyPolicy}
  bool initial_explicit_policy = false;
  bool initial_policy_mapping_inhibit = false;
  bool initial_any_policy_inhibit = false;
  // path[0] is a trust anchor whose constraints are enforced (RFC 5937): without a
  // certificatePolicies extension it passes every policy through (as anyPolicy).
  bool first_is_anchor = false;
};

// The outcome: code 0, 42 (invalid policy extension: anyPolicy mapped, tree too large) or
// 43 (no explicit policy), the depth (0 = leaf) where it failed, and the
// user-constrained policy set (dotted OIDs; "2.5.29.32.0" stands for anyPolicy).
struct PolicyResult {
  int code = 0;
  int depth = -1;
  std::string detail;
  std::vector<std::string> user_constrained_policy_set;
};

// Runs policy processing over path, ordered from the certificate issued by the trust anchor
// (path[0]) down to the leaf (path.back()); the trust anchor itself is not part of path.
PolicyResult process_policies(const std::vector<const Certificate*>& path, const PolicyInputs& in);

}  // namespace tlskit::x509
