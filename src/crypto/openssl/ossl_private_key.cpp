// Private keys: loading from PEM (PKCS#8, SEC1, PKCS#1) and signing. PEM is decoded with the
// project's codec (codec/pem.h); the DER is handed to libcrypto's d2i functions (a one-time
// cost per key). ECDSA signs with the low-level ECDSA_sign on the key's EC_KEY (deprecated in
// 3.0, silenced here; ~15-20% faster than EVP_DigestSign); RSA and Ed25519 use EVP_DigestSign.
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <array>
#include <cstring>
#include <string>
#include <vector>

#include "codec/der_reader.h"
#include "codec/pem.h"
#include "crypto/crypto_internal.h"
#include "crypto/openssl/ossl_common.h"
#include "crypto/openssl/ossl_sig_common.h"

namespace tlskit::crypto::ossl {
namespace {

Error key_error(std::string detail) {
  return make_error(ErrorCode::decode_error, Alert::none, Party::config, Step::config,
                    std::move(detail));
}

class OsslPrivateKey final : public PrivateKey {
 public:
  OsslPrivateKey(EVP_PKEY* pkey, EC_KEY* ec, ParsedSpki info, Bytes spki)
      : pkey_(pkey), ec_(ec), spki_(std::move(spki)), type_(info.type), bits_(info.bits),
        pss_restricted_(info.pss_restricted), pss_(info.pss) {}

  KeyType type() const override { return type_; }
  size_t bits() const override { return bits_; }
  ByteView public_key_spki() const override { return spki_; }

  bool supports(SignatureScheme s) const override {
    switch (type_) {
      case KeyType::rsa:
        // RSA keys (rsaEncryption): PKCS#1 v1.5 (TLS 1.2) and rsa_pss_rsae (RFC 8446 §4.2.3).
        return s == SignatureScheme::rsa_pkcs1_sha256 || s == SignatureScheme::rsa_pkcs1_sha384 ||
               s == SignatureScheme::rsa_pkcs1_sha512 || s == SignatureScheme::rsa_pss_rsae_sha256 ||
               s == SignatureScheme::rsa_pss_rsae_sha384 || s == SignatureScheme::rsa_pss_rsae_sha512;
      case KeyType::rsa_pss: {
        // RSASSA-PSS keys: rsa_pss_pss only, and only the parameters the key allows
        // (RFC 4055 §3.3).
        HashAlg h;
        if (s == SignatureScheme::rsa_pss_pss_sha256) h = HashAlg::sha256;
        else if (s == SignatureScheme::rsa_pss_pss_sha384) h = HashAlg::sha384;
        else if (s == SignatureScheme::rsa_pss_pss_sha512) h = HashAlg::sha512;
        else return false;
        return !pss_restricted_ ||
               (pss_.hash == h && pss_.mgf1_hash == h && pss_.salt_len <= hash_size(h));
      }
      // Any ECDSA hash on any curve: TLS 1.2's (hash, ecdsa) pairs do not bind the curve
      // (RFC 5246 §7.4.1.4.1); TLS 1.3's callers also require the scheme of the key's own
      // curve (RFC 8446 §4.2.3, scheme_fits_key).
      case KeyType::ec_p256:
      case KeyType::ec_p384:
      case KeyType::ec_p521:
        return s == SignatureScheme::ecdsa_secp256r1_sha256 ||
               s == SignatureScheme::ecdsa_secp384r1_sha384 ||
               s == SignatureScheme::ecdsa_secp521r1_sha512;
      case KeyType::ed25519: return s == SignatureScheme::ed25519;
      case KeyType::unknown: return false;
    }
    return false;
  }

  Result<Bytes> sign(SignatureScheme s, ByteView message) const override {
    if (!supports(s))
      return make_error(ErrorCode::no_common_signature, Alert::none, Party::us,
                        Step::none,
                        std::string("a ") + key_type_name(type_) + " key cannot sign with " +
                            signature_scheme_name(s));
    TK_ASSIGN(SignatureParams p, signature_params(s));
    switch (p.kind) {
      case SignatureParams::Kind::ecdsa: return sign_ecdsa(p, message);
      case SignatureParams::Kind::rsa_pkcs1:
      case SignatureParams::Kind::rsa_pss: return sign_evp(p, md(p.hash), message);
      case SignatureParams::Kind::ed25519: return sign_evp(p, nullptr, message);
    }
    return failure("unknown signature kind");
  }

