// Shared pieces of the libcrypto-backed provider: owning pointers for OpenSSL objects,
// algorithms fetched once per process, error helpers, and the factory functions each
// ossl_*.cpp file implements for ossl_provider.cpp.
#pragma once
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>

#include <memory>
#include <string>
#include <string_view>

#include "crypto/provider.h"

namespace tlskit::crypto::ossl {

// Owning pointers with the right free function.
struct Free {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
  void operator()(EVP_CIPHER_CTX* p) const { EVP_CIPHER_CTX_free(p); }
  void operator()(BN_CTX* p) const { BN_CTX_free(p); }
  void operator()(BIGNUM* p) const { BN_clear_free(p); }
  void operator()(EC_POINT* p) const { EC_POINT_clear_free(p); }
// EC_KEY is deprecated in 3.0; ECDSA uses it on purpose (see ossl_verify.cpp).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  void operator()(EC_KEY* p) const { EC_KEY_free(p); }
#pragma GCC diagnostic pop
};
template <typename T>
using Ptr = std::unique_ptr<T, Free>;

// The digest for h, fetched from the default library context once per process (OpenSSL 3's
// fetch-by-name is too slow for the handshake's hot path); nullptr when libcrypto does not
// offer it (e.g. MD5 under a FIPS-only configuration).
const EVP_MD* md(HashAlg h);

// The EC group of a curve key type (ec_p256/384/521), created once per process and shared
// read-only; nullptr for other types.
const EC_GROUP* ec_group(KeyType t);

// An Error for an unexpected libcrypto failure: crypto_failure, internal_error alert, Party::us,
// with what failed and the first queued OpenSSL reason. Clears the OpenSSL error queue.
Error failure(std::string_view what);

// Drops whatever libcrypto queued (after a failure we handle ourselves).
void clear_errors();

// The first queued OpenSSL error as text ("error:...:reason"), or "" when none; clears the queue.
std::string take_error_reason();

// Factories implemented in ossl_hash.cpp.
std::unique_ptr<Hash> make_hash(HashAlg h);
void hash(HashAlg h, ByteView data, MutableByteView out);
void hmac(HashAlg h, ByteView key, ByteView data, MutableByteView out);
void hkdf_extract(HashAlg h, ByteView salt, ByteView ikm, MutableByteView out);
Result<void> hkdf_expand(HashAlg h, ByteView prk, ByteView info, MutableByteView out);

// ossl_aead.cpp.
Result<std::unique_ptr<Aead>> make_aead(AeadAlg a, ByteView key);

// ossl_key_exchange.cpp.
bool supports_group(NamedGroup g);
Result<std::unique_ptr<KeyShare>> generate_key_share(NamedGroup g, Rng& rng);
Result<Encapsulation> encapsulate(NamedGroup g, ByteView client_share, Rng& rng);

// ossl_private_key.cpp.
Result<std::unique_ptr<PrivateKey>> load_private_key_pem(std::string_view pem);

// ossl_verify.cpp.
Result<void> verify(const SignatureParams& p, ByteView spki_der, ByteView message,
                    ByteView signature);
Result<PublicKeyInfo> public_key_info(ByteView spki_der);

// ossl_rng.cpp.
Rng& system_rng();

}  // namespace tlskit::crypto::ossl
