// Signature verification against a DER SubjectPublicKeyInfo, and public key descriptions.
//
// Speed: d2i_PUBKEY in OpenSSL 3.0 runs the provider decoder machinery (~130-160 us per key),
// more than an RSA-2048 verify costs, so we parse the SPKI ourselves (crypto/spki_parse.cpp)
// and build the key directly: RSA keys with EVP_PKEY_fromdata from (n, e), Ed25519 keys with
// EVP_PKEY_new_raw_public_key, and ECDSA with the low-level EC_KEY / ECDSA_verify (deprecated
// in 3.0, used with the warning silenced here: ~25% faster than EVP_PKEY_fromdata + EVP
// verify, and ECDSA_verify insists on DER by re-encoding the signature and comparing).
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rsa.h>

#include <string>

#include "crypto/crypto_internal.h"
#include "crypto/openssl/ossl_common.h"
#include "crypto/openssl/ossl_sig_common.h"

namespace tlskit::crypto::ossl {
namespace {

// Longest signature we look at: an RSA signature is as long as the modulus (16384 bits at
// most); ECDSA and Ed25519 signatures are far shorter.
constexpr size_t kMaxSignatureSize = kMaxRsaModulusBits / 8;

const char* kind_name(SignatureParams::Kind k) {
  switch (k) {
    case SignatureParams::Kind::rsa_pkcs1: return "RSASSA-PKCS1-v1_5";
    case SignatureParams::Kind::rsa_pss: return "RSASSA-PSS";
    case SignatureParams::Kind::ecdsa: return "ECDSA";
    case SignatureParams::Kind::ed25519: return "Ed25519";
  }
  return "unknown";
}

std::string params_text(const SignatureParams& p) {
  if (p.kind == SignatureParams::Kind::ed25519) return "Ed25519";
  return std::string(kind_name(p.kind)) + "/" + hash_name(p.hash);
}

Error mismatch(const SignatureParams& p, const ParsedSpki& k, std::string why = {}) {
  std::string d = "signature algorithm " + params_text(p) + " cannot be used with a " +
                  key_type_name(k.type) + " public key";
  if (!why.empty()) d += ": " + why;
  return make_error(ErrorCode::illegal_parameter, Alert::none, Party::peer, Step::none,
                    std::move(d));
}

Error bad_signature(const SignatureParams& p, const ParsedSpki& k) {
  return make_error(ErrorCode::bad_signature, Alert::none, Party::peer, Step::none,
                    params_text(p) + " signature does not verify with the " + key_type_name(k.type) +
                        " " + std::to_string(k.bits) + "-bit public key");
}

Error bad_point(const ParsedSpki& k) {
  return make_error(ErrorCode::certificate_invalid, Alert::none, Party::peer, Step::none,
                    std::string(key_type_name(k.type)) + " public key is not a valid point on its curve");
}

// An EC_KEY holding the SPKI's point; the point is validated (on the curve, not infinity).
Result<Ptr<EC_KEY>> ec_public_key(const ParsedSpki& k) {
  Ptr<EC_KEY> key(EC_KEY_new());
  if (!key || EC_KEY_set_group(key.get(), ec_group(k.type)) != 1)
    return failure("creating an EC key failed");
  if (EC_KEY_oct2key(key.get(), k.key.data(), k.key.size(), nullptr) != 1) {
    clear_errors();
    return bad_point(k);
  }
  return key;
}

Result<void> verify_ecdsa(const SignatureParams& p, const ParsedSpki& k, ByteView message,
                          ByteView signature) {
  TK_ASSIGN(Ptr<EC_KEY> key, ec_public_key(k));
  uint8_t digest[kMaxHashSize];
  const size_t n = hash_size(p.hash);
  hash(p.hash, message, MutableByteView(digest, n));
  // ECDSA_verify rejects signatures that are not DER (it re-encodes and compares), and checks
  // 0 < r, s < n.
  int rc = ECDSA_verify(0, digest, static_cast<int>(n), signature.data(),
                        static_cast<int>(signature.size()), key.get());
  if (rc != 1) {
    clear_errors();
    return bad_signature(p, k);
  }
  return ok();
}

// Builds an RSA public EVP_PKEY from the SPKI's (n, e) without the decoder machinery.
Result<Ptr<EVP_PKEY>> rsa_public_key(const ParsedSpki& k) {
  // OSSL_PARAM BIGNUMs are native-endian; convert from the big-endian DER magnitudes.
  uint8_t n_le[kMaxRsaModulusBits / 8];
  uint8_t e_le[kMaxRsaExponentBytes];
  if (k.rsa_n.size() > sizeof n_le || k.rsa_e.size() > sizeof e_le)
    return failure("RSA key larger than the parser allows");
  to_native_endian(k.rsa_n, n_le);
  to_native_endian(k.rsa_e, e_le);
  OSSL_PARAM params[3] = {
      OSSL_PARAM_construct_BN(OSSL_PKEY_PARAM_RSA_N, n_le, k.rsa_n.size()),
      OSSL_PARAM_construct_BN(OSSL_PKEY_PARAM_RSA_E, e_le, k.rsa_e.size()),
      OSSL_PARAM_construct_end()};
  Ptr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  EVP_PKEY* key = nullptr;
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params) != 1) {
    return make_error(ErrorCode::certificate_invalid, Alert::none, Party::peer, Step::none,
                      "RSA public key is unusable (" + take_error_reason() + ")");
  }
  return Ptr<EVP_PKEY>(key);
}