 private:
  Result<Bytes> sign_ecdsa(const SignatureParams& p, ByteView message) const {
    uint8_t digest[kMaxHashSize];
    const size_t n = hash_size(p.hash);
    hash(p.hash, message, MutableByteView(digest, n));
    Bytes sig(static_cast<size_t>(ECDSA_size(ec_.get())));
    unsigned int len = 0;
    if (ECDSA_sign(0, digest, static_cast<int>(n), sig.data(), &len, ec_.get()) != 1)
      return failure("ECDSA signing failed");
    sig.resize(len);
    return sig;
  }

  Result<Bytes> sign_evp(const SignatureParams& p, const EVP_MD* m, ByteView message) const {
    if (p.kind != SignatureParams::Kind::ed25519 && (!m || !md(p.mgf1_hash)))
      return failure(std::string(hash_name(p.hash)) + " is not available in this libcrypto");
    Ptr<EVP_MD_CTX> mctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX* pctx = nullptr;
    if (!mctx || EVP_DigestSignInit(mctx.get(), &pctx, m, nullptr, pkey_.get()) != 1)
      return failure(std::string(key_type_name(type_)) + ": signing setup failed");
    if (p.kind != SignatureParams::Kind::ed25519 && !set_rsa_padding(pctx, p))
      return failure("setting the RSA padding failed");
    size_t len = 0;
    if (EVP_DigestSign(mctx.get(), nullptr, &len, message.data(), message.size()) != 1)
      return failure(std::string(key_type_name(type_)) + ": signature size query failed");
    Bytes sig(len);
    if (EVP_DigestSign(mctx.get(), sig.data(), &len, message.data(), message.size()) != 1)
      return failure(std::string(key_type_name(type_)) + ": signing failed");
    sig.resize(len);
    return sig;
  }

  Ptr<EVP_PKEY> pkey_;
  Ptr<EC_KEY> ec_;  // EC keys only
  Bytes spki_;
  KeyType type_;
  size_t bits_;
  bool pss_restricted_;
  PssParams pss_;
};

// OID contents of the key algorithms we load, and of some we name in errors.
constexpr std::array<uint8_t, 9> kOidRsaEncryption = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01};
constexpr std::array<uint8_t, 9> kOidRsassaPss = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a};
constexpr std::array<uint8_t, 7> kOidEcPublicKey = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01};
constexpr std::array<uint8_t, 3> kOidEd25519 = {0x2b, 0x65, 0x70};
constexpr std::array<uint8_t, 7> kOidDsa = {0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01};
constexpr std::array<uint8_t, 7> kOidDh = {0x2a, 0x86, 0x48, 0xce, 0x3e, 0x02, 0x01};
constexpr std::array<uint8_t, 3> kOidX25519 = {0x2b, 0x65, 0x6e};
constexpr std::array<uint8_t, 3> kOidX448 = {0x2b, 0x65, 0x6f};
constexpr std::array<uint8_t, 3> kOidEd448 = {0x2b, 0x65, 0x71};

template <size_t N>
bool is_oid(ByteView v, const std::array<uint8_t, N>& oid) {
  return v.size() == N && std::memcmp(v.data(), oid.data(), N) == 0;
}

