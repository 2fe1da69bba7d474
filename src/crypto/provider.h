// The crypto provider interface: every primitive tlskit uses, behind one abstract type.
// Only src/crypto/openssl/ implements it with libcrypto; nothing else includes OpenSSL.
// Errors name what failed (ErrorCode: illegal_parameter for a peer's bad key share,
// bad_signature, crypto_failure, ...) and carry Alert::none: the crypto layer does not know
// which message it worked for. The handshake picks the alert where it knows (a CertificateVerify
// that does not verify is decrypt_error, RFC 8446 §4.4.3), and a connection's fatal error that
// still has none gets the one for its kind in one place (base/default_alert.h).
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "base/bytes.h"
#include "base/result.h"
#include "base/rng.h"
#include "base/iana_registry.h"

namespace tlskit::crypto {

// Hash functions. sha1 and md5 exist only so X.509 can name (and refuse) them.
enum class HashAlg : uint8_t { sha256, sha384, sha512, sha1, md5 };

// Output size in bytes (32, 48, 64, 20, 16).
size_t hash_size(HashAlg h);
// "SHA256", "SHA384", ...
const char* hash_name(HashAlg h);

// Largest hash output we handle; fixed-size buffers use it.
inline constexpr size_t kMaxHashSize = 64;

// An incremental hash; copy() snapshots the running state (for the handshake transcript).
class Hash {
 public:
  virtual ~Hash() = default;
  virtual HashAlg alg() const = 0;
  virtual void update(ByteView data) = 0;
  // Writes the digest of everything so far into out (size() bytes) without ending the hash.
  virtual void peek(MutableByteView out) const = 0;
  virtual std::unique_ptr<Hash> copy() const = 0;
};

// AEAD algorithms used by TLS.
enum class AeadAlg : uint8_t { aes_128_gcm, aes_256_gcm, chacha20_poly1305, aes_128_ccm, aes_128_ccm_8 };

// Key length, nonce length (always 12) and tag length (16, or 8 for CCM_8).
size_t aead_key_size(AeadAlg a);
inline constexpr size_t kAeadNonceSize = 12;
size_t aead_tag_size(AeadAlg a);
const char* aead_name(AeadAlg a);

// One AEAD key in one direction. seal/open do not allocate; they work in place, or out of
// place (in and out the same size and either the same bytes or not overlapping at all).
class Aead {
 public:
  virtual ~Aead() = default;
  virtual AeadAlg alg() const = 0;
  // Encrypts in || suffix into out (out.size() == in.size() + suffix.size()) and writes the
  // tag (aead_tag_size bytes) into tag. in is out's first bytes or does not overlap out; the
  // short suffix (e.g. a TLS 1.3 inner content type and padding) does not overlap out.
  // Fails only if the provider fails (crypto_failure) or on misuse (internal_error).
  virtual Result<void> seal_to(ByteView nonce, ByteView aad, ByteView in, ByteView suffix,
                               MutableByteView out, MutableByteView tag) = 0;
  // Authenticates in with tag and decrypts it into out. Returns false when the tag does not
  // verify (the caller maps that to bad_record_mac); out is then unspecified.
  virtual bool open_to(ByteView nonce, ByteView aad, ByteView in, ByteView tag,
                       MutableByteView out) = 0;

