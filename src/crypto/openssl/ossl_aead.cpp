// AEAD contexts over EVP_CIPHER: AES-GCM (RFC 5116), ChaCha20-Poly1305 (RFC 8439) and AES-CCM
// (RFC 6655 / RFC 8446 Appendix B.4). One EVP_CIPHER_CTX per key, keyed once in make_aead;
// each seal/open only re-initialises it with the nonce (key == NULL), exactly as libssl does
// per TLS 1.3 record, so the data path neither fetches nor allocates. EVP_CIPHER objects are
// fetched once per process.
//
// Some providers bind the direction at key setup (AES-CCM picks its encrypt or decrypt stream
// function in setkey), so when a context switches between seal and open we set the key again
// together with the nonce. TLS uses one context per direction, so that happens at most once.
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <array>
#include <climits>
#include <cstdint>
#include <cstring>
#include <string>

#include "crypto/openssl/ossl_common.h"

namespace tlskit::crypto::ossl {
namespace {

// CCM with a 12-byte nonce leaves L = 3 bytes for the message length (RFC 3610 §2).
constexpr size_t kMaxCcmInput = (size_t{1} << 24) - 1;
// EVP lengths are ints.
constexpr size_t kMaxEvpInput = INT_MAX;

const char* cipher_name(AeadAlg a) {
  switch (a) {
    case AeadAlg::aes_128_gcm: return "AES-128-GCM";
    case AeadAlg::aes_256_gcm: return "AES-256-GCM";
    case AeadAlg::chacha20_poly1305: return "ChaCha20-Poly1305";
    case AeadAlg::aes_128_ccm:
    case AeadAlg::aes_128_ccm_8: return "AES-128-CCM";
  }
  return "";
}

struct Ciphers {
  std::array<EVP_CIPHER*, 5> c{};
  Ciphers() {
    for (AeadAlg a : {AeadAlg::aes_128_gcm, AeadAlg::aes_256_gcm, AeadAlg::chacha20_poly1305,
                      AeadAlg::aes_128_ccm, AeadAlg::aes_128_ccm_8})
      c[static_cast<size_t>(a)] = EVP_CIPHER_fetch(nullptr, cipher_name(a), nullptr);
    clear_errors();
  }
};

// The EVP_CIPHER for a, fetched once per process; nullptr if libcrypto lacks it.
const EVP_CIPHER* cipher(AeadAlg a) {
  static const Ciphers ciphers;
  return ciphers.c[static_cast<size_t>(a)];
}

// True when the byte ranges a and b share a byte.
bool overlaps(ByteView a, ByteView b) {
  if (a.empty() || b.empty()) return false;
  const auto x = reinterpret_cast<uintptr_t>(a.data());
  const auto y = reinterpret_cast<uintptr_t>(b.data());
  return x < y + b.size() && y < x + a.size();
}

// True when out has in's size and is either in itself or disjoint from it (EVP ciphers take
// exactly these two layouts).
bool same_or_apart(ByteView in, ByteView out) {
  return in.size() == out.size() && (in.data() == out.data() || !overlaps(in, out));
}

bool is_ccm(AeadAlg a) { return a == AeadAlg::aes_128_ccm || a == AeadAlg::aes_128_ccm_8; }

Error misuse(std::string detail) {
  return make_error(ErrorCode::internal_error, Alert::none, Party::us, Step::none,
                    std::move(detail));
}

// Sets the expected tag (decryption) or, with tag == nullptr, the tag length (CCM setup).
int set_tag(EVP_CIPHER_CTX* ctx, const uint8_t* tag, size_t len) {
  OSSL_PARAM params[2] = {
      OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, const_cast<uint8_t*>(tag), len),
      OSSL_PARAM_construct_end()};
  return EVP_CIPHER_CTX_set_params(ctx, params);
}

class OsslAead final : public Aead {
 public:
  OsslAead(AeadAlg a, EVP_CIPHER_CTX* ctx, ByteView key)
      : alg_(a), ccm_(is_ccm(a)), tag_len_(aead_tag_size(a)), ctx_(ctx) {
    std::memcpy(key_, key.data(), key.size());
  }
  ~OsslAead() override { secure_zero(key_, sizeof key_); }
  OsslAead(const OsslAead&) = delete;
  OsslAead& operator=(const OsslAead&) = delete;

