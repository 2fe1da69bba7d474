// RFC 5280 §6.1 path validation in OpenSSL's check order.
#include "x509/path_validator.h"

#include "x509/crl.h"
#include "x509/hostname.h"
#include "x509/name_constraints.h"
#include "x509/oid.h"
#include "x509/verify_codes.h"

namespace tlskit::x509 {
namespace {

bool has_oid(const std::vector<ByteView>& list, OidBytes oid) {
  for (const auto& o : list)
    if (oid_eq(o, oid)) return true;
  return false;
}

std::string describe(const Certificate& c) { return "'" + c.subject_line() + "'"; }

std::string purpose_name(Purpose p) {
  return p == Purpose::client ? "TLS client authentication (clientAuth)"
                              : "TLS server authentication (serverAuth)";
}

class Validator {
 public:
  Validator(const std::vector<PathEntry>& path, const ValidationParams& p,
            const std::vector<CertPtr>& pool, SignatureCache& sigs,
            const crypto::Provider& provider)
      : path_(path), p_(p), pool_(pool), sigs_(sigs), provider_(provider), n_(path.size() - 1) {}

  PathResult run() {
    if (!structure() || !extensions() || !identity() || !revocation() || !signatures_and_times() ||
        !name_constraints() || !policies())
      return result_;
    result_.code = 0;
    result_.depth = -1;
    result_.cause = "ok";
    return result_;
  }

 private:
  const Certificate& cert(size_t i) const { return *path_[i].cert; }
  bool is_anchor(size_t i) const { return path_[i].anchor; }
  // Checks that apply to the anchor's own extensions run only when configured.
  bool anchor_skipped(size_t i) const {
    return is_anchor(i) && !p_.check_anchor_constraints && i != 0;
  }

  bool fail(int code, size_t depth, std::string detail, const char* cause = nullptr) {
    result_.code = code;
    result_.depth = static_cast<int>(depth);
    result_.cause = cause ? cause : default_cause(code);
    result_.detail = std::move(detail);
    return false;
  }

  // Malformed fields that make a certificate unusable whatever its position.
  bool structure() {
    for (size_t i = 0; i <= n_; ++i) {
      const Certificate& c = cert(i);
      if (anchor_skipped(i)) continue;
      if (!c.extension_error.empty())
        return fail(
            kInvalidExtension, i,
            "certificate " + describe(c) + " has an invalid extension: " + c.extension_error);
      if (!c.unknown_critical.empty())
        return fail(
            kUnhandledCriticalExtension, i,
            "certificate " + describe(c) + " has a critical extension we do not understand (" +
                oid_display(c.unknown_critical.front()) + "); RFC 5280 §4.2 requires rejecting it");
      // RFC 5280 §4.1.2.4: the issuer field MUST contain a non-empty distinguished name.
      if (c.issuer.empty())
        return fail(kIssuerNameEmpty, i,
                    "certificate " + describe(c) + " has an empty issuer name");
      // RFC 5280 §4.1.1.2: signatureAlgorithm MUST equal tbsCertificate.signature.
      if (c.tbs_signature_alg.size() != c.outer_signature_alg.size() ||
          !std::equal(c.tbs_signature_alg.begin(), c.tbs_signature_alg.end(),
                      c.outer_signature_alg.begin()))
        return fail(kSignatureAlgorithmInconsistency, i,
                    "certificate " + describe(c) +
                        " names different signature algorithms inside and outside the signed part");
    }
    return true;
  }

  // RFC 5280 §4.2.1.12. For the leaf, a missing EKU is accepted in lenient mode only; for a
  // CA a missing EKU never restricts. strict: anyExtendedKeyUsage does not count, and a leaf
  // must not also allow code signing, OCSP signing or time stamping.
  bool check_eku(const Certificate& c, size_t i, bool strict, bool leaf) {
    if (p_.purpose == Purpose::any) return true;
    OidBytes want =
        p_.purpose == Purpose::client ? OidBytes(kOidClientAuth) : OidBytes(kOidServerAuth);
    if (!c.ext_key_usage) {
      if (strict && leaf)
        return fail(kInvalidPurpose, i,
                    "certificate " + describe(c) +
                        " has no extendedKeyUsage, so it is not marked for " +
                        purpose_name(p_.purpose));
      return true;
    }
    bool listed =
        has_oid(*c.ext_key_usage, want) || (!strict && has_oid(*c.ext_key_usage, kOidAnyEku));
    if (!listed)
      return fail(kInvalidPurpose, i,
                  "certificate " + describe(c) + " is not allowed for " + purpose_name(p_.purpose) +
                      ": its extendedKeyUsage does not list it");
    if (strict && leaf)
      for (OidBytes bad :
           {OidBytes(kOidCodeSigning), OidBytes(kOidOcspSigning), OidBytes(kOidTimeStamping)})
        if (has_oid(*c.ext_key_usage, bad))
          return fail(kInvalidPurpose, i,
                      "certificate " + describe(c) + " also allows " + oid_display(ByteView(bad)) +
                          ", which a strict TLS profile forbids");
    return true;
  }

