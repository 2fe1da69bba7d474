// Validation of one certification path per RFC 5280 §6.1, reporting failures the way
// `openssl verify` does (code, depth) plus a cause id and a sentence for people.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "crypto/provider.h"
#include "x509/certificate.h"
#include "x509/policy.h"

namespace tlskit::x509 {

class Crl;
using CrlPtr = std::shared_ptr<const Crl>;

// What the leaf certificate is checked for.
enum class Purpose : uint8_t { any, server, client };

// How extendedKeyUsage is read: lenient accepts a missing EKU or anyExtendedKeyUsage;
// strict requires the purpose to be listed; strict_leaf applies strict to the leaf only.
enum class EkuMode : uint8_t { lenient, strict, strict_leaf };

// Everything a validation depends on besides the certificates.
struct ValidationParams {
  Purpose purpose = Purpose::server;
  EkuMode eku_mode = EkuMode::lenient;
  int64_t time = 0;          // Unix seconds to validate at
  std::string host;          // DNS name or IP literal to match (empty: no check)
  std::string email;         // rfc822 address to match (empty: no check)
  bool cn_fallback = false;  // use the subject CN when there is no DNS/IP SAN
  bool allow_sha1 = false;   // accept SHA-1 signatures (MD5 is never accepted)
  // Extra RFC 5280 / CA/Browser Forum profile checks (OpenSSL -x509_strict and more): AKI and
  // SKI presence and criticality, CA basicConstraints critical, leaf without cA, v3 leaf, no
  // empty SAN, non-negative serial of at most 20 octets, trust anchor AKI consistency.
  bool strict = false;
  // Certificates in the trust store that are not self-issued are anchors too (OpenSSL
  // -partial_chain). Without it such a certificate needs its own issuer in the store.
  bool partial_chain = false;
  size_t max_path_certs = 32;                    // leaf + intermediates + anchor
  std::optional<size_t> max_intermediates;       // logical (non self-issued) intermediates
  size_t min_rsa_bits = 1024;                    // smaller RSA keys: codes 66 / 67
  bool check_anchor_validity = true;             // the anchor's notBefore/notAfter
  bool check_anchor_constraints = true;          // the anchor's extensions (BC, KU, NC, ...)
  bool require_anchor_basic_constraints = true;  // a v3 anchor must say cA (with the above)
  bool trusted_leaf_ok = true;                   // a leaf found in the store is trusted as is
  // Run policy processing over the anchor too (RFC 5937 anchor constraints); by default the
  // anchor is outside the path, as RFC 5280 §6.1 and OpenSSL have it.
  bool anchor_policy_processing = false;
  PolicyInputs policy;
  std::optional<uint16_t> required_leaf_key_usage;  // bits the leaf's keyUsage must have
  std::vector<Bytes> required_ekus;                 // OIDs the leaf's EKU must list
  // Revocation from CRLs: check the leaf (crl_check) or every certificate (crl_check_all).
  std::vector<CrlPtr> crls;
  bool crl_check = false;
  bool crl_check_all = false;
};

// One certificate of a path, from the leaf (index 0) to the anchor (last).
struct PathEntry {
  CertPtr cert;
  bool anchor = false;      // a trust anchor (last entry only)
  bool from_store = false;  // found in the trust store
};

// The verdict on a path.
struct PathResult {
  int code = 0;
  int depth = -1;
  std::string cause;                    // stable id ("expired", "not_a_ca", ...)
  std::string detail;                   // what exactly is wrong, with names and dates
  std::vector<std::string> policy_set;  // user-constrained policy set when valid
  bool ok() const { return code == 0; }
};

// Caches signature checks for one verification (the same issuer/child pair appears in
// several candidate paths).
class SignatureCache {
 public:
  // Returns 0 when child's signature verifies with issuer's key, otherwise the verify code
  // (7 bad signature, 68 weak digest, 76 unsupported algorithm, 77 key/algorithm mismatch)
  // and a sentence in detail.
  int check(const Certificate& child, const Certificate& issuer, bool allow_sha1,
            const crypto::Provider& provider, std::string& detail);

 private:
  struct Entry {
    const Certificate* child;
    const Certificate* issuer;
    int code;
    std::string detail;
  };
  std::vector<Entry> entries_;
};

// Validates a complete path ending in a trust anchor. pool: the other certificates available
// (for finding CRL signers). Checks run in OpenSSL's order, so the reported failure is the
// one `openssl verify` would report first: extensions and purpose, host name, revocation,
// signatures and validity from the anchor down, name constraints, policies.
PathResult validate_path(const std::vector<PathEntry>& path, const ValidationParams& params,
                         const std::vector<CertPtr>& pool, SignatureCache& sigs,
                         const crypto::Provider& provider);

}  // namespace tlskit::x509