  AeadAlg alg() const override { return alg_; }

  Result<void> seal_to(ByteView nonce, ByteView aad, ByteView in, ByteView suffix,
                       MutableByteView out, MutableByteView tag) override {
    if (nonce.size() != kAeadNonceSize)
      return misuse(std::string(aead_name(alg_)) + " seal: nonce must be 12 bytes, got " +
                    std::to_string(nonce.size()));
    if (tag.size() != tag_len_)
      return misuse(std::string(aead_name(alg_)) + " seal: tag buffer must be " +
                    std::to_string(tag_len_) + " bytes, got " + std::to_string(tag.size()));
    if (out.size() != in.size() + suffix.size() ||
        !same_or_apart(in, out.first(in.size())) || overlaps(suffix, out))
      return misuse(std::string(aead_name(alg_)) +
                    " seal: the output must be the input's size, and start at the input or not "
                    "overlap it");
    if (out.size() > max_input() || aad.size() > kMaxEvpInput)
      return misuse(std::string(aead_name(alg_)) + " seal: input of " +
                    std::to_string(out.size()) + " bytes is too long");
    EVP_CIPHER_CTX* c = ctx_.get();
    int n = 0;
    if (!start(1, nonce.data())) return failure("AEAD seal: setting the nonce failed");
    // CCM authenticates the message length first, so it must be known up front (RFC 3610 §2.2).
    if (ccm_ && EVP_CipherUpdate(c, nullptr, &n, nullptr, static_cast<int>(out.size())) != 1)
      return failure("AEAD seal: setting the CCM message length failed");
    if (!aad.empty() &&
        EVP_CipherUpdate(c, nullptr, &n, aad.data(), static_cast<int>(aad.size())) != 1)
      return failure("AEAD seal: authenticating the additional data failed");
    if (ccm_) {
      // CCM takes the whole message in one update, even an empty one (a NULL buffer would be
      // taken as the length-setting call, hence the dummy pointer): gather it in out first.
      if (!in.empty() && in.data() != out.data()) std::memmove(out.data(), in.data(), in.size());
      if (!suffix.empty()) std::memcpy(out.data() + in.size(), suffix.data(), suffix.size());
      uint8_t* data = out.empty() ? dummy_ : out.data();
      if (!update(data, data, out.size())) return failure("AEAD seal: encryption failed");
    } else if ((!in.empty() && !update(out.data(), in.data(), in.size())) ||
               (!suffix.empty() &&
                !update(out.data() + in.size(), suffix.data(), suffix.size()))) {
      return failure("AEAD seal: encryption failed");
    }
    uint8_t none[16];
    if (EVP_CipherFinal_ex(c, none, &n) != 1 || n != 0)
      return failure("AEAD seal: finishing the encryption failed");
    OSSL_PARAM params[2] = {
        OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, tag.data(), tag.size()),
        OSSL_PARAM_construct_end()};
    if (EVP_CIPHER_CTX_get_params(c, params) != 1)
      return failure("AEAD seal: reading the tag failed");
    return ok();
  }