  bool extensions() {
    // RFC 5280 §6.1.2 (k)/(l), §6.1.4 (l)/(m): max_path_length counts non-self-issued CAs.
    size_t max_path_len = n_ + 1;
    size_t constraining = n_;
    size_t logical_intermediates = 0;
    for (size_t ri = 0; ri <= n_; ++ri) {
      size_t i = n_ - ri;  // from the anchor down
      const Certificate& c = cert(i);
      const bool leaf = i == 0;
      const bool anchor = is_anchor(i);
      if (!leaf) {
        if (anchor && !p_.check_anchor_constraints) {
          // The anchor contributes only its name and key.
        } else {
          // RFC 5280 §6.1.4 (k): the certificate must be a CA.
          bool v1_root = c.version < 3 && anchor && c.self_issued;
          bool ca_ok = c.is_ca() || v1_root ||
                       (anchor && !p_.require_anchor_basic_constraints && !c.basic_constraints);
          if (!ca_ok)
            return fail(
                kInvalidCa, i,
                "certificate " + describe(c) + " is used as a CA but " +
                    (c.basic_constraints ? std::string("its basicConstraints says cA:FALSE")
                                         : std::string("it has no basicConstraints extension")),
                "not_a_ca");
          // RFC 5280 §6.1.4 (n): if keyUsage is present, keyCertSign must be set.
          if (c.key_usage && !(*c.key_usage & kKuKeyCertSign))
            return fail(kKeyUsageNoCertSign, i,
                        "CA certificate " + describe(c) + " has a keyUsage without keyCertSign",
                        "not_a_ca");
          if (!anchor && !c.self_issued) {
            // (l): a non-self-issued intermediate consumes one unit of path length.
            if (max_path_len == 0)
              return fail(kPathLengthExceeded, constraining,
                          "certificate " + describe(cert(constraining)) +
                              " allows fewer intermediate CAs below it (pathLenConstraint) than "
                              "this chain has");
            --max_path_len;
            ++logical_intermediates;
          }
          // (m): a pathLenConstraint lowers the limit.
          if (c.basic_constraints && c.basic_constraints->path_len &&
              *c.basic_constraints->path_len < max_path_len) {
            max_path_len = static_cast<size_t>(*c.basic_constraints->path_len);
            constraining = i;
          }
          if (!check_eku(c, i, p_.eku_mode == EkuMode::strict, false)) return false;
          if (p_.strict && !strict_ca(c, i)) return false;
        }
        if (!anchor && c.key.alg == KeyAlg::rsa && c.key.bits < p_.min_rsa_bits)
          return fail(kCaKeyTooSmall, i,
                      "CA certificate " + describe(c) + " has a " + std::to_string(c.key.bits) +
                          "-bit RSA key; at least " + std::to_string(p_.min_rsa_bits) +
                          " bits are required");
      } else {
        if (!leaf_checks(c)) return false;
      }
      if (p_.strict && !anchor && !strict_common(c, i)) return false;
      if (p_.strict && anchor && !strict_anchor(c, i)) return false;
    }
    if (p_.max_intermediates && logical_intermediates > *p_.max_intermediates)
      return fail(kCertChainTooLong, 0,
                  "the chain has " + std::to_string(logical_intermediates) +
                      " intermediate CAs; at most " + std::to_string(*p_.max_intermediates) +
                      " are allowed");
    return true;
  }

