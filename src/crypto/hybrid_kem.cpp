// X25519MLKEM768: the hybrid key share of draft-ietf-tls-ecdhe-mlkem, ML-KEM-768 first.
#include "crypto/hybrid_kem.h"

#include <array>
#include <span>
#include <string>

#include "crypto/mlkem/mlkem768.h"

namespace tlskit::crypto::hybrid {
namespace {

namespace kem = mlkem768;

Error share_error(std::string detail) {
  return make_error(ErrorCode::illegal_parameter, Alert::none, Party::peer, Step::none,
                    "X25519MLKEM768: " + std::move(detail));
}

// Rewrites an error from the X25519 part so that its detail says which part failed.
Error classical_part_error(Error e) {
  if (e.code == ErrorCode::illegal_parameter)
    e.detail = "X25519MLKEM768: the X25519 part: " + e.detail;
  return e;
}

// The client's hybrid share: the ML-KEM decapsulation key (secret) and the X25519 share.
class HybridShare final : public KeyShare {
 public:
  HybridShare(std::unique_ptr<KeyShare> x25519) : x25519_(std::move(x25519)), dk_(kem::kDecapsulationKeySize) {
    pub_.resize(kClientShareSize);
  }

  // Fills the ML-KEM half from the seed and appends the X25519 public key.
  void set_keys(std::span<const uint8_t, kem::kSeedSize> seed) {
    kem::keygen_from_seed(seed, std::span<uint8_t, kem::kEncapsulationKeySize>(pub_.data(), kem::kEncapsulationKeySize),
                          std::span<uint8_t, kem::kDecapsulationKeySize>(dk_.data(), dk_.size()));
    ByteView x = x25519_->public_share();
    std::copy(x.begin(), x.end(), pub_.begin() + kem::kEncapsulationKeySize);
  }

  NamedGroup group() const override { return NamedGroup::X25519MLKEM768; }
  ByteView public_share() const override { return pub_; }

  Result<SecretBytes> decapsulate(ByteView peer) override {
    // draft-ietf-tls-ecdhe-mlkem §3: the server share is the ciphertext then X25519's share;
    // any other length is illegal_parameter.
    if (peer.size() != kServerShareSize)
      return share_error("the server's key share must be " + std::to_string(kServerShareSize) +
                         " bytes (ML-KEM-768 ciphertext 1088 + X25519 32), got " +
                         std::to_string(peer.size()));
    auto x = x25519_->decapsulate(peer.subspan(kem::kCiphertextSize));
    if (!x) return classical_part_error(std::move(x).error());
    SecretBytes secret(kSharedSecretSize);
    kem::decapsulate(std::span<const uint8_t, kem::kDecapsulationKeySize>(dk_.data(), dk_.size()),
                     peer.first<kem::kCiphertextSize>(),
                     std::span<uint8_t, kem::kSharedSecretSize>(secret.data(), kem::kSharedSecretSize));
    std::copy(x->data(), x->data() + kX25519Size, secret.data() + kem::kSharedSecretSize);
    return secret;
  }

 private:
  std::unique_ptr<KeyShare> x25519_;
  SecretBytes dk_;
  Bytes pub_;
};

}  // namespace

Result<std::unique_ptr<KeyShare>> x25519mlkem768_generate(const Provider& classical, Rng& rng) {
  TK_ASSIGN(auto x, classical.generate_key_share(NamedGroup::x25519, rng));
  auto share = std::make_unique<HybridShare>(std::move(x));
  // FIPS 203 Algorithm 19: d and z are 32 random bytes each.
  std::array<uint8_t, kem::kSeedSize> seed;
  rng.fill(seed);
  share->set_keys(seed);
  secure_zero(seed.data(), seed.size());
  return std::unique_ptr<KeyShare>(std::move(share));
}

Result<Encapsulation> x25519mlkem768_encapsulate(const Provider& classical, ByteView client_share,
                                                 Rng& rng) {
  if (client_share.size() != kClientShareSize)
    return share_error("the client's key share must be " + std::to_string(kClientShareSize) +
                       " bytes (ML-KEM-768 encapsulation key 1184 + X25519 32), got " +
                       std::to_string(client_share.size()));
  ByteView ek = client_share.first(kem::kEncapsulationKeySize);
  // FIPS 203 §7.2: the modulus check; draft-ietf-tls-ecdhe-mlkem: a failure is illegal_parameter.
  if (!kem::check_encapsulation_key(ek))
    return share_error("the ML-KEM-768 encapsulation key fails the FIPS 203 §7.2 modulus check "
                       "(a coefficient is not below q = 3329)");
  auto classical_part =
      classical.encapsulate(NamedGroup::x25519, client_share.subspan(kem::kEncapsulationKeySize), rng);
  if (!classical_part) return classical_part_error(std::move(classical_part).error());
  Encapsulation& x = *classical_part;
  Encapsulation e;
  e.server_share.resize(kServerShareSize);
  e.shared_secret = SecretBytes(kSharedSecretSize);
  // FIPS 203 Algorithm 20: m is 32 random bytes.
  std::array<uint8_t, kem::kMessageSize> m;
  rng.fill(m);
  kem::encapsulate(ek.first<kem::kEncapsulationKeySize>(), m,
                   std::span<uint8_t, kem::kCiphertextSize>(e.server_share.data(), kem::kCiphertextSize),
                   std::span<uint8_t, kem::kSharedSecretSize>(e.shared_secret.data(), kem::kSharedSecretSize));
  secure_zero(m.data(), m.size());
  std::copy(x.server_share.begin(), x.server_share.end(), e.server_share.begin() + kem::kCiphertextSize);
  std::copy(x.shared_secret.data(), x.shared_secret.data() + kX25519Size,
            e.shared_secret.data() + kem::kSharedSecretSize);
  return e;
}

}  // namespace tlskit::crypto::hybrid