  bool open_to(ByteView nonce, ByteView aad, ByteView in, ByteView tag,
               MutableByteView out) override {
    if (nonce.size() != kAeadNonceSize || tag.size() != tag_len_ || in.size() > max_input() ||
        aad.size() > kMaxEvpInput || in.size() != out.size() || !same_or_apart(in, out))
      return false;
    EVP_CIPHER_CTX* c = ctx_.get();
    int n = 0;
    bool good = start(0, nonce.data());
    // CCM checks the tag inside the single update that decrypts, so it needs the tag first.
    if (good && ccm_) good = set_tag(c, tag.data(), tag.size()) == 1 &&
                             EVP_CipherUpdate(c, nullptr, &n, nullptr, static_cast<int>(in.size())) == 1;
    if (good && !aad.empty())
      good = EVP_CipherUpdate(c, nullptr, &n, aad.data(), static_cast<int>(aad.size())) == 1;
    // CCM needs its one update even for an empty message (see seal_to).
    if (good && (!in.empty() || ccm_))
      good = in.empty() ? update(dummy_, dummy_, 0) : update(out.data(), in.data(), in.size());
    if (good && !ccm_) {
      uint8_t none[16];
      good = set_tag(c, tag.data(), tag.size()) == 1 && EVP_CipherFinal_ex(c, none, &n) == 1 && n == 0;
    }
    if (!good) clear_errors();
    return good;
  }

 private:
  // One EVP_CipherUpdate of n bytes from in to out; true when all n bytes came out.
  bool update(uint8_t* out, const uint8_t* in, size_t n) {
    int got = 0;
    return EVP_CipherUpdate(ctx_.get(), out, &got, in, static_cast<int>(n)) == 1 &&
           static_cast<size_t>(got) == n;
  }

  size_t max_input() const { return ccm_ ? kMaxCcmInput : kMaxEvpInput; }

  // Starts one operation: sets the nonce, and the key too when the direction changes.
  bool start(int enc, const uint8_t* nonce) {
    const uint8_t* key = enc == dir_ ? nullptr : key_;
    if (EVP_CipherInit_ex(ctx_.get(), nullptr, nullptr, key, nonce, enc) != 1) {
      dir_ = -1;
      return false;
    }
    dir_ = enc;
    return true;
  }

  AeadAlg alg_;
  bool ccm_;
  size_t tag_len_;
  int dir_ = 1;  // direction the context is keyed for: 1 seal, 0 open, -1 unknown
  Ptr<EVP_CIPHER_CTX> ctx_;
  uint8_t key_[32];
  uint8_t dummy_[1] = {0};
};

}  // namespace

Result<std::unique_ptr<Aead>> make_aead(AeadAlg a, ByteView key) {
  if (key.size() != aead_key_size(a))
    return misuse(std::string(aead_name(a)) + " key must be " + std::to_string(aead_key_size(a)) +
                  " bytes, got " + std::to_string(key.size()));
  const EVP_CIPHER* ciph = cipher(a);
  if (!ciph) return failure(std::string("libcrypto does not provide ") + aead_name(a));
  Ptr<EVP_CIPHER_CTX> ctx(EVP_CIPHER_CTX_new());
  if (!ctx) return failure("EVP_CIPHER_CTX_new failed");
  EVP_CIPHER_CTX* c = ctx.get();
  if (EVP_CipherInit_ex2(c, ciph, nullptr, nullptr, 1, nullptr) != 1)
    return failure(std::string(aead_name(a)) + ": cipher initialisation failed");
  // The nonce is 12 bytes for every TLS AEAD; CCM's default is 7 and it needs the tag length
  // (16, or 8 for CCM_8) before the key is set.
  size_t ivlen = kAeadNonceSize;
  OSSL_PARAM params[2] = {OSSL_PARAM_construct_size_t(OSSL_CIPHER_PARAM_AEAD_IVLEN, &ivlen),
                          OSSL_PARAM_construct_end()};
  if (EVP_CIPHER_CTX_set_params(c, params) != 1)
    return failure(std::string(aead_name(a)) + ": setting the 12-byte nonce length failed");
  if (is_ccm(a) && set_tag(c, nullptr, aead_tag_size(a)) != 1)
    return failure(std::string(aead_name(a)) + ": setting the tag length failed");
  if (EVP_CipherInit_ex2(c, nullptr, key.data(), nullptr, 1, nullptr) != 1)
    return failure(std::string(aead_name(a)) + ": setting the key failed");
  return std::unique_ptr<Aead>(new OsslAead(a, ctx.release(), key));
}

}  // namespace tlskit::crypto::ossl