  bool leaf_checks(const Certificate& c) {
    bool strict = p_.eku_mode != EkuMode::lenient;
    if (!check_eku(c, 0, strict, true)) return false;
    if (p_.purpose != Purpose::any && c.key_usage) {
      // OpenSSL's TLS purposes: a server key must be able to sign, encipher or agree;
      // a client key must be able to sign or agree.
      uint16_t need = p_.purpose == Purpose::server
                          ? (kKuDigitalSignature | kKuKeyEncipherment | kKuKeyAgreement)
                          : (kKuDigitalSignature | kKuKeyAgreement);
      if (!(*c.key_usage & need))
        return fail(kInvalidPurpose, 0,
                    "certificate " + describe(c) +
                        " has a keyUsage that allows neither signing nor key exchange, so it "
                        "cannot be used for TLS");
    }
    for (const auto& eku : p_.required_ekus) {
      if (!c.ext_key_usage) continue;
      if (!has_oid(*c.ext_key_usage, eku) && !has_oid(*c.ext_key_usage, kOidAnyEku))
        return fail(kInvalidPurpose, 0,
                    "certificate " + describe(c) +
                        " does not list the required extended key usage " +
                        der::oid_to_string(eku));
    }
    if (p_.required_leaf_key_usage && c.key_usage &&
        (*c.key_usage & *p_.required_leaf_key_usage) != *p_.required_leaf_key_usage)
      return fail(kKeyUsageNoDigitalSignature, 0,
                  "certificate " + describe(c) + " lacks a required keyUsage bit",
                  "wrong_key_usage");
    if (c.key.alg == KeyAlg::rsa && c.key.bits < p_.min_rsa_bits)
      return fail(kEeKeyTooSmall, 0,
                  "certificate " + describe(c) + " has a " + std::to_string(c.key.bits) +
                      "-bit RSA key; at least " + std::to_string(p_.min_rsa_bits) +
                      " bits are required");
    if (p_.strict) {
      if (c.is_ca())
        return fail(kInvalidNonCa, 0,
                    "end-entity certificate " + describe(c) + " says cA:TRUE in basicConstraints");
      if (c.version != 3)
        return fail(kExtensionsRequireVersion3, 0,
                    "end-entity certificate " + describe(c) + " is a v" +
                        std::to_string(c.version) + " certificate; v3 is required");
      if (c.key_usage && (*c.key_usage & kKuKeyCertSign) && !c.is_ca())
        return fail(kKuKeyCertSignInvalidForNonCa, 0,
                    "certificate " + describe(c) + " asserts keyCertSign without being a CA");
      if (c.basic_constraints && c.basic_constraints->path_len && !c.is_ca())
        return fail(kPathlenInvalidForNonCa, 0,
                    "certificate " + describe(c) + " has a pathLenConstraint without being a CA");
      if (c.name_constraints && !c.is_ca())
        return fail(kInvalidExtension, 0,
                    "end-entity certificate " + describe(c) +
                        " carries nameConstraints, which only CAs may");
    }
    return true;
  }

  // -x509_strict style checks for CA certificates (RFC 5280 §4.2.1.2, §4.2.1.9, §4.2.1.3).
  bool strict_ca(const Certificate& c, size_t i) {
    if (!c.subject_key_id)
      return fail(
          kMissingSubjectKeyId, i,
          "CA certificate " + describe(c) + " has no subjectKeyIdentifier (RFC 5280 §4.2.1.2)");
    const Extension* bc = c.find_extension(kOidBasicConstraints);
    if (bc && !bc->critical)
      return fail(kCaBasicConstraintsNotCritical, i,
                  "CA certificate " + describe(c) +
                      " has a non-critical basicConstraints (RFC 5280 §4.2.1.9)");
    if (!c.key_usage)
      return fail(
          kCaCertMissingKeyUsage, i,
          "CA certificate " + describe(c) + " has no keyUsage extension (RFC 5280 §4.2.1.3)");
    if (c.subject.empty())
      return fail(kSubjectNameEmpty, i,
                  "CA certificate " + describe(c) + " has an empty subject (RFC 5280 §4.1.2.6)");
    return true;
  }

