// Signature and public key algorithm identifiers of X.509 (RFC 5280 §4.1.1.2, RFC 4055,
// RFC 5480, RFC 8410), mapped onto the crypto provider's parameters.
#pragma once
#include <string>

#include "base/bytes.h"
#include "base/result.h"
#include "crypto/provider.h"

namespace tlskit::x509 {

// Hashes that appear in X.509 signatures (wider than crypto::HashAlg so we can name them).
enum class DigestAlg : uint8_t { none, md5, sha1, sha224, sha256, sha384, sha512 };
const char* digest_name(DigestAlg d);  // "MD5", "SHA1", "SHA256", ...

// What signed a certificate, CRL or OCSP response.
enum class SigKind : uint8_t { unknown, rsa_pkcs1, rsa_pss, ecdsa, ed25519, ed448, dsa };

struct SignatureAlgorithm {
  SigKind kind = SigKind::unknown;
  DigestAlg digest = DigestAlg::none;  // message digest (none for EdDSA)
  DigestAlg mgf1 = DigestAlg::none;    // RSASSA-PSS only
  size_t salt_len = 0;                 // RSASSA-PSS only
  std::string name;                    // OpenSSL's name: "sha256WithRSAEncryption", ...
  std::string unsupported;             // why we cannot verify it (empty when we can)
};

// Parses an AlgorithmIdentifier element (the whole SEQUENCE). Unknown OIDs parse into
// kind unknown with `unsupported` set; malformed parameters fail with decode_error.
Result<SignatureAlgorithm> parse_signature_algorithm(ByteView alg_id);

// The public key of a certificate, as far as validation and printing need it.
enum class KeyAlg : uint8_t { unknown, rsa, rsa_pss, ec, ed25519, ed448, dsa };
struct PublicKey {
  KeyAlg alg = KeyAlg::unknown;
  ByteView spki;         // the whole SubjectPublicKeyInfo element (what the provider verifies with)
  ByteView key_bits;     // subjectPublicKey BIT STRING contents (without the unused-bits byte)
  ByteView curve_oid;    // EC only
  size_t bits = 0;       // RSA modulus size, EC field size, 256 for Ed25519
  ByteView rsa_modulus;  // RSA only (without leading zero)
  ByteView rsa_exponent;   // RSA only
  std::string curve_name;  // "P-256", "P-384", "P-521", or the OID for others
  // "RSA", "EC", "Ed25519", ... and its size: "RSA 2048 bits", "EC P-256".
  std::string description() const;
};

// Parses a SubjectPublicKeyInfo element. Unknown algorithms parse with alg unknown; a
// malformed RSA/EC/Ed25519 key fails with decode_error.
Result<PublicKey> parse_public_key(ByteView spki);

// Provider parameters for verifying a signature of this algorithm; fails (with a
// sentence in the detail) for unknown or unsupported algorithms and digests.
Result<crypto::SignatureParams> provider_params(const SignatureAlgorithm& alg);

// True when the key can verify signatures of this algorithm (RSA key for RSA signatures,
// EC key for ECDSA, and so on).
bool key_matches_algorithm(const PublicKey& key, const SignatureAlgorithm& alg);

}  // namespace tlskit::x509
