// OCSP responses (RFC 6960): parsing and verification of a (stapled) response for one
// certificate: signer (the issuer or a delegated responder), freshness and status.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "crypto/provider.h"
#include "x509/certificate.h"

namespace tlskit::x509 {

// Bounds: a stapled response is at most a few KB; we accept up to 64 KB and 64 entries.
inline constexpr size_t kMaxOcspResponseSize = 64 * 1024;
inline constexpr size_t kMaxOcspSingleResponses = 64;
// Clock skew tolerated on thisUpdate/nextUpdate (seconds).
inline constexpr int64_t kOcspClockSkew = 300;
// Without nextUpdate, a response older than this is stale.
inline constexpr int64_t kOcspMaxAgeWithoutNextUpdate = 7 * 86400;

enum class OcspCertStatus : uint8_t { good, revoked, unknown };

// One SingleResponse.
struct OcspSingle {
  ByteView hash_alg_oid;
  ByteView issuer_name_hash;
  ByteView issuer_key_hash;
  ByteView serial;
  OcspCertStatus status = OcspCertStatus::unknown;
  int64_t revoked_at = 0;
  int reason = -1;
  int64_t this_update = 0;
  std::optional<int64_t> next_update;
};

// A parsed OCSPResponse (only "successful" responses of type id-pkix-ocsp-basic have data).
struct OcspResponse {
  Bytes der;
  int response_status = 0;     // 0 successful, 1 malformedRequest, 2 internalError, 3 tryLater, 5
                               // sigRequired, 6 unauthorized
  ByteView tbs_response_data;  // signed bytes
  SignatureAlgorithm sig_alg;
  ByteView signature;
  bool responder_by_key = false;
  ByteView responder_key_hash;         // byKey
  std::optional<Name> responder_name;  // byName
  int64_t produced_at = 0;
  std::vector<OcspSingle> responses;
  std::vector<CertPtr> certs;  // certificates the responder included
};

// Parses DER. Fails with decode_error naming the malformed field.
Result<OcspResponse> parse_ocsp_response(ByteView der);

// The verdict of an OCSP check: 0 good; 23 revoked; 75 unknown; 74 failed verification
// (bad signature, unauthorized responder, stale, no response for the certificate).
struct OcspResult {
  int code = 0;
  OcspCertStatus status = OcspCertStatus::unknown;
  std::string detail;
};

// Verifies response for cert (issued by issuer) at time now.
OcspResult check_ocsp(ByteView response, const Certificate& cert, const Certificate& issuer,
                      int64_t now, bool allow_sha1, const crypto::Provider& provider);

}  // namespace tlskit::x509