  // Strict checks for every non-anchor certificate.
  bool strict_common(const Certificate& c, size_t i) {
    // CA/B Forum §6.1.5: RSA, or ECDSA on P-256/P-384/P-521 (Ed25519 is also accepted here).
    bool key_ok =
        c.key.alg == KeyAlg::rsa || c.key.alg == KeyAlg::rsa_pss || c.key.alg == KeyAlg::ed25519 ||
        (c.key.alg == KeyAlg::ec && (c.key.curve_name == "P-256" || c.key.curve_name == "P-384" ||
                                     c.key.curve_name == "P-521"));
    if (!key_ok)
      return fail(i == 0 ? kEeKeyTooSmall : kCaKeyTooSmall, i,
                  "certificate " + describe(c) + " has a " + c.key.description() +
                      " key, which the strict profile does not accept",
                  "key_too_small");
    if (!c.self_issued && (!c.authority_key_id || !c.authority_key_id->key_id))
      return fail(kMissingAuthorityKeyId, i,
                  "certificate " + describe(c) +
                      " has no authorityKeyIdentifier keyIdentifier (RFC 5280 §4.2.1.1)");
    if (c.serial.size() > 20 || (c.serial[0] & 0x80))
      return fail(kInvalidExtension, i,
                  "certificate " + describe(c) +
                      " has a negative or longer than 20 octets serial number (RFC 5280 §4.1.2.2)",
                  "not_conformant");
    bool zero = true;
    for (uint8_t b : c.serial) zero = zero && b == 0;
    if (zero)
      return fail(kInvalidExtension, i,
                  "certificate " + describe(c) + " has serial number zero (RFC 5280 §4.1.2.2)",
                  "not_conformant");
    const Extension* san = c.find_extension(kOidSubjectAltName);
    if (san) {
      if (c.subject.empty() && !san->critical)
        return fail(
            kEmptySubjectSanNotCritical, i,
            "certificate " + describe(c) +
                " has an empty subject and a non-critical subjectAltName (RFC 5280 §4.2.1.6)");
      if (!c.subject.empty() && san->critical)
        return fail(kInvalidExtension, i,
                    "certificate " + describe(c) +
                        " marks subjectAltName critical although its subject is not empty",
                    "not_conformant");
    }
    const Extension* aia = c.find_extension(kOidAuthorityInfoAccess);
    if (aia && aia->critical)
      return fail(
          kInvalidExtension, i,
          "certificate " + describe(c) + " marks authorityInfoAccess critical (RFC 5280 §4.2.2.1)",
          "not_conformant");
    return true;
  }

  // Strict checks for the trust anchor (CA/Browser Forum root profile).
  bool strict_anchor(const Certificate& c, size_t i) {
    if (i == 0) return true;
    if (c.authority_key_id) {
      const auto& aki = *c.authority_key_id;
      if (!aki.key_id || aki.has_issuer || aki.has_serial)
        return fail(
            kInvalidExtension, i,
            "root " + describe(c) +
                " has an authorityKeyIdentifier without keyIdentifier or with issuer/serial fields",
            "not_conformant");
      if (c.subject_key_id &&
          (aki.key_id->size() != c.subject_key_id->size() ||
           !std::equal(aki.key_id->begin(), aki.key_id->end(), c.subject_key_id->begin())))
        return fail(
            kAkidSkidMismatch, i,
            "root " + describe(c) +
                " has an authorityKeyIdentifier that differs from its subjectKeyIdentifier");
    }
    if (!c.sig_alg.unsupported.empty())
      return fail(kUnsupportedSignatureAlgorithm, i,
                  "root " + describe(c) +
                      " is signed with an algorithm we do not accept: " + c.sig_alg.unsupported);
    if (p_.check_anchor_constraints && !strict_ca(c, i)) return false;
    return true;
  }

  bool identity() {
    const Certificate& leaf = cert(0);
    if (!p_.host.empty()) {
      HostCheck h = check_host(leaf, p_.host, p_.cn_fallback);
      if (!h.matched)
        return fail(h.is_ip ? kIpAddressMismatch : kHostnameMismatch, 0,
                    "certificate " + describe(leaf) + " is not valid for '" + p_.host +
                        "'; it names " + h.presented,
                    "hostname_mismatch");
    }
    if (!p_.email.empty() && !check_email(leaf, p_.email))
      return fail(kEmailMismatch, 0,
                  "certificate " + describe(leaf) + " is not valid for the email address '" +
                      p_.email + "'",
                  "hostname_mismatch");
    return true;
  }

  bool revocation() {
    if (!p_.crl_check && !p_.crl_check_all) return true;
    size_t last = p_.crl_check_all ? n_ : std::min<size_t>(1, n_);
    for (size_t i = 0; i < last; ++i) {
      if (is_anchor(i)) break;
      CrlContext ctx{p_.time, p_.allow_sha1, &pool_, &path_};
      CrlStatus s = check_crl_status(cert(i), cert(i + 1), i, p_.crls, ctx, provider_);
      if (s.code) return fail(s.code, i, s.detail);
    }
    return true;
  }

  bool signatures_and_times() {
    for (size_t ri = 0; ri <= n_; ++ri) {
      size_t i = n_ - ri;
      const Certificate& c = cert(i);
      if (i < n_) {
        std::string detail;
        int code = sigs_.check(c, cert(i + 1), p_.allow_sha1, provider_, detail);
        if (code) return fail(code, i, detail);
      }
      if (is_anchor(i) && !p_.check_anchor_validity) continue;
      if (p_.time < c.not_before)
        return fail(kCertNotYetValid, i,
                    "certificate " + describe(c) + " is not valid before " +
                        format_time_iso(c.not_before) + " (checked at " + format_time_iso(p_.time) +
                        ")");
      if (p_.time > c.not_after)
        return fail(kCertHasExpired, i,
                    "certificate " + describe(c) + " expired on " + format_time_iso(c.not_after) +
                        " (checked at " + format_time_iso(p_.time) + ")");
    }
    return true;
  }

