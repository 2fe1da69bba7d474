// ML-KEM-768 key generation, encapsulation and decapsulation (FIPS 203 §6, Algorithms 16-18)
// and the input checks of §7.2 / §7.3, on top of K-PKE.
#include "crypto/mlkem/mlkem768.h"

#include <cstring>

#include "crypto/mlkem/encode.h"
#include "crypto/mlkem/keccak.h"
#include "crypto/mlkem/kpke.h"
#include "crypto/mlkem/params.h"

namespace tlskit::crypto::mlkem768 {
namespace {

using namespace tlskit::crypto::mlkem;

static_assert(kEncapsulationKeySize == kPkeEkBytes);
static_assert(kDecapsulationKeySize == kDkBytes);
static_assert(kCiphertextSize == kCtBytes);

// Offsets inside dk = dk_pke || ek || H(ek) || z (Algorithm 16 line 3, Algorithm 18 lines 1-4).
constexpr size_t kDkEkOffset = kPkeDkBytes;                  // 384k
constexpr size_t kDkHashOffset = kDkEkOffset + kPkeEkBytes;  // 768k + 32
constexpr size_t kDkZOffset = kDkHashOffset + 32;            // 768k + 64

// Hides a value from the optimiser so a mask computed from it is not turned into a branch.
inline uint8_t value_barrier(uint8_t x) {
  __asm__("" : "+r"(x));
  return x;
}

// 0xFF when the two 1088-byte strings are equal, 0x00 otherwise; time independent of contents.
uint8_t equal_mask(const uint8_t* a, const uint8_t* b, size_t n) {
  uint8_t diff = 0;
  for (size_t i = 0; i < n; ++i) diff |= static_cast<uint8_t>(a[i] ^ b[i]);
  // diff - 1 borrows into bit 8 exactly when diff == 0.
  const uint32_t borrow = (uint32_t{value_barrier(diff)} - 1u) >> 8;
  return static_cast<uint8_t>(-(borrow & 1u));
}

}  // namespace

void keygen_from_seed(std::span<const uint8_t, kSeedSize> seed, std::span<uint8_t, kEncapsulationKeySize> ek,
                      std::span<uint8_t, kDecapsulationKeySize> dk) {
  const uint8_t* d = seed.data();
  const uint8_t* z = seed.data() + 32;
  // Algorithm 16 line 1: (ek_PKE, dk_PKE) <- K-PKE.KeyGen(d).
  pke_keygen(d, ek.data(), dk.data());
  // Line 2: ek <- ek_PKE; line 3: dk <- dk_PKE || ek || H(ek) || z.
  std::memcpy(dk.data() + kDkEkOffset, ek.data(), kPkeEkBytes);
  sha3_256(ek, {}, std::span<uint8_t, 32>(dk.data() + kDkHashOffset, 32));
  std::memcpy(dk.data() + kDkZOffset, z, 32);
}

bool check_encapsulation_key(ByteView ek) {
  // §7.2 (type check): ek is exactly 384k + 32 bytes.
  if (ek.size() != kEncapsulationKeySize) return false;
  // §7.2 (modulus check): ByteEncode_12(ByteDecode_12(ek[384i : 384(i+1)])) == that slice.
  for (int i = 0; i < kK; ++i)
    if (!decode12_is_canonical(ek.data() + i * kPolyBytes)) return false;
  return true;
}

bool check_decapsulation_key(ByteView dk) {
  // §7.3 (type check): dk is exactly 768k + 96 bytes.
  if (dk.size() != kDecapsulationKeySize) return false;
  // §7.3 (hash check): H(dk[384k : 768k + 32]) == dk[768k + 32 : 768k + 64].
  uint8_t h[32];
  sha3_256(dk.subspan(kDkEkOffset, kPkeEkBytes), {}, h);
  return constant_time_equal(h, dk.subspan(kDkHashOffset, 32));
}

void encapsulate(std::span<const uint8_t, kEncapsulationKeySize> ek, std::span<const uint8_t, kMessageSize> m,
                 std::span<uint8_t, kCiphertextSize> ct, std::span<uint8_t, kSharedSecretSize> shared_secret) {
  // Algorithm 17 line 1: (K, r) <- G(m || H(ek)).
  uint8_t h[32];
  sha3_256(ek, {}, h);
  uint8_t k_r[64];
  sha3_512(m, h, k_r);
  // Line 2: c <- K-PKE.Encrypt(ek, m, r).
  pke_encrypt(ek.data(), m.data(), k_r + 32, ct.data());
  std::memcpy(shared_secret.data(), k_r, 32);
  secure_zero(k_r, sizeof k_r);
}

void decapsulate(std::span<const uint8_t, kDecapsulationKeySize> dk, std::span<const uint8_t, kCiphertextSize> ct,
                 std::span<uint8_t, kSharedSecretSize> shared_secret) {
  // Algorithm 18 lines 1-4: dk_PKE, ek_PKE, h and z are slices of dk.
  const uint8_t* dk_pke = dk.data();
  const uint8_t* ek_pke = dk.data() + kDkEkOffset;
  const uint8_t* h = dk.data() + kDkHashOffset;
  const uint8_t* z = dk.data() + kDkZOffset;
  struct Work {
    uint8_t m[32];        // m'
    uint8_t k_r[64];      // (K', r')
    uint8_t k_bar[32];    // K-bar
    uint8_t ct2[kCtBytes];  // c'
  } w;
  // Line 5: m' <- K-PKE.Decrypt(dk_PKE, c).
  pke_decrypt(dk_pke, ct.data(), w.m);
  // Line 6: (K', r') <- G(m' || h).
  sha3_512(w.m, {h, 32}, w.k_r);
  // Line 7: K-bar <- J(z || c) = SHAKE256(z || c, 32 bytes).
  shake256({z, 32}, ct, w.k_bar);
  // Line 8: c' <- K-PKE.Encrypt(ek_PKE, m', r').
  pke_encrypt(ek_pke, w.m, w.k_r + 32, w.ct2);
  // Lines 9-11: if c != c' then K' <- K-bar; compared and selected in constant time.
  const uint8_t keep = equal_mask(ct.data(), w.ct2, kCtBytes);
  for (size_t i = 0; i < kSharedSecretSize; ++i)
    shared_secret[i] = static_cast<uint8_t>((w.k_r[i] & keep) | (w.k_bar[i] & static_cast<uint8_t>(~keep)));
  secure_zero(&w, sizeof w);
}

}  // namespace tlskit::crypto::mlkem768