// Reads the algorithm OID of a PKCS#8 PrivateKeyInfo (RFC 5208 §5 / RFC 5958 §2) so that
// unsupported key types get a precise error before libcrypto sees the key.
Result<void> check_pkcs8_algorithm(ByteView der) {
  der::Reader top(der), pki, alg;
  uint64_t version = 0;
  ByteView oid;
  if (!top.enter(der::kSequence, pki) || !top.done() || !pki.read_uint64(version) ||
      !pki.enter(der::kSequence, alg) || !alg.read_oid(oid))
    return key_error("malformed PKCS#8 PrivateKeyInfo in the PEM 'PRIVATE KEY' block");
  if (version > 1) return key_error("unsupported PKCS#8 version " + std::to_string(version));
  if (is_oid(oid, kOidRsaEncryption) || is_oid(oid, kOidRsassaPss) || is_oid(oid, kOidEcPublicKey) ||
      is_oid(oid, kOidEd25519))
    return ok();
  if (is_oid(oid, kOidDsa)) return key_error("unsupported key type: DSA");
  if (is_oid(oid, kOidDh)) return key_error("unsupported key type: DH");
  if (is_oid(oid, kOidX25519)) return key_error("unsupported key type: X25519 (a key exchange key cannot sign)");
  if (is_oid(oid, kOidX448)) return key_error("unsupported key type: X448 (a key exchange key cannot sign)");
  if (is_oid(oid, kOidEd448)) return key_error("unsupported key type: Ed448");
  return key_error("unsupported key type: algorithm " + der::oid_to_string(oid));
}

// Pairwise consistency test (as FIPS 140 requires after key generation): signs a fixed message
// and verifies it against the key's own SPKI. Catches files whose embedded public key does not
// belong to the private key (found by fuzzing: a SEC1 key with a modified public point loads
// fine in libcrypto, and every signature would then fail at the peer).
Result<void> pairwise_check(const PrivateKey& key) {
  static constexpr SignatureScheme kOrder[] = {
      SignatureScheme::rsa_pss_rsae_sha256,    SignatureScheme::rsa_pss_pss_sha256,
      SignatureScheme::rsa_pss_pss_sha384,     SignatureScheme::rsa_pss_pss_sha512,
      SignatureScheme::ecdsa_secp256r1_sha256, SignatureScheme::ecdsa_secp384r1_sha384,
      SignatureScheme::ecdsa_secp521r1_sha512, SignatureScheme::ed25519};
  for (SignatureScheme s : kOrder) {
    if (!key.supports(s)) continue;
    static constexpr uint8_t kMessage[] = "tlskit pairwise consistency check";
    auto sig = key.sign(s, kMessage);
    if (!sig)
      return key_error(std::string("the ") + key_type_name(key.type()) +
                       " private key cannot sign: " + sig.error().detail);
    TK_ASSIGN(SignatureParams p, signature_params(s));
    if (!verify(p, key.public_key_spki(), kMessage, *sig))
      return key_error(std::string("the ") + key_type_name(key.type()) +
                       " private key is inconsistent: a test signature does not verify with its "
                       "own public key (corrupt or mismatched key file)");
    return ok();
  }
  return key_error(std::string("the ") + key_type_name(key.type()) +
                   " key cannot sign with any TLS signature scheme (RSA-PSS parameter "
                   "restrictions TLS cannot meet)");
}

// Classifies a loaded key and builds the PrivateKey.
Result<std::unique_ptr<PrivateKey>> wrap(Ptr<EVP_PKEY> pkey) {
  const int id = EVP_PKEY_get_base_id(pkey.get());
  if (id == EVP_PKEY_EC) {
    char curve[64] = {};
    size_t len = 0;
    if (EVP_PKEY_get_utf8_string_param(pkey.get(), OSSL_PKEY_PARAM_GROUP_NAME, curve, sizeof curve, &len) != 1) {
      clear_errors();
      return key_error("unsupported key type: EC key with explicit curve parameters (use a named curve)");
    }
    std::string c(curve);
    if (c != "prime256v1" && c != "secp384r1" && c != "secp521r1")
      return key_error("unsupported key type: EC curve " + c);
  } else if (id != EVP_PKEY_RSA && id != EVP_PKEY_RSA_PSS && id != EVP_PKEY_ED25519) {
    const char* name = EVP_PKEY_get0_type_name(pkey.get());
    return key_error(std::string("unsupported key type: ") + (name ? name : "unknown"));
  }
  unsigned char* der = nullptr;
  int der_len = i2d_PUBKEY(pkey.get(), &der);
  if (der_len <= 0) return failure("encoding the public key failed");
  Bytes spki(der, der + der_len);
  OPENSSL_free(der);
  auto parsed = parse_spki(spki);
  if (!parsed) return key_error("unusable private key: " + parsed.error().detail);
  Ptr<EC_KEY> ec;
  if (id == EVP_PKEY_EC) {
    ec.reset(EVP_PKEY_get1_EC_KEY(pkey.get()));
    if (!ec) return failure("extracting the EC key failed");
  }
  std::unique_ptr<PrivateKey> key(
      new OsslPrivateKey(pkey.release(), ec.release(), *parsed, std::move(spki)));
  TK_TRY(pairwise_check(*key));
  return key;
}

