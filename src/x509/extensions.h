// Certificate extensions (RFC 5280 §4.2): typed values and their parsers.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "codec/der_reader.h"
#include "x509/general_name.h"

namespace tlskit::x509 {

// One raw extension as it appears in the certificate.
struct Extension {
  ByteView oid;
  bool critical = false;
  ByteView value;  // extnValue OCTET STRING contents
};

// RFC 5280 §4.2.1.9.
struct BasicConstraints {
  bool ca = false;
  std::optional<uint64_t> path_len;
};

// RFC 5280 §4.2.1.3 bits.
enum KeyUsageBit : uint16_t {
  kKuDigitalSignature = 1 << 0,
  kKuNonRepudiation = 1 << 1,
  kKuKeyEncipherment = 1 << 2,
  kKuDataEncipherment = 1 << 3,
  kKuKeyAgreement = 1 << 4,
  kKuKeyCertSign = 1 << 5,
  kKuCrlSign = 1 << 6,
  kKuEncipherOnly = 1 << 7,
  kKuDecipherOnly = 1 << 8,
};

// RFC 5280 §4.2.1.1.
struct AuthorityKeyId {
  std::optional<ByteView> key_id;
  bool has_issuer = false;
  bool has_serial = false;
  std::vector<GeneralName> issuer;
  ByteView serial;
};

// RFC 5280 §4.2.2.1.
struct AccessDescription {
  ByteView method;
  GeneralName location;
};

// RFC 5280 §4.2.1.13.
struct DistributionPoint {
  bool has_full_name = false;
  std::vector<GeneralName> full_name;
  bool has_relative_name = false;
  ByteView relative_name;  // RelativeDistinguishedName SET element
  std::optional<der::BitString> reasons;
  std::vector<GeneralName> crl_issuer;
};

// RFC 5280 §4.2.1.4.
struct PolicyQualifier {
  ByteView oid;
  ByteView value;  // the qualifier element
};
struct PolicyInformation {
  ByteView oid;
  std::vector<PolicyQualifier> qualifiers;
};

// RFC 5280 §4.2.1.5.
struct PolicyMapping {
  ByteView issuer_policy;
  ByteView subject_policy;
};

// RFC 5280 §4.2.1.11.
struct PolicyConstraints {
  std::optional<uint64_t> require_explicit_policy;
  std::optional<uint64_t> inhibit_policy_mapping;
};

// RFC 5280 §4.2.1.10 (minimum/maximum are not supported; their presence is recorded).
struct NameConstraints {
  std::vector<GeneralName> permitted;
  std::vector<GeneralName> excluded;
  bool has_min_max = false;
};

// Parsers for each extension's value (the OCTET STRING contents). Each fails with a
// decode_error whose detail names the extension and the problem.
Result<BasicConstraints> parse_basic_constraints(ByteView v);
Result<uint16_t> parse_key_usage(ByteView v);
Result<std::vector<ByteView>> parse_ext_key_usage(ByteView v);
Result<AuthorityKeyId> parse_authority_key_id(ByteView v);
Result<ByteView> parse_subject_key_id(ByteView v);
Result<std::vector<AccessDescription>> parse_info_access(ByteView v);
Result<std::vector<DistributionPoint>> parse_crl_distribution_points(ByteView v);
Result<std::vector<PolicyInformation>> parse_certificate_policies(ByteView v);
Result<std::vector<PolicyMapping>> parse_policy_mappings(ByteView v);
Result<PolicyConstraints> parse_policy_constraints(ByteView v);
Result<uint64_t> parse_inhibit_any_policy(ByteView v);
Result<NameConstraints> parse_name_constraints(ByteView v);
// Parses a DistributionPointName ([0] fullName / [1] nameRelativeToCRLIssuer) element's
// contents into dp (shared with the CRL issuingDistributionPoint).
bool parse_distribution_point_name(const der::Element& e, DistributionPoint& dp);

}  // namespace tlskit::x509
