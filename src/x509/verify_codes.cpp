// Verify code texts (OpenSSL 3.0 wording), alerts and default causes.
#include "x509/verify_codes.h"

namespace tlskit::x509 {

const char* verify_code_text(int code) {
  // Texts are OpenSSL 3.0's X509_verify_cert_error_string() output, so tools and logs that
  // grep for them keep working.
  static constexpr const char* kTexts[] = {
      "ok",
      "unspecified certificate verification error",
      "unable to get issuer certificate",
      "unable to get certificate CRL",
      "unable to decrypt certificate's signature",
      "unable to decrypt CRL's signature",
      "unable to decode issuer public key",
      "certificate signature failure",
      "CRL signature failure",
      "certificate is not yet valid",
      "certificate has expired",
      "CRL is not yet valid",
      "CRL has expired",
      "format error in certificate's notBefore field",
      "format error in certificate's notAfter field",
      "format error in CRL's lastUpdate field",
      "format error in CRL's nextUpdate field",
      "out of memory",
      "self-signed certificate",
      "self-signed certificate in certificate chain",
      "unable to get local issuer certificate",
      "unable to verify the first certificate",
      "certificate chain too long",
      "certificate revoked",
      "issuer certificate doesn't have a public key",
      "path length constraint exceeded",
      "unsuitable certificate purpose",
      "certificate not trusted",
      "certificate rejected",
      "subject issuer mismatch",
      "authority and subject key identifier mismatch",
      "authority and issuer serial number mismatch",
      "key usage does not include certificate signing",
      "unable to get CRL issuer certificate",
      "unhandled critical extension",
      "key usage does not include CRL signing",
      "unhandled critical CRL extension",
      "invalid non-CA certificate (has CA markings)",
      "proxy path length constraint exceeded",
      "key usage does not include digital signature",
      "proxy certificates not allowed, please set the appropriate flag",
      "invalid or inconsistent certificate extension",
      "invalid or inconsistent certificate policy extension",
      "no explicit policy",
      "different CRL scope",
      "unsupported extension feature",
      "RFC 3779 resource not subset of parent's resources",
      "permitted subtree violation",
      "excluded subtree violation",
      "name constraints minimum and maximum not supported",
      "application verification failure",
      "unsupported name constraint type",
      "unsupported or invalid name constraint syntax",
      "unsupported or invalid name syntax",
      "CRL path validation error",
      "path loop",
      "Suite B: certificate version invalid",
      "Suite B: invalid public key algorithm",
      "Suite B: invalid ECC curve",
      "Suite B: invalid signature algorithm",
      "Suite B: curve not allowed for this LOS",
      "Suite B: cannot sign P-384 with P-256",
      "hostname mismatch",
      "email address mismatch",
      "IP address mismatch",
      "no matching DANE TLSA records",
      "EE certificate key too weak",
      "CA certificate key too weak",
      "CA signature digest algorithm too weak",
      "invalid certificate verification context",
      "issuer certificate lookup error",
      "Certificate Transparency required, but no valid SCTs found",
      "proxy subject name violation",
      "OCSP verification needed",
      "OCSP verification failed",
      "OCSP unknown cert",
      "Cannot find certificate signature algorithm",
      "subject signature algorithm and issuer public key algorithm mismatch",
      "cert info signature and signature algorithm mismatch",
      "invalid CA certificate",
      "Path length invalid for non-CA cert",
      "Path length given without key usage keyCertSign",
      "Key usage keyCertSign invalid for non-CA cert",
      "Issuer name empty",
      "Subject name empty",
      "Missing Authority Key Identifier",
      "Missing Subject Key Identifier",
      "Empty Subject Alternative Name extension",
      "Subject empty and Subject Alt Name extension not critical",
      "Basic Constraints of CA cert not marked critical",
      "Authority Key Identifier marked critical",
      "Subject Key Identifier marked critical",
      "CA cert does not include key usage extension",
      "Using cert extension requires at least X509v3",
      "Certificate public key has explicit ECC parameters",
  };
  if (code < 0 || static_cast<size_t>(code) >= sizeof kTexts / sizeof kTexts[0])
    return "unknown certificate verification error";
  return kTexts[code];
}

Alert alert_for_verify_code(int code) {
  switch (code) {
    case kVerifyOk:
      return Alert::none;
    case kCertNotYetValid:
    case kCertHasExpired:
      return Alert::certificate_expired;
    case kUnableToGetIssuerCert:
    case kDepthZeroSelfSigned:
    case kSelfSignedInChain:
    case kUnableToGetIssuerCertLocally:
    case kUnableToVerifyLeafSignature:
    case kCertUntrusted:
    case kCertRejected:
      return Alert::unknown_ca;
    case kCertRevoked:
      return Alert::certificate_revoked;
    case kInvalidPurpose:
    case kUnhandledCriticalExtension:
    case kUnsupportedSignatureAlgorithm:
    case kUnsupportedConstraintType:
    case kSubtreeMinMax:
      return Alert::unsupported_certificate;
    case kUnableToGetCrl:
    case kUnableToGetCrlIssuer:
    case kCrlHasExpired:
    case kCrlNotYetValid:
    case kOcspVerifyNeeded:
    case kOcspCertUnknown:
      return Alert::certificate_unknown;
    case kOcspVerifyFailed:
      return Alert::bad_certificate_status_response;
    default:
      return Alert::bad_certificate;
  }
}

const char* default_cause(int code) {
  switch (code) {
    case kVerifyOk:
      return "ok";
    case kCertNotYetValid:
      return "not_yet_valid";
    case kCertHasExpired:
      return "expired";
    case kDepthZeroSelfSigned:
      return "self_signed";
    case kSelfSignedInChain:
      return "untrusted_root";
    case kUnableToGetIssuerCert:
    case kUnableToGetIssuerCertLocally:
    case kUnableToVerifyLeafSignature:
      return "missing_intermediate";
    case kCertChainTooLong:
      return "chain_too_long";
    case kPathLoop:
      return "path_loop";
    case kCertSignatureFailure:
    case kUnableToDecodeIssuerPublicKey:
    case kNoIssuerPublicKey:
    case kSignatureAlgorithmMismatch:
      return "bad_signature";
    case kCaMdTooWeak:
      return "weak_signature_algorithm";
    case kUnsupportedSignatureAlgorithm:
      return "unsupported_algorithm";
    case kSignatureAlgorithmInconsistency:
      return "malformed_certificate";
    case kInvalidCa:
    case kKeyUsageNoCertSign:
      return "not_a_ca";
    case kPathLengthExceeded:
      return "path_too_long";
    case kInvalidPurpose:
      return "wrong_purpose";
    case kKeyUsageNoDigitalSignature:
      return "wrong_key_usage";
    case kCertRevoked:
      return "revoked";
    case kUnhandledCriticalExtension:
      return "unknown_critical_extension";
    case kInvalidExtension:
      return "invalid_extension";
    case kInvalidPolicyExtension:
    case kNoExplicitPolicy:
      return "policy_violation";
    case kPermittedViolation:
    case kExcludedViolation:
    case kUnsupportedConstraintType:
    case kUnsupportedConstraintSyntax:
    case kUnsupportedNameSyntax:
    case kSubtreeMinMax:
      return "name_constraint_violation";
    case kHostnameMismatch:
    case kIpAddressMismatch:
    case kEmailMismatch:
      return "hostname_mismatch";
    case kEeKeyTooSmall:
    case kCaKeyTooSmall:
      return "key_too_small";
    case kUnableToGetCrl:
    case kUnableToGetCrlIssuer:
      return "revocation_unknown";
    case kCrlHasExpired:
    case kCrlNotYetValid:
    case kCrlSignatureFailure:
    case kUnhandledCriticalCrlExtension:
    case kKeyUsageNoCrlSign:
    case kDifferentCrlScope:
    case kCrlPathValidationError:
      return "bad_crl";
    case kOcspVerifyFailed:
    case kOcspVerifyNeeded:
      return "bad_ocsp_response";
    case kOcspCertUnknown:
      return "ocsp_unknown";
    case kCertUntrusted:
    case kCertRejected:
      return "distrusted";
    default:
      return "not_conformant";
  }
}

}  // namespace tlskit::x509
