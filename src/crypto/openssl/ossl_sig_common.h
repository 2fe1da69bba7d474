// Helpers shared by signing (ossl_private_key.cpp) and verification (ossl_verify.cpp).
#pragma once
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <cstdint>

#include "crypto/openssl/ossl_common.h"

namespace tlskit::crypto::ossl {

// Configures an RSA signing/verifying context: PKCS#1 v1.5, or PSS with the given MGF1 hash
// and an exact salt length (RFC 8446 §4.2.3: salt length = digest length for TLS schemes).
inline bool set_rsa_padding(EVP_PKEY_CTX* pctx, const SignatureParams& p) {
  if (p.kind != SignatureParams::Kind::rsa_pss)
    return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) == 1;
  return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
         EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, static_cast<int>(p.pss_salt_len)) == 1 &&
         EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, md(p.mgf1_hash)) == 1;
}

// Copies a big-endian magnitude into out as a native-endian integer (OSSL_PARAM BIGNUMs).
inline void to_native_endian(ByteView be, uint8_t* out) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  for (size_t i = 0; i < be.size(); ++i) out[i] = be[i];
#else
  for (size_t i = 0; i < be.size(); ++i) out[i] = be[be.size() - 1 - i];
#endif
}

}  // namespace tlskit::crypto::ossl