  // In-place forms of seal_to / open_to.
  Result<void> seal(ByteView nonce, ByteView aad, MutableByteView inout, MutableByteView tag) {
    return seal_to(nonce, aad, inout, {}, inout, tag);
  }
  bool open(ByteView nonce, ByteView aad, MutableByteView inout, ByteView tag) {
    return open_to(nonce, aad, inout, tag, inout);
  }
};

// Key exchange groups, shaped as a KEM so ECDH and hybrid post-quantum groups look alike.
// The client generate()s a share and sends public_share(); the server encapsulate()s against
// it, sending back its share; the client decapsulate()s the server's share.
class KeyShare {
 public:
  virtual ~KeyShare() = default;
  virtual NamedGroup group() const = 0;
  // The bytes for KeyShareEntry.key_exchange (RFC 8446 §4.2.8.2 formats).
  virtual ByteView public_share() const = 0;
  // Computes the shared secret from the peer's share; validates the peer's point
  // (illegal_parameter on an invalid point, wrong length or an all-zero X25519 result).
  virtual Result<SecretBytes> decapsulate(ByteView peer_share) = 0;
};

// The server's side of a key exchange.
struct Encapsulation {
  Bytes server_share;   // bytes to send in the server's KeyShareEntry
  SecretBytes shared_secret;
};

// Signature algorithms as X.509 and TLS both need them.
struct SignatureParams {
  enum class Kind : uint8_t { rsa_pkcs1, rsa_pss, ecdsa, ed25519 };
  Kind kind = Kind::ecdsa;
  HashAlg hash = HashAlg::sha256;      // unused for ed25519
  HashAlg mgf1_hash = HashAlg::sha256; // rsa_pss only
  size_t pss_salt_len = 32;            // rsa_pss only
};

// Maps a TLS SignatureScheme to parameters; nullopt-like failure for unknown schemes.
Result<SignatureParams> signature_params(SignatureScheme s);

// Public key types.
enum class KeyType : uint8_t { rsa, rsa_pss, ec_p256, ec_p384, ec_p521, ed25519, unknown };
const char* key_type_name(KeyType t);  // "RSA", "EC P-256", "Ed25519", ...

// What a public key is, read from a DER SubjectPublicKeyInfo.
struct PublicKeyInfo {
  KeyType type = KeyType::unknown;
  size_t bits = 0;  // modulus bits for RSA, curve size for EC, 253 for Ed25519
};

// A private key able to sign; loaded from PEM.
class PrivateKey {
 public:
  virtual ~PrivateKey() = default;
  virtual KeyType type() const = 0;
  virtual size_t bits() const = 0;
  // DER SubjectPublicKeyInfo of the matching public key (compare with a certificate's).
  virtual ByteView public_key_spki() const = 0;
  // True when this key can produce the scheme (RSA keys: pkcs1 and pss_rsae; rsa_pss keys:
  // pss_pss; EC: every ecdsa_* scheme, since TLS 1.2 pairs any hash with any curve, so
  // TLS 1.3 callers check the curve themselves; Ed25519: ed25519).
  virtual bool supports(SignatureScheme s) const = 0;
  // Signs message (the whole message; hashing is done inside).
  virtual Result<Bytes> sign(SignatureScheme s, ByteView message) const = 0;
};

// The provider: factories for every primitive.
class Provider {
 public:
  virtual ~Provider() = default;

  // Hashing and HMAC/HKDF.
  virtual std::unique_ptr<Hash> make_hash(HashAlg h) const = 0;
  virtual void hash(HashAlg h, ByteView data, MutableByteView out) const = 0;
  virtual void hmac(HashAlg h, ByteView key, ByteView data, MutableByteView out) const = 0;
  // HKDF-Extract (RFC 5869): out must be hash_size(h) bytes.
  virtual void hkdf_extract(HashAlg h, ByteView salt, ByteView ikm, MutableByteView out) const = 0;
  // HKDF-Expand (RFC 5869): fills out (at most 255 * hash_size(h) bytes).
  virtual Result<void> hkdf_expand(HashAlg h, ByteView prk, ByteView info,
                                   MutableByteView out) const = 0;

  // AEAD: a context bound to one key (the key is copied into the context).
  virtual Result<std::unique_ptr<Aead>> make_aead(AeadAlg a, ByteView key) const = 0;

  // Key exchange. Supported groups: x25519, secp256r1, secp384r1 and X25519MLKEM768 (hybrid).
  virtual bool supports_group(NamedGroup g) const = 0;
  // Generates an ephemeral key pair; private key bytes come from rng.
  virtual Result<std::unique_ptr<KeyShare>> generate_key_share(NamedGroup g, Rng& rng) const = 0;
  // Server side: validates the client's share and returns our share and the shared secret.
  virtual Result<Encapsulation> encapsulate(NamedGroup g, ByteView client_share, Rng& rng) const = 0;

  // Signatures.
  // Loads a private key from PEM (PKCS#8, SEC1 "EC PRIVATE KEY", PKCS#1 "RSA PRIVATE KEY").
  virtual Result<std::unique_ptr<PrivateKey>> load_private_key_pem(std::string_view pem) const = 0;
  // Verifies sig over message with the DER SubjectPublicKeyInfo key. Errors are bad_signature
  // (did not verify), or decode_error (unusable key / params mismatch, e.g. PSS with an EC key).
  virtual Result<void> verify(const SignatureParams& p, ByteView spki_der, ByteView message,
                              ByteView signature) const = 0;
  // Describes a DER SubjectPublicKeyInfo (type and size); decode_error if unusable.
  virtual Result<PublicKeyInfo> public_key_info(ByteView spki_der) const = 0;

  // The system random source.
  virtual Rng& system_rng() const = 0;
};

// The libcrypto-backed provider (process-wide, thread-safe to share).
const Provider& default_provider();

// The libcrypto version string ("OpenSSL 3.0.13 30 Jan 2024"), for `tlskit --version`.
const char* libcrypto_version();

}  // namespace tlskit::crypto