  bool name_constraints() {
    for (size_t j = n_ + 1; j-- > 1;) {
      const Certificate& ca = cert(j);
      if (!ca.name_constraints || anchor_skipped(j)) continue;
      for (size_t i = j; i-- > 0;) {
        const Certificate& c = cert(i);
        // RFC 5280 §6.1.3 (b): self-issued intermediates are exempt.
        if (i != 0 && c.self_issued) continue;
        NameConstraintResult r = check_name_constraints(c, *ca.name_constraints);
        if (r.code) return fail(r.code, i, r.detail + " (nameConstraints of " + describe(ca) + ")");
      }
    }
    return true;
  }

  bool policies() {
    std::vector<const Certificate*> certs;
    for (size_t ri = 0; ri <= n_; ++ri) {
      size_t i = n_ - ri;
      if (is_anchor(i) && i != 0 && !p_.anchor_policy_processing) continue;
      certs.push_back(&cert(i));
    }
    if (certs.empty()) return true;
    PolicyInputs in = p_.policy;
    in.first_is_anchor = p_.anchor_policy_processing && certs.size() > 1 && is_anchor(n_);
    PolicyResult r = process_policies(certs, in);
    if (r.code) return fail(r.code, static_cast<size_t>(r.depth < 0 ? 0 : r.depth), r.detail);
    result_.policy_set = std::move(r.user_constrained_policy_set);
    return true;
  }

  const std::vector<PathEntry>& path_;
  const ValidationParams& p_;
  const std::vector<CertPtr>& pool_;
  SignatureCache& sigs_;
  const crypto::Provider& provider_;
  size_t n_;
  PathResult result_;
};

}  // namespace

int SignatureCache::check(const Certificate& child, const Certificate& issuer, bool allow_sha1,
                          const crypto::Provider& provider, std::string& detail) {
  for (const auto& e : entries_)
    if (e.child == &child && e.issuer == &issuer) {
      detail = e.detail;
      return e.code;
    }
  int code = 0;
  const SignatureAlgorithm& alg = child.sig_alg;
  std::string who = "certificate '" + child.subject_line() + "'";
  if (issuer.key.alg == KeyAlg::unknown) {
    code = kNoIssuerPublicKey;
    detail = "the issuer '" + issuer.subject_line() + "' of " + who +
             " has a public key of a type we cannot use";
  } else if (!alg.unsupported.empty()) {
    code = kUnsupportedSignatureAlgorithm;
    detail = who + " is signed with an algorithm we cannot verify: " + alg.unsupported;
  } else if (alg.digest == DigestAlg::md5 || (alg.digest == DigestAlg::sha1 && !allow_sha1) ||
             (alg.kind == SigKind::rsa_pss && alg.mgf1 == DigestAlg::sha1 && !allow_sha1)) {
    code = kCaMdTooWeak;
    detail = who + " is signed with " + alg.name + "; " + digest_name(alg.digest) +
             " signatures are refused as too weak";
  } else if (!key_matches_algorithm(issuer.key, alg)) {
    code = kSignatureAlgorithmMismatch;
    detail = who + " is signed with " + alg.name + " but its issuer's key is " +
             issuer.key.description();
  } else if (alg.digest == DigestAlg::sha224) {
    code = kUnsupportedSignatureAlgorithm;
    detail = who + " is signed with " + alg.name + ", which we do not support";
  } else {
    auto params = provider_params(alg);
    if (!params) {
      code = kUnsupportedSignatureAlgorithm;
      detail = who + ": " + params.error().detail;
    } else {
      auto v = provider.verify(*params, issuer.key.spki, child.tbs(), child.signature);
      if (!v) {
        code = kCertSignatureFailure;
        detail = "the signature on " + who + " does not verify with the key of '" +
                 issuer.subject_line() + "'";
      }
    }
  }
  if (entries_.size() < 4096) entries_.push_back(Entry{&child, &issuer, code, detail});
  return code;
}

PathResult validate_path(const std::vector<PathEntry>& path, const ValidationParams& params,
                         const std::vector<CertPtr>& pool, SignatureCache& sigs,
                         const crypto::Provider& provider) {
  if (path.empty()) {
    PathResult r;
    r.code = kUnspecified;
    r.cause = "internal_error";
    r.detail = "empty certification path";
    return r;
  }
  return Validator(path, params, pool, sigs, provider).run();
}

}  // namespace tlskit::x509
