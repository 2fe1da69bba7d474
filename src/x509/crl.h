// Certificate revocation lists (RFC 5280 §5) and CRL-based revocation checking (§6.3).
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "crypto/provider.h"
#include "x509/certificate.h"
#include "x509/path_validator.h"

namespace tlskit::x509 {

// Bound on entries in one CRL (large public CRLs have ~1M entries; we accept 4M).
inline constexpr size_t kMaxCrlEntries = 4u << 20;
inline constexpr size_t kMaxCrlSize = 64u << 20;

// RFC 5280 §5.3.1 reason codes.
enum class CrlReason : int {
  unspecified = 0,
  key_compromise = 1,
  ca_compromise = 2,
  affiliation_changed = 3,
  superseded = 4,
  cessation_of_operation = 5,
  certificate_hold = 6,
  remove_from_crl = 8,
  privilege_withdrawn = 9,
  aa_compromise = 10,
};
// "keyCompromise", "superseded", ...
const char* crl_reason_name(int reason);

// A parsed CRL; owns its DER.
class Crl {
 public:
  // Parses a DER CertificateList. Fails with decode_error naming the bad field.
  static Result<CrlPtr> parse(ByteView der);
  Crl(const Crl&) = delete;
  Crl& operator=(const Crl&) = delete;

  struct Entry {
    ByteView serial;
    int64_t revoked_at = 0;
    int reason = -1;  // -1: no reason code extension
    // certificateIssuer entry extension (indirect CRLs): applies to this and later entries.
    std::optional<std::vector<GeneralName>> certificate_issuer;
    bool unknown_critical = false;
  };
  // RFC 5280 §5.2.5 issuingDistributionPoint.
  struct IssuingDistributionPoint {
    DistributionPoint dp;
    bool only_user = false;
    bool only_ca = false;
    bool only_attribute = false;
    bool indirect = false;
    std::optional<der::BitString> only_some_reasons;
  };

  ByteView der() const { return der_; }
  ByteView tbs() const { return tbs_; }
  int version = 1;
  SignatureAlgorithm sig_alg;
  ByteView tbs_signature_alg;
  ByteView outer_signature_alg;
  ByteView signature;
  Name issuer;
  int64_t this_update = 0;
  std::optional<int64_t> next_update;
  std::vector<Entry> entries;
  std::optional<ByteView> crl_number;  // INTEGER contents
  std::optional<ByteView> delta_base;  // deltaCRLIndicator: BaseCRLNumber
  std::optional<IssuingDistributionPoint> idp;
  std::optional<AuthorityKeyId> authority_key_id;
  std::vector<ByteView> unknown_critical;  // critical CRL extensions we do not process
  std::string extension_error;

 private:
  Crl() = default;
  Bytes der_;
  ByteView tbs_;
};

// Parses every "X509 CRL" PEM block, or one DER CRL.
Result<std::vector<CrlPtr>> parse_crls(ByteView pem_or_der);

// What revocation checking may use besides the CRLs.
struct CrlContext {
  int64_t time = 0;
  bool allow_sha1 = false;
  const std::vector<CertPtr>* pool = nullptr;    // candidate CRL signers
  const std::vector<PathEntry>* path = nullptr;  // the path being validated
  int nesting = 0;                               // CRL-signer checks in progress (bounded)
};

// The outcome for one certificate: 0 (not revoked), 23 revoked, 3 no usable CRL,
// 8 bad CRL signature, 11/12 CRL not yet valid/expired, 35 signer lacks cRLSign,
// 36 unhandled critical CRL extension; detail says which CRL and why.
struct CrlStatus {
  int code = 0;
  std::string detail;
};

// Checks cert (at depth `depth` of ctx.path, issued by issuer) against crls per RFC 5280 §6.3.
CrlStatus check_crl_status(const Certificate& cert, const Certificate& issuer, size_t depth,
                           const std::vector<CrlPtr>& crls, const CrlContext& ctx,
                           const crypto::Provider& provider);

}  // namespace tlskit::x509
