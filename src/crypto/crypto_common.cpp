// Provider-independent crypto helpers: sizes and names of hashes, AEADs and key types, and
// the TLS SignatureScheme -> SignatureParams table.
#include <cstdio>
#include <string>

#include "crypto/crypto_internal.h"
#include "crypto/provider.h"

namespace tlskit::crypto {

size_t hash_size(HashAlg h) {
  switch (h) {
    case HashAlg::sha256: return 32;
    case HashAlg::sha384: return 48;
    case HashAlg::sha512: return 64;
    case HashAlg::sha1: return 20;
    case HashAlg::md5: return 16;
  }
  return 0;
}

const char* hash_name(HashAlg h) {
  switch (h) {
    case HashAlg::sha256: return "SHA256";
    case HashAlg::sha384: return "SHA384";
    case HashAlg::sha512: return "SHA512";
    case HashAlg::sha1: return "SHA1";
    case HashAlg::md5: return "MD5";
  }
  return "unknown";
}

size_t aead_key_size(AeadAlg a) {
  switch (a) {
    case AeadAlg::aes_128_gcm: return 16;
    case AeadAlg::aes_256_gcm: return 32;
    case AeadAlg::chacha20_poly1305: return 32;
    case AeadAlg::aes_128_ccm: return 16;
    case AeadAlg::aes_128_ccm_8: return 16;
  }
  return 0;
}

size_t aead_tag_size(AeadAlg a) {
  // RFC 6655 §3 / RFC 8446 Appendix B.4: CCM_8 uses an 8-byte tag, all the others 16.
  return a == AeadAlg::aes_128_ccm_8 ? 8 : 16;
}

const char* aead_name(AeadAlg a) {
  switch (a) {
    case AeadAlg::aes_128_gcm: return "AES-128-GCM";
    case AeadAlg::aes_256_gcm: return "AES-256-GCM";
    case AeadAlg::chacha20_poly1305: return "ChaCha20-Poly1305";
    case AeadAlg::aes_128_ccm: return "AES-128-CCM";
    case AeadAlg::aes_128_ccm_8: return "AES-128-CCM-8";
  }
  return "unknown";
}

const char* key_type_name(KeyType t) {
  switch (t) {
    case KeyType::rsa: return "RSA";
    case KeyType::rsa_pss: return "RSA-PSS";
    case KeyType::ec_p256: return "EC P-256";
    case KeyType::ec_p384: return "EC P-384";
    case KeyType::ec_p521: return "EC P-521";
    case KeyType::ed25519: return "Ed25519";
    case KeyType::unknown: return "unknown";
  }
  return "unknown";
}

namespace {

SignatureParams pkcs1(HashAlg h) {
  SignatureParams p;
  p.kind = SignatureParams::Kind::rsa_pkcs1;
  p.hash = h;
  p.mgf1_hash = h;
  p.pss_salt_len = 0;
  return p;
}

SignatureParams ecdsa(HashAlg h) {
  SignatureParams p;
  p.kind = SignatureParams::Kind::ecdsa;
  p.hash = h;
  p.mgf1_hash = h;
  p.pss_salt_len = 0;
  return p;
}

// RFC 8446 §4.2.3: RSASSA-PSS with MGF1 over the same hash and a salt as long as the digest.
SignatureParams pss(HashAlg h) {
  SignatureParams p;
  p.kind = SignatureParams::Kind::rsa_pss;
  p.hash = h;
  p.mgf1_hash = h;
  p.pss_salt_len = hash_size(h);
  return p;
}

}  // namespace

Result<SignatureParams> signature_params(SignatureScheme s) {
  switch (s) {
    case SignatureScheme::rsa_pkcs1_sha1: return pkcs1(HashAlg::sha1);
    case SignatureScheme::rsa_pkcs1_sha256: return pkcs1(HashAlg::sha256);
    case SignatureScheme::rsa_pkcs1_sha384: return pkcs1(HashAlg::sha384);
    case SignatureScheme::rsa_pkcs1_sha512: return pkcs1(HashAlg::sha512);
    case SignatureScheme::ecdsa_sha1: return ecdsa(HashAlg::sha1);
    case SignatureScheme::ecdsa_secp256r1_sha256: return ecdsa(HashAlg::sha256);
    case SignatureScheme::ecdsa_secp384r1_sha384: return ecdsa(HashAlg::sha384);
    case SignatureScheme::ecdsa_secp521r1_sha512: return ecdsa(HashAlg::sha512);
    case SignatureScheme::rsa_pss_rsae_sha256:
    case SignatureScheme::rsa_pss_pss_sha256: return pss(HashAlg::sha256);
    case SignatureScheme::rsa_pss_rsae_sha384:
    case SignatureScheme::rsa_pss_pss_sha384: return pss(HashAlg::sha384);
    case SignatureScheme::rsa_pss_rsae_sha512:
    case SignatureScheme::rsa_pss_pss_sha512: return pss(HashAlg::sha512);
    case SignatureScheme::ed25519: {
      SignatureParams p;
      p.kind = SignatureParams::Kind::ed25519;
      p.pss_salt_len = 0;
      return p;
    }
    case SignatureScheme::ed448: break;
  }
  return make_error(ErrorCode::illegal_parameter, Alert::none, Party::peer, Step::none,
                    std::string("signature scheme ") + signature_scheme_name(s) + " is not supported");
}

}  // namespace tlskit::crypto
