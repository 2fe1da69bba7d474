// The libcrypto-backed Provider: wires the factories of the ossl_*.cpp files together, and
// owns the process-wide cached algorithm objects.
#include <openssl/err.h>
#include <openssl/obj_mac.h>
#include <openssl/crypto.h>

#include <array>
#include <cstdio>
#include <cstdlib>

#include "crypto/hybrid_kem.h"
#include "crypto/openssl/ossl_common.h"

namespace tlskit::crypto {
namespace ossl {
namespace {

[[noreturn]] void fatal(const char* what) {
  std::fprintf(stderr, "tlskit: libcrypto cannot provide %s; aborting\n", what);
  std::abort();
}

// Fetched digests, indexed by HashAlg. Fetched once (thread-safe static init) and kept for the
// life of the process.
struct Digests {
  std::array<EVP_MD*, 5> md{};
  Digests() {
    for (HashAlg h : {HashAlg::sha256, HashAlg::sha384, HashAlg::sha512, HashAlg::sha1, HashAlg::md5})
      md[static_cast<size_t>(h)] = EVP_MD_fetch(nullptr, hash_name(h), nullptr);
    ERR_clear_error();  // MD5 or SHA-1 may be missing (FIPS); callers report that when used.
  }
};

struct Groups {
  EC_GROUP* p256 = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
  EC_GROUP* p384 = EC_GROUP_new_by_curve_name(NID_secp384r1);
  EC_GROUP* p521 = EC_GROUP_new_by_curve_name(NID_secp521r1);
};

}  // namespace

const EVP_MD* md(HashAlg h) {
  static const Digests digests;
  return digests.md[static_cast<size_t>(h)];
}

const EC_GROUP* ec_group(KeyType t) {
  static const Groups groups;
  const EC_GROUP* g = nullptr;
  switch (t) {
    case KeyType::ec_p256: g = groups.p256; break;
    case KeyType::ec_p384: g = groups.p384; break;
    case KeyType::ec_p521: g = groups.p521; break;
    default: return nullptr;
  }
  if (!g) fatal(key_type_name(t));
  return g;
}

void clear_errors() { ERR_clear_error(); }

std::string take_error_reason() {
  std::string reason;
  if (unsigned long e = ERR_peek_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    reason = buf;
  }
  ERR_clear_error();
  return reason;
}

Error failure(std::string_view what) {
  std::string detail(what);
  std::string reason = take_error_reason();
  if (!reason.empty()) detail += " (" + reason + ")";
  return make_error(ErrorCode::crypto_failure, Alert::none, Party::us, Step::none,
                    std::move(detail));
}

}  // namespace ossl

namespace {

class OsslProvider final : public Provider {
 public:
  std::unique_ptr<Hash> make_hash(HashAlg h) const override { return ossl::make_hash(h); }
  void hash(HashAlg h, ByteView data, MutableByteView out) const override {
    ossl::hash(h, data, out);
  }
  void hmac(HashAlg h, ByteView key, ByteView data, MutableByteView out) const override {
    ossl::hmac(h, key, data, out);
  }
  void hkdf_extract(HashAlg h, ByteView salt, ByteView ikm, MutableByteView out) const override {
    ossl::hkdf_extract(h, salt, ikm, out);
  }
  Result<void> hkdf_expand(HashAlg h, ByteView prk, ByteView info,
                           MutableByteView out) const override {
    return ossl::hkdf_expand(h, prk, info, out);
  }
  Result<std::unique_ptr<Aead>> make_aead(AeadAlg a, ByteView key) const override {
    return ossl::make_aead(a, key);
  }
  // The hybrid X25519MLKEM768 is our ML-KEM-768 with libcrypto's X25519 (OpenSSL 3.0 has no
  // ML-KEM); every other group is libcrypto's.
  bool supports_group(NamedGroup g) const override {
    return g == NamedGroup::X25519MLKEM768 || ossl::supports_group(g);
  }
  Result<std::unique_ptr<KeyShare>> generate_key_share(NamedGroup g, Rng& rng) const override {
    if (g == NamedGroup::X25519MLKEM768) return hybrid::x25519mlkem768_generate(*this, rng);
    return ossl::generate_key_share(g, rng);
  }
  Result<Encapsulation> encapsulate(NamedGroup g, ByteView client_share, Rng& rng) const override {
    if (g == NamedGroup::X25519MLKEM768)
      return hybrid::x25519mlkem768_encapsulate(*this, client_share, rng);
    return ossl::encapsulate(g, client_share, rng);
  }
  Result<std::unique_ptr<PrivateKey>> load_private_key_pem(std::string_view pem) const override {
    return ossl::load_private_key_pem(pem);
  }
  Result<void> verify(const SignatureParams& p, ByteView spki_der, ByteView message,
                      ByteView signature) const override {
    return ossl::verify(p, spki_der, message, signature);
  }
  Result<PublicKeyInfo> public_key_info(ByteView spki_der) const override {
    return ossl::public_key_info(spki_der);
  }
  Rng& system_rng() const override { return ossl::system_rng(); }
};

}  // namespace

const Provider& default_provider() {
  static const OsslProvider provider;
  return provider;
}

const char* libcrypto_version() { return OpenSSL_version(OPENSSL_VERSION); }

}  // namespace tlskit::crypto
