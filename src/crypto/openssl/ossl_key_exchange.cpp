// Key exchange shaped as a KEM: X25519 (RFC 7748) through EVP raw keys, and P-256 / P-384
// ECDH through the EC_POINT API. The EC path uses EC_POINT_mul / EC_POINT_oct2point directly
// (not deprecated in OpenSSL 3.0): about 2.5x faster than building EVP_PKEYs with
// EVP_PKEY_fromdata for each share, and it lets the private scalar come from the caller's Rng.
// Single-point EC_POINT_mul is constant time in 3.0 (nistz256 for P-256, the Montgomery
// ladder for other curves).
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>

#include <algorithm>
#include <string>

#include "crypto/crypto_internal.h"
#include "crypto/openssl/ossl_common.h"

namespace tlskit::crypto::ossl {
namespace {

constexpr size_t kX25519Size = 32;
// Scalar draws that fall outside [1, n) are retried; the chance of a single retry is < 2^-32
// for P-256 and P-384, so hitting this bound means the Rng is broken.
constexpr int kMaxScalarTries = 64;
// Largest EC group order we could draw a scalar for (P-521), in bytes.
constexpr size_t kMaxFieldBytes = 66;

Error peer_share_error(std::string detail) {
  return make_error(ErrorCode::illegal_parameter, Alert::none, Party::peer, Step::none,
                    std::move(detail));
}

char hex_digit(unsigned v) { return "0123456789abcdef"[v & 15]; }

std::string byte_hex(uint8_t b) {
  return std::string("0x") + hex_digit(b >> 4) + hex_digit(b);
}

// ---- X25519 ----

class X25519Share final : public KeyShare {
 public:
  X25519Share(EVP_PKEY* key, const uint8_t* pub) : key_(key) { std::copy(pub, pub + kX25519Size, pub_); }

  NamedGroup group() const override { return NamedGroup::x25519; }
  ByteView public_share() const override { return {pub_, kX25519Size}; }

  Result<SecretBytes> decapsulate(ByteView peer) override {
    // RFC 8446 §4.2.8.2: X25519 shares are the 32-byte u-coordinate.
    if (peer.size() != kX25519Size)
      return peer_share_error("x25519 key share must be 32 bytes, got " + std::to_string(peer.size()));
    Ptr<EVP_PKEY> peer_key(EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, nullptr, peer.data(), peer.size()));
    if (!peer_key) return failure("x25519: importing the peer's share failed");
    Ptr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key_.get(), nullptr));
    if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1 ||
        EVP_PKEY_derive_set_peer_ex(ctx.get(), peer_key.get(), 0) != 1)
      return failure("x25519: setting up the key derivation failed");
    SecretBytes secret(kX25519Size);
    size_t len = secret.size();
    int rc = EVP_PKEY_derive(ctx.get(), secret.data(), &len);
    uint8_t acc = 0;
    for (size_t i = 0; i < secret.size(); ++i) acc |= secret[i];
    // RFC 8446 §7.4.2 / RFC 7748 §6.1: an all-zero result means the peer sent a low-order
    // point; abort. (libcrypto's X25519 also fails the derivation in that case.)
    if (rc != 1 || len != kX25519Size || acc == 0) {
      clear_errors();
      return peer_share_error("x25519 shared secret is all zeros: the peer's share is a low-order point");
    }
    return secret;
  }

 private:
  Ptr<EVP_PKEY> key_;
  uint8_t pub_[kX25519Size];
};

// A keygen context for X25519, made once per thread (EVP_PKEY_CTX is not thread-safe).
struct X25519Keygen {
  Ptr<EVP_PKEY_CTX> ctx;
  X25519Keygen() : ctx(EVP_PKEY_CTX_new_from_name(nullptr, "X25519", nullptr)) {
    if (ctx && EVP_PKEY_keygen_init(ctx.get()) != 1) ctx.reset();
    clear_errors();
  }
};

// A new X25519 key from libcrypto's own DRBG; nullptr on failure.
EVP_PKEY* x25519_keygen() {
  thread_local X25519Keygen gen;
  EVP_PKEY* key = nullptr;
  if (!gen.ctx || EVP_PKEY_keygen(gen.ctx.get(), &key) != 1) return nullptr;
  return key;
}

