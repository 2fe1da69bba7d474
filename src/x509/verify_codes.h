// OpenSSL-compatible verify codes (OpenSSL 3.0 numbering and wording), our stable cause ids,
// and the TLS alert each failure maps to.
#pragma once
#include <string>

#include "base/alert.h"

namespace tlskit::x509 {

// The codes tlskit produces; values and texts are OpenSSL 3.0's X509_V_ERR_* ones.
enum VerifyCode : int {
  kVerifyOk = 0,
  kUnspecified = 1,
  kUnableToGetIssuerCert = 2,
  kUnableToGetCrl = 3,
  kUnableToDecodeIssuerPublicKey = 6,
  kCertSignatureFailure = 7,
  kCrlSignatureFailure = 8,
  kCertNotYetValid = 9,
  kCertHasExpired = 10,
  kCrlNotYetValid = 11,
  kCrlHasExpired = 12,
  kDepthZeroSelfSigned = 18,
  kSelfSignedInChain = 19,
  kUnableToGetIssuerCertLocally = 20,
  kUnableToVerifyLeafSignature = 21,
  kCertChainTooLong = 22,
  kCertRevoked = 23,
  kNoIssuerPublicKey = 24,
  kPathLengthExceeded = 25,
  kInvalidPurpose = 26,
  kCertUntrusted = 27,
  kCertRejected = 28,
  kAkidSkidMismatch = 30,
  kKeyUsageNoCertSign = 32,
  kUnableToGetCrlIssuer = 33,
  kUnhandledCriticalExtension = 34,
  kKeyUsageNoCrlSign = 35,
  kUnhandledCriticalCrlExtension = 36,
  kInvalidNonCa = 37,
  kKeyUsageNoDigitalSignature = 39,
  kInvalidExtension = 41,
  kInvalidPolicyExtension = 42,
  kNoExplicitPolicy = 43,
  kDifferentCrlScope = 44,
  kUnsupportedExtensionFeature = 45,
  kPermittedViolation = 47,
  kExcludedViolation = 48,
  kSubtreeMinMax = 49,
  kUnsupportedConstraintType = 51,
  kUnsupportedConstraintSyntax = 52,
  kUnsupportedNameSyntax = 53,
  kCrlPathValidationError = 54,
  kPathLoop = 55,
  kHostnameMismatch = 62,
  kEmailMismatch = 63,
  kIpAddressMismatch = 64,
  kEeKeyTooSmall = 66,
  kCaKeyTooSmall = 67,
  kCaMdTooWeak = 68,
  kOcspVerifyNeeded = 73,
  kOcspVerifyFailed = 74,
  kOcspCertUnknown = 75,
  kUnsupportedSignatureAlgorithm = 76,
  kSignatureAlgorithmMismatch = 77,
  kSignatureAlgorithmInconsistency = 78,
  kInvalidCa = 79,
  kPathlenInvalidForNonCa = 80,
  kPathlenWithoutKuKeyCertSign = 81,
  kKuKeyCertSignInvalidForNonCa = 82,
  kIssuerNameEmpty = 83,
  kSubjectNameEmpty = 84,
  kMissingAuthorityKeyId = 85,
  kMissingSubjectKeyId = 86,
  kEmptySubjectAltName = 87,
  kEmptySubjectSanNotCritical = 88,
  kCaBasicConstraintsNotCritical = 89,
  kAuthorityKeyIdCritical = 90,
  kSubjectKeyIdCritical = 91,
  kCaCertMissingKeyUsage = 92,
  kExtensionsRequireVersion3 = 93,
};

// OpenSSL's text for a code ("certificate has expired"); "unknown certificate verification
// error" for codes OpenSSL does not define.
const char* verify_code_text(int code);

// The alert a TLS endpoint sends for a verification failure with this code (RFC 8446 §6.2):
// certificate_expired for 9/10, unknown_ca for 2/18/19/20/21, certificate_revoked for 23,
// unsupported_certificate for 26/34/76, bad_certificate for signature, name and most
// structural failures, certificate_unknown otherwise; none for 0.
Alert alert_for_verify_code(int code);

// The default cause id for a code ("expired", "bad_signature", ...); callers refine it where
// they know more (missing_intermediate vs untrusted_root).
const char* default_cause(int code);

}  // namespace tlskit::x509
