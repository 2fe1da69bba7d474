// Arithmetic in Z_q (q = 3329) on int16_t, and the NTT constant tables (FIPS 203 §4.3).
// Montgomery form uses R = 2^16. Every function is branch-free and uses only multiplications,
// additions and shifts, so it runs in constant time on secret inputs.
#pragma once
#include <array>
#include <cstdint>

#include "crypto/mlkem/params.h"

namespace tlskit::crypto::mlkem {

// q^-1 mod 2^16, by Newton iteration (each step doubles the number of correct low bits).
constexpr uint16_t make_qinv() {
  uint32_t x = kQ;  // correct mod 2^3 (q is odd)
  for (int i = 0; i < 4; ++i) x = (x * (2u - kQ * x)) & 0xFFFF;
  return static_cast<uint16_t>(x);
}
inline constexpr uint16_t kQinv = make_qinv();
static_assert(static_cast<uint16_t>(kQinv * uint32_t{kQ}) == 1);

// The high 16 bits of the 32-bit product a * b (signed).
[[gnu::always_inline]] inline int16_t mulhi(int16_t a, int16_t b) {
  return static_cast<int16_t>((int32_t{a} * b) >> 16);
}

// The low 16 bits of a * b (wrapping).
[[gnu::always_inline]] inline int16_t mullo(int16_t a, int16_t b) {
  return static_cast<int16_t>(static_cast<uint16_t>(uint32_t{static_cast<uint16_t>(a)} * static_cast<uint16_t>(b)));
}

// Montgomery multiplication by a constant: returns a * z * 2^-16 mod q in (-q, q), where
// z_twist = z * q^-1 mod 2^16 is precomputed. Needs |z| <= q/2 (any int16_t a).
[[gnu::always_inline]] inline int16_t mont_mul(int16_t a, int16_t z, int16_t z_twist) {
  const int16_t t = mullo(a, z_twist);
  return static_cast<int16_t>(mulhi(a, z) - mulhi(t, kQ));
}

// Montgomery reduction: for |a| < q * 2^15 returns a * 2^-16 mod q in (-q, q).
[[gnu::always_inline]] inline int16_t mont_reduce(int32_t a) {
  const int16_t t = static_cast<int16_t>(static_cast<uint16_t>(static_cast<uint32_t>(a) * kQinv));
  return static_cast<int16_t>((a - int32_t{t} * kQ) >> 16);
}

// Barrett reduction: returns the representative of a mod q in [-(q-1)/2, (q-1)/2].
[[gnu::always_inline]] inline int16_t barrett_reduce(int16_t a) {
  constexpr int32_t v = ((1 << 26) + kQ / 2) / kQ;  // round(2^26 / q) = 20159
  const int16_t t = static_cast<int16_t>((v * a + (1 << 25)) >> 26);
  return static_cast<int16_t>(a - t * kQ);
}

// Maps a in (-q, q) to [0, q) by adding q when negative (mask, no branch).
[[gnu::always_inline]] inline int16_t to_unsigned(int16_t a) {
  return static_cast<int16_t>(a + ((a >> 15) & kQ));
}

// b^e mod q (compile time, for the tables).
constexpr int32_t pow_mod_q(int32_t b, unsigned e) {
  int64_t r = 1, x = b % kQ;
  while (e) {
    if (e & 1) r = r * x % kQ;
    x = x * x % kQ;
    e >>= 1;
  }
  return static_cast<int32_t>(r);
}
// BitRev7(i) (FIPS 203 §4.3): the 7-bit reversal of i.
constexpr unsigned bitrev7(unsigned i) {
  unsigned r = 0;
  for (int b = 0; b < 7; ++b) r |= ((i >> b) & 1u) << (6 - b);
  return r;
}
// x * 2^16 mod q, centred in [-(q-1)/2, (q-1)/2].
constexpr int16_t to_mont_centered(int32_t x) {
  int32_t m = static_cast<int32_t>((int64_t{x} << 16) % kQ);
  if (m < 0) m += kQ;
  if (m > kQ / 2) m -= kQ;
  return static_cast<int16_t>(m);
}
// z * q^-1 mod 2^16: the precomputed twist of a Montgomery constant z for mont_mul.
constexpr int16_t twist(int16_t z) {
  return static_cast<int16_t>(static_cast<uint16_t>(static_cast<uint32_t>(static_cast<uint16_t>(z)) * kQinv));
}

// A constant c in Montgomery form with its twist, for mont_mul.
struct MontConst {
  int16_t z;
  int16_t t;
};

// zeta^BitRev7(i) for i = 0..127 in Montgomery form (FIPS 203 §4.3, zeta = 17): NTT and NTT^-1
// (Algorithms 9 and 10) use entries 1..127.
constexpr std::array<MontConst, 128> make_zetas() {
  std::array<MontConst, 128> z{};
  for (unsigned i = 0; i < 128; ++i) {
    const int16_t m = to_mont_centered(pow_mod_q(17, bitrev7(i)));
    z[i] = {m, twist(m)};
  }
  return z;
}
inline constexpr std::array<MontConst, 128> kZetas = make_zetas();

// zeta^(2 BitRev7(i) + 1) for i = 0..127 in Montgomery form: the gamma of BaseCaseMultiply
// (FIPS 203 Algorithm 11, line 2).
constexpr std::array<MontConst, 128> make_gammas() {
  std::array<MontConst, 128> g{};
  for (unsigned i = 0; i < 128; ++i) {
    const int16_t m = to_mont_centered(pow_mod_q(17, 2 * bitrev7(i) + 1));
    g[i] = {m, twist(m)};
  }
  return g;
}
inline constexpr std::array<MontConst, 128> kGammas = make_gammas();

// Montgomery constants: 2^32 mod q (multiplying by it with mont_mul gives x * 2^16: into
// Montgomery form), and 2^32 / 128 mod q (the final scaling of NTT^-1, Algorithm 10 line 14,
// also cancelling the 2^-16 that the Montgomery-reduced products carry).
inline constexpr int16_t kMont2 = to_mont_centered(pow_mod_q(2, 16));
inline constexpr int16_t kInvNttScale = to_mont_centered(pow_mod_q(2, 16) * int64_t{3303} % kQ);
static_assert(128 * 3303 % kQ == 1, "3303 = 128^-1 mod q");

}  // namespace tlskit::crypto::mlkem