Result<std::unique_ptr<X25519Share>> x25519_generate(Rng& rng) {
  // RFC 7748 §6.1: the private key is 32 random bytes (clamped inside X25519).
  Ptr<EVP_PKEY> key;
  if (&rng == &system_rng()) {
    // The system Rng is libcrypto's DRBG, which EVP keygen draws from too: generating
    // directly skips importing the bytes (~8% of a key share's cost).
    key.reset(x25519_keygen());
  } else {
    // Any other Rng (tests inject deterministic ones) supplies the private key itself.
    uint8_t priv[kX25519Size];
    rng.fill(priv);
    key.reset(EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, nullptr, priv, sizeof priv));
    secure_zero(priv, sizeof priv);
  }
  if (!key) return failure("x25519: creating the private key failed");
  uint8_t pub[kX25519Size];
  size_t len = sizeof pub;
  if (EVP_PKEY_get_raw_public_key(key.get(), pub, &len) != 1 || len != kX25519Size)
    return failure("x25519: computing the public key failed");
  return std::make_unique<X25519Share>(key.release(), pub);
}

// ---- NIST curves ----

KeyType curve_of(NamedGroup g) {
  switch (g) {
    case NamedGroup::secp256r1: return KeyType::ec_p256;
    case NamedGroup::secp384r1: return KeyType::ec_p384;
    default: return KeyType::unknown;
  }
}

// Decodes a peer's share: RFC 8446 §4.2.8.2 allows only the uncompressed form
// 0x04 || X || Y with X and Y of the field size; the point must be on the curve (RFC 8446
// §4.2.8.2 / NIST SP 800-56A §5.6.2.3: full public key validation; the cofactor is 1, so a
// point on the curve other than infinity is in the prime-order group).
Result<Ptr<EC_POINT>> decode_share(NamedGroup g, ByteView share, BN_CTX* bn) {
  KeyType t = curve_of(g);
  const size_t f = ec_field_bytes(t);
  if (share.size() != 1 + 2 * f || share[0] != 0x04)
    return peer_share_error(group_name(g) + " key share must be an uncompressed point (" +
                            std::to_string(1 + 2 * f) + " bytes starting with 0x04); got " +
                            std::to_string(share.size()) + " bytes" +
                            (share.empty() ? std::string() : " starting with " + byte_hex(share[0])));
  const EC_GROUP* group = ec_group(t);
  Ptr<EC_POINT> p(EC_POINT_new(group));
  if (!p) return failure("EC_POINT_new failed");
  // EC_POINT_oct2point rejects coordinates >= p and points not on the curve.
  if (EC_POINT_oct2point(group, p.get(), share.data(), share.size(), bn) != 1 ||
      EC_POINT_is_on_curve(group, p.get(), bn) != 1 || EC_POINT_is_at_infinity(group, p.get())) {
    clear_errors();
    return peer_share_error(group_name(g) + " key share is not a valid point on the curve");
  }
  return p;
}

// Draws a private scalar d with 1 <= d < n from rng (rejection sampling, FIPS 186-5 A.2.2 style).
Result<Ptr<BIGNUM>> draw_scalar(const EC_GROUP* group, Rng& rng) {
  const BIGNUM* order = EC_GROUP_get0_order(group);
  const int nbits = BN_num_bits(order);
  const size_t nbytes = static_cast<size_t>(BN_num_bytes(order));
  uint8_t buf[kMaxFieldBytes];
  Ptr<BIGNUM> d(BN_new());
  if (!d) return failure("BN_new failed");
  BN_set_flags(d.get(), BN_FLG_CONSTTIME);
  for (int i = 0; i < kMaxScalarTries; ++i) {
    rng.fill(std::span<uint8_t>(buf, nbytes));
    if (nbits % 8) buf[0] &= static_cast<uint8_t>((1u << (nbits % 8)) - 1);
    if (!BN_bin2bn(buf, static_cast<int>(nbytes), d.get())) {
      secure_zero(buf, sizeof buf);
      return failure("BN_bin2bn failed");
    }
    if (!BN_is_zero(d.get()) && BN_cmp(d.get(), order) < 0) {
      secure_zero(buf, sizeof buf);
      return d;
    }
  }
  secure_zero(buf, sizeof buf);
  return make_error(ErrorCode::crypto_failure, Alert::none, Party::us, Step::none,
                    "the random source gave no valid EC private scalar in " +
                        std::to_string(kMaxScalarTries) + " draws");
}

