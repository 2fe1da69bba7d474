// Internal helpers shared by src/crypto/ files (not part of the provider interface): names for
// error text and a strict SubjectPublicKeyInfo parser that needs no OpenSSL.
#pragma once
#include <cstddef>
#include <string>

#include "base/bytes.h"
#include "base/result.h"
#include "crypto/provider.h"
#include "base/iana_registry.h"

namespace tlskit::crypto {

// Largest RSA modulus we accept from a key (OpenSSL's own limit is 16384 bits too).
inline constexpr size_t kMaxRsaModulusBits = 16384;
// Smallest RSA modulus we accept at all (stricter policy on weak keys belongs to the caller;
// below 1024 bits even RSA-PSS-SHA256 with a 32-byte salt does not fit).
inline constexpr size_t kMinRsaModulusBits = 1024;
// Largest RSA public exponent, in bytes (OpenSSL refuses e > 64 bits for large moduli).
inline constexpr size_t kMaxRsaExponentBytes = 8;

// RSASSA-PSS parameters (RFC 4055 §3.1) as found in an RSASSA-PSS AlgorithmIdentifier.
struct PssParams {
  HashAlg hash = HashAlg::sha1;       // DEFAULT sha1
  HashAlg mgf1_hash = HashAlg::sha1;  // DEFAULT mgf1SHA1
  size_t salt_len = 20;               // DEFAULT 20
};

// Parses RSASSA-PSS-params (the DER of the parameters SEQUENCE). Hashes other than SHA-1/256/
// 384/512, a mask generation function other than MGF1, or a trailerField other than 1 give
// decode_error.
Result<PssParams> parse_pss_params(ByteView der);

// A parsed SubjectPublicKeyInfo (RFC 5280 §4.1.2.7). Views point into the parsed input.
struct ParsedSpki {
  KeyType type = KeyType::unknown;  // rsa, rsa_pss, ec_p256/384/521 or ed25519
  size_t bits = 0;                  // as PublicKeyInfo::bits
  ByteView key;                     // the BIT STRING contents
  ByteView rsa_n;                   // RSA: modulus, big-endian, no leading zero
  ByteView rsa_e;                   // RSA: public exponent, big-endian, no leading zero
  bool pss_restricted = false;      // RSA-PSS key with parameters (RFC 4055 §3.3)
  PssParams pss;                    // the restrictions when pss_restricted
};

// Parses a DER SubjectPublicKeyInfo strictly (no trailing bytes). Supported: rsaEncryption
// (RFC 3279 §2.3.1), id-RSASSA-PSS (RFC 4055 §3.1), id-ecPublicKey with a named curve P-256,
// P-384 or P-521 (RFC 5480 §2.1.1) and an uncompressed or compressed point of the right
// length, and id-Ed25519 (RFC 8410 §3). Anything else is decode_error with a detail naming
// the algorithm. Does not check that an EC point is on its curve (the OpenSSL layer does).
Result<ParsedSpki> parse_spki(ByteView der);

// Field size in bytes of an EC key type (32, 48, 66), 0 for other types.
size_t ec_field_bytes(KeyType t);

}  // namespace tlskit::crypto
