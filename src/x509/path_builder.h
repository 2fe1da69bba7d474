// Path building (RFC 4158 style depth-first search) from a leaf through presented
// intermediates to the trust store, trying alternatives until one path validates.
#pragma once
#include <span>
#include <string>
#include <vector>

#include "crypto/provider.h"
#include "x509/path_validator.h"
#include "x509/trust_store.h"

namespace tlskit::x509 {

// Bounds on the search (cross-signed meshes can have many paths).
inline constexpr size_t kMaxPathsTried = 64;
inline constexpr size_t kMaxBuilderSteps = 4096;

// The verdict on a whole chain.
struct ChainResult {
  int code = 0;
  int depth = -1;
  std::string cause;
  std::string detail;           // specific: names, dates
  std::vector<PathEntry> path;  // the path verified, or the one the failure refers to
  bool anchored = false;        // path ends in a trust anchor
  std::vector<std::string> policy_set;
  std::string missing_issuer;  // for missing_intermediate / untrusted_root: issuer name
  std::vector<std::string>
      ca_issuers_urls;  // AIA caIssuers of the certificate whose issuer is missing
  size_t paths_tried = 0;
  bool ok() const { return code == 0; }
};

// Builds and validates paths for leaf using intermediates (any order; extras and duplicates
// are fine) and store. Returns the first valid path, or the most useful failure: a failure
// on a path that reached a trust anchor beats "issuer not found"; among those, the first
// path tried (candidates are ordered by key identifier match and validity at params.time).
ChainResult verify_chain(const CertPtr& leaf, std::span<const CertPtr> intermediates,
                         const TrustStore& store, const ValidationParams& params,
                         const crypto::Provider& provider);

}  // namespace tlskit::x509