// The ECDH shared secret: the x-coordinate of d*Q, zero-padded to the field size
// (RFC 8446 §7.4.1).
Result<SecretBytes> ecdh(NamedGroup g, const BIGNUM* d, const EC_POINT* q, BN_CTX* bn) {
  KeyType t = curve_of(g);
  const EC_GROUP* group = ec_group(t);
  Ptr<EC_POINT> r(EC_POINT_new(group));
  Ptr<BIGNUM> x(BN_new());
  if (!r || !x || EC_POINT_mul(group, r.get(), nullptr, q, d, bn) != 1)
    return failure(group_name(g) + ": point multiplication failed");
  if (EC_POINT_is_at_infinity(group, r.get()))
    return peer_share_error(group_name(g) + " shared secret is the point at infinity");
  SecretBytes secret(ec_field_bytes(t));
  if (EC_POINT_get_affine_coordinates(group, r.get(), x.get(), nullptr, bn) != 1 ||
      BN_bn2binpad(x.get(), secret.data(), static_cast<int>(secret.size())) < 0)
    return failure(group_name(g) + ": encoding the shared secret failed");
  return secret;
}

class EcShare final : public KeyShare {
 public:
  EcShare(NamedGroup g, BIGNUM* d, Bytes pub) : group_(g), d_(d), pub_(std::move(pub)) {}

  NamedGroup group() const override { return group_; }
  ByteView public_share() const override { return pub_; }

  Result<SecretBytes> decapsulate(ByteView peer) override {
    Ptr<BN_CTX> bn(BN_CTX_new());
    if (!bn) return failure("BN_CTX_new failed");
    TK_ASSIGN(Ptr<EC_POINT> q, decode_share(group_, peer, bn.get()));
    return ecdh(group_, d_.get(), q.get(), bn.get());
  }

  const BIGNUM* scalar() const { return d_.get(); }

 private:
  NamedGroup group_;
  Ptr<BIGNUM> d_;
  Bytes pub_;
};

Result<std::unique_ptr<EcShare>> ec_generate(NamedGroup g, Rng& rng, BN_CTX* bn) {
  KeyType t = curve_of(g);
  const EC_GROUP* group = ec_group(t);
  TK_ASSIGN(Ptr<BIGNUM> d, draw_scalar(group, rng));
  Ptr<EC_POINT> p(EC_POINT_new(group));
  Bytes pub(1 + 2 * ec_field_bytes(t));
  if (!p || EC_POINT_mul(group, p.get(), d.get(), nullptr, nullptr, bn) != 1 ||
      EC_POINT_point2oct(group, p.get(), POINT_CONVERSION_UNCOMPRESSED, pub.data(), pub.size(), bn) !=
          pub.size())
    return failure(group_name(g) + ": computing the public key failed");
  return std::make_unique<EcShare>(g, d.release(), std::move(pub));
}

Error unsupported_group(NamedGroup g) {
  return make_error(ErrorCode::no_common_group, Alert::none, Party::us, Step::none,
                    "key exchange group " + group_name(g) + " is not implemented");
}

}  // namespace

bool supports_group(NamedGroup g) {
  return g == NamedGroup::x25519 || g == NamedGroup::secp256r1 || g == NamedGroup::secp384r1;
}

Result<std::unique_ptr<KeyShare>> generate_key_share(NamedGroup g, Rng& rng) {
  if (g == NamedGroup::x25519) {
    TK_ASSIGN(auto share, x25519_generate(rng));
    return std::unique_ptr<KeyShare>(std::move(share));
  }
  if (curve_of(g) == KeyType::unknown) return unsupported_group(g);
  Ptr<BN_CTX> bn(BN_CTX_new());
  if (!bn) return failure("BN_CTX_new failed");
  TK_ASSIGN(auto share, ec_generate(g, rng, bn.get()));
  return std::unique_ptr<KeyShare>(std::move(share));
}

Result<Encapsulation> encapsulate(NamedGroup g, ByteView client_share, Rng& rng) {
  Encapsulation e;
  if (g == NamedGroup::x25519) {
    if (client_share.size() != kX25519Size)
      return peer_share_error("x25519 key share must be 32 bytes, got " +
                              std::to_string(client_share.size()));
    TK_ASSIGN(auto mine, x25519_generate(rng));
    TK_ASSIGN(e.shared_secret, mine->decapsulate(client_share));
    ByteView pub = mine->public_share();
    e.server_share.assign(pub.begin(), pub.end());
    return e;
  }
  if (curve_of(g) == KeyType::unknown) return unsupported_group(g);
  Ptr<BN_CTX> bn(BN_CTX_new());
  if (!bn) return failure("BN_CTX_new failed");
  // Validate the client's point before spending a key generation on it.
  TK_ASSIGN(Ptr<EC_POINT> q, decode_share(g, client_share, bn.get()));
  TK_ASSIGN(auto mine, ec_generate(g, rng, bn.get()));
  TK_ASSIGN(e.shared_secret, ecdh(g, mine->scalar(), q.get(), bn.get()));
  ByteView pub = mine->public_share();
  e.server_share.assign(pub.begin(), pub.end());
  return e;
}

}  // namespace tlskit::crypto::ossl