Result<void> verify_rsa(const SignatureParams& p, const ParsedSpki& k, ByteView message,
                        ByteView signature) {
  const bool pss = p.kind == SignatureParams::Kind::rsa_pss;
  if (!pss && k.type != KeyType::rsa)
    // RFC 4055 §1.2: a key with the id-RSASSA-PSS algorithm is for RSASSA-PSS only.
    return mismatch(p, k, "an RSASSA-PSS key signs only with PSS");
  if (pss && k.pss_restricted) {
    // RFC 4055 §3.3: the signature's parameters must match the key's hash and MGF and use a
    // salt at least as long as the key's saltLength.
    if (p.hash != k.pss.hash || p.mgf1_hash != k.pss.mgf1_hash || p.pss_salt_len < k.pss.salt_len)
      return mismatch(p, k, std::string("the key is restricted to ") + hash_name(k.pss.hash) +
                                " with MGF1-" + hash_name(k.pss.mgf1_hash) + " and salt >= " +
                                std::to_string(k.pss.salt_len));
  }
  if (!md(p.hash) || (pss && !md(p.mgf1_hash)))
    return make_error(ErrorCode::illegal_parameter, Alert::none, Party::peer, Step::none,
                      params_text(p) + ": this libcrypto does not offer the hash");
  TK_ASSIGN(Ptr<EVP_PKEY> key, rsa_public_key(k));
  Ptr<EVP_MD_CTX> mctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;
  if (!mctx || EVP_DigestVerifyInit(mctx.get(), &pctx, md(p.hash), nullptr, key.get()) != 1)
    return failure(params_text(p) + ": verification setup failed");
  if (!set_rsa_padding(pctx, p))
    return failure(params_text(p) + ": setting the RSA padding failed");
  int rc = EVP_DigestVerify(mctx.get(), signature.data(), signature.size(), message.data(),
                            message.size());
  if (rc != 1) {
    clear_errors();
    return bad_signature(p, k);
  }
  return ok();
}

Result<void> verify_ed25519(const SignatureParams& p, const ParsedSpki& k, ByteView message,
                            ByteView signature) {
  Ptr<EVP_PKEY> key(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, k.key.data(), k.key.size()));
  if (!key) {
    clear_errors();
    return bad_point(k);
  }
  Ptr<EVP_MD_CTX> mctx(EVP_MD_CTX_new());
  if (!mctx || EVP_DigestVerifyInit(mctx.get(), nullptr, nullptr, nullptr, key.get()) != 1)
    return failure("Ed25519: verification setup failed");
  // RFC 8032 §5.1.7: the signature is exactly 64 bytes and S < L (checked by libcrypto).
  int rc = signature.size() == 64
               ? EVP_DigestVerify(mctx.get(), signature.data(), signature.size(), message.data(),
                                  message.size())
               : 0;
  if (rc != 1) {
    clear_errors();
    return bad_signature(p, k);
  }
  return ok();
}

}  // namespace

Result<void> verify(const SignatureParams& p, ByteView spki_der, ByteView message,
                    ByteView signature) {
  TK_ASSIGN(ParsedSpki k, parse_spki(spki_der));
  if (signature.size() > kMaxSignatureSize) return bad_signature(p, k);
  switch (p.kind) {
    case SignatureParams::Kind::ecdsa:
      if (ec_field_bytes(k.type) == 0) return mismatch(p, k);
      return verify_ecdsa(p, k, message, signature);
    case SignatureParams::Kind::rsa_pkcs1:
    case SignatureParams::Kind::rsa_pss:
      if (k.type != KeyType::rsa && k.type != KeyType::rsa_pss) return mismatch(p, k);
      return verify_rsa(p, k, message, signature);
    case SignatureParams::Kind::ed25519:
      if (k.type != KeyType::ed25519) return mismatch(p, k);
      return verify_ed25519(p, k, message, signature);
  }
  return mismatch(p, k);
}

Result<PublicKeyInfo> public_key_info(ByteView spki_der) {
  TK_ASSIGN(ParsedSpki k, parse_spki(spki_der));
  if (ec_field_bytes(k.type) != 0) {
    TK_ASSIGN(Ptr<EC_KEY> key, ec_public_key(k));  // the point must be on the curve
    (void)key;
  }
  PublicKeyInfo info;
  info.type = k.type;
  info.bits = k.bits;
  return info;
}

}  // namespace tlskit::crypto::ossl