const char* block_kind(std::string_view label) {
  if (label == "PRIVATE KEY") return "PKCS#8";
  if (label == "EC PRIVATE KEY") return "SEC1";
  return "PKCS#1";
}

// RFC 1421 headers ("Proc-Type: 4,ENCRYPTED") mark a legacy OpenSSL-encrypted key.
bool has_encrypted_header(std::string_view pem) {
  size_t pos = 0;
  while ((pos = pem.find("Proc-Type:", pos)) != std::string_view::npos) {
    size_t eol = pem.find('\n', pos);
    std::string_view line = pem.substr(pos, eol == std::string_view::npos ? pem.size() - pos : eol - pos);
    if (line.find("ENCRYPTED") != std::string_view::npos) return true;
    pos += 10;
  }
  return false;
}

}  // namespace

Result<std::unique_ptr<PrivateKey>> load_private_key_pem(std::string_view pem) {
  auto blocks = pem_decode_all(pem);
  if (!blocks) return key_error("private key PEM: " + blocks.error().detail);
  std::string seen;
  for (const PemBlock& b : *blocks) {
    const std::string& l = b.label;
    if (l == "ENCRYPTED PRIVATE KEY" ||
        ((l == "RSA PRIVATE KEY" || l == "EC PRIVATE KEY" || l == "DSA PRIVATE KEY") &&
         has_encrypted_header(pem)))
      return key_error("encrypted private keys are not supported; decrypt it first "
                       "(openssl pkey -in key.pem -out key-plain.pem)");
    if (l == "DSA PRIVATE KEY") return key_error("unsupported key type: DSA");
    if (l == "OPENSSH PRIVATE KEY")
      return key_error("unsupported key format: OpenSSH; convert it to PKCS#8 "
                       "(ssh-keygen -p -m PKCS8 -f key)");
    if (l != "PRIVATE KEY" && l != "EC PRIVATE KEY" && l != "RSA PRIVATE KEY") {
      if (!seen.empty()) seen += ", ";
      seen += l;
      continue;
    }
    if (b.der.empty()) return key_error(std::string("empty PEM '") + l + "' block");
    const unsigned char* p = b.der.data();
    const unsigned char* end = p + b.der.size();
    Ptr<EVP_PKEY> pkey;
    if (l == "PRIVATE KEY") {
      TK_TRY(check_pkcs8_algorithm(b.der));
      PKCS8_PRIV_KEY_INFO* p8 = d2i_PKCS8_PRIV_KEY_INFO(nullptr, &p, static_cast<long>(b.der.size()));
      if (p8) {
        pkey.reset(EVP_PKCS82PKEY(p8));
        PKCS8_PRIV_KEY_INFO_free(p8);
      }
    } else {
      int type = l == "EC PRIVATE KEY" ? EVP_PKEY_EC : EVP_PKEY_RSA;
      pkey.reset(d2i_PrivateKey(type, nullptr, &p, static_cast<long>(b.der.size())));
    }
    if (!pkey) {
      clear_errors();
      return key_error(std::string("malformed ") + block_kind(l) + " private key in the PEM '" + l +
                       "' block");
    }
    if (p != end)
      return key_error(std::string("trailing data after the ") + block_kind(l) +
                       " private key in the PEM '" + l + "' block");
    auto key = wrap(std::move(pkey));
    clear_errors();  // the 3.0 decoders may queue errors from formats they tried first
    return key;
  }
  std::string detail = "no PEM private key block found";
  if (!seen.empty()) detail += " (found: " + seen + ")";
  return key_error(detail);
}

}  // namespace tlskit::crypto::ossl
