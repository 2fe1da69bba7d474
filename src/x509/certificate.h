// A parsed X.509 certificate (RFC 5280 §4.1). It owns its DER; every field is a view into it.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "x509/algorithms.h"
#include "x509/extensions.h"
#include "x509/name.h"
#include "x509/oid.h"

namespace tlskit::x509 {

// Bound on one certificate's size (real ones are < 10 KB; CDN certificates with many SANs
// reach ~30 KB).
inline constexpr size_t kMaxCertificateSize = 256 * 1024;
// Bound on the number of extensions in one certificate.
inline constexpr size_t kMaxExtensions = 64;

class Certificate;
using CertPtr = std::shared_ptr<const Certificate>;

class Certificate {
 public:
  // Parses DER (strict). Structural errors fail with decode_error naming the field
  // ("certificate: tbsCertificate.validity: bad notAfter time"). A known extension whose
  // value is malformed does not fail the parse: it is kept in extension_error, and
  // validation rejects the certificate (OpenSSL code 41) saying which one.
  static Result<CertPtr> parse(ByteView der);

  Certificate(const Certificate&) = delete;
  Certificate& operator=(const Certificate&) = delete;

  ByteView der() const { return der_; }
  ByteView tbs() const { return tbs_; }  // the signed bytes (whole TBSCertificate element)

  int version = 1;               // 1, 2 or 3
  ByteView serial;               // INTEGER contents (two's complement)
  ByteView tbs_signature_alg;    // AlgorithmIdentifier element inside tbsCertificate
  ByteView outer_signature_alg;  // AlgorithmIdentifier element after it
  SignatureAlgorithm sig_alg;    // parsed outer algorithm
  ByteView signature;            // signatureValue bits
  Name issuer;
  Name subject;
  int64_t not_before = 0;  // Unix seconds
  int64_t not_after = 0;
  PublicKey key;
  std::vector<Extension> extensions;

  // Parsed extensions (present when the extension is).
  std::optional<BasicConstraints> basic_constraints;
  std::optional<uint16_t> key_usage;
  std::optional<std::vector<ByteView>> ext_key_usage;
  std::optional<std::vector<GeneralName>> subject_alt_names;
  std::optional<NameConstraints> name_constraints;
  std::optional<AuthorityKeyId> authority_key_id;
  std::optional<ByteView> subject_key_id;
  std::optional<std::vector<AccessDescription>> authority_info_access;
  std::optional<std::vector<DistributionPoint>> crl_distribution_points;
  std::optional<std::vector<PolicyInformation>> policies;
  std::optional<std::vector<PolicyMapping>> policy_mappings;
  std::optional<PolicyConstraints> policy_constraints;
  std::optional<uint64_t> inhibit_any_policy;
  bool ocsp_no_check = false;

  std::string extension_error;             // first malformed known extension, or empty
  std::vector<ByteView> unknown_critical;  // critical extensions we do not process
  bool self_issued = false;                // subject matches issuer (RFC 5280 §6.1)

  // Returns the extension with this OID, or nullptr.
  const Extension* find_extension(OidBytes oid) const;
  // The DNS names, IP addresses (bytes), emails and URIs of the subjectAltName.
  std::vector<std::string_view> san_dns() const;
  std::vector<ByteView> san_ips() const;
  // caIssuers and OCSP URLs from authorityInfoAccess.
  std::vector<std::string> ca_issuers_urls() const;
  std::vector<std::string> ocsp_urls() const;
  // Serial number as OpenSSL prints it in one line: uppercase hex ("03A1...").
  std::string serial_hex() const;
  // Subject and issuer in one line (OpenSSL style).
  std::string subject_line() const { return subject.oneline(); }
  std::string issuer_line() const { return issuer.oneline(); }
  // True when basicConstraints says cA (what RFC 5280 §6.1.4 (k) requires of a CA).
  bool is_ca() const { return basic_constraints && basic_constraints->ca; }

 private:
  Certificate() = default;
  Bytes der_;
  ByteView tbs_;
};

// Parses every CERTIFICATE block of a PEM text, or a single DER certificate when the input
// is not PEM. Fails on the first unparsable certificate, naming its position.
Result<std::vector<CertPtr>> parse_certificates(ByteView pem_or_der);

// Formats Unix seconds the way OpenSSL prints certificate times: "Mar  5 12:00:00 2024 GMT".
std::string format_time_openssl(int64_t t);
// ISO 8601: "2024-03-05T12:00:00Z".
std::string format_time_iso(int64_t t);
// Parses "2024-03-05T12:00:00Z", "2024-03-05 12:00:00", "2024-03-05", an RFC 3339 time
// with +00:00, or plain Unix seconds ("1700000000" or "@1700000000").
std::optional<int64_t> parse_time_text(std::string_view s);

}  // namespace tlskit::x509
