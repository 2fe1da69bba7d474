// Internal: the Keccak-f[1600] permutation (FIPS 202 §3.3, Algorithm 7) as a template over the
// lane type, so the same code runs on one state (uint64_t) and on four interleaved states (a
// 4 x 64-bit vector). Included only by keccak.cpp and keccak_x4.cpp.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>

namespace tlskit::crypto::mlkem::detail {

// rc(t) of FIPS 202 Algorithm 5: one output bit of the degree-8 LFSR x^8 + x^6 + x^5 + x^4 + 1.
constexpr uint64_t keccak_rc_bit(unsigned t) {
  unsigned r = 1;
  for (unsigned i = 0; i < t % 255; ++i) {
    r <<= 1;
    if (r & 0x100) r ^= 0x171;
  }
  return r & 1;
}

// The 24 round constants RC of the iota step (FIPS 202 §3.2.5, Algorithm 6), built at compile time.
constexpr std::array<uint64_t, 24> make_round_constants() {
  std::array<uint64_t, 24> rc{};
  for (unsigned ir = 0; ir < 24; ++ir)
    for (unsigned j = 0; j <= 6; ++j) rc[ir] |= keccak_rc_bit(j + 7 * ir) << ((1u << j) - 1);
  return rc;
}

inline constexpr std::array<uint64_t, 24> kRoundConstants = make_round_constants();

// Rotates every 64-bit lane of x left by r (1..63). A macro rather than a function so that
// no function passes a 32-byte vector by value (which GCC flags as an ABI hazard).
#define TLSKIT_KECCAK_ROTL(x, r) (((x) << (r)) | ((x) >> (64 - (r))))

// Keccak-f[1600] on a state of 25 lanes (index x + 5y). Lane is uint64_t or a GCC/clang vector
// of uint64_t (then every element is an independent state).
template <class Lane>
[[gnu::always_inline]] inline void keccak_f1600_generic(Lane* st) {
  Lane a0 = st[0];
  Lane a1 = st[1];
  Lane a2 = st[2];
  Lane a3 = st[3];
  Lane a4 = st[4];
  Lane a5 = st[5];
  Lane a6 = st[6];
  Lane a7 = st[7];
  Lane a8 = st[8];
  Lane a9 = st[9];
  Lane a10 = st[10];
  Lane a11 = st[11];
  Lane a12 = st[12];
  Lane a13 = st[13];
  Lane a14 = st[14];
  Lane a15 = st[15];
  Lane a16 = st[16];
  Lane a17 = st[17];
  Lane a18 = st[18];
  Lane a19 = st[19];
  Lane a20 = st[20];
  Lane a21 = st[21];
  Lane a22 = st[22];
  Lane a23 = st[23];
  Lane a24 = st[24];
  for (size_t round = 0; round < 24; ++round) {
    // theta (FIPS 202 §3.2.1)
    const Lane c0 = a0 ^ a5 ^ a10 ^ a15 ^ a20;
    const Lane c1 = a1 ^ a6 ^ a11 ^ a16 ^ a21;
    const Lane c2 = a2 ^ a7 ^ a12 ^ a17 ^ a22;
    const Lane c3 = a3 ^ a8 ^ a13 ^ a18 ^ a23;
    const Lane c4 = a4 ^ a9 ^ a14 ^ a19 ^ a24;
    const Lane d0 = c4 ^ TLSKIT_KECCAK_ROTL(c1, 1);
    const Lane d1 = c0 ^ TLSKIT_KECCAK_ROTL(c2, 1);
    const Lane d2 = c1 ^ TLSKIT_KECCAK_ROTL(c3, 1);
    const Lane d3 = c2 ^ TLSKIT_KECCAK_ROTL(c4, 1);
    const Lane d4 = c3 ^ TLSKIT_KECCAK_ROTL(c0, 1);
    // rho and pi (§3.2.2, §3.2.3): lane (x, y) moves to (y, 2x + 3y)
    const Lane b0 = a0 ^ d0;
    const Lane b10 = TLSKIT_KECCAK_ROTL(a1 ^ d1, 1);
    const Lane b20 = TLSKIT_KECCAK_ROTL(a2 ^ d2, 62);
    const Lane b5 = TLSKIT_KECCAK_ROTL(a3 ^ d3, 28);
    const Lane b15 = TLSKIT_KECCAK_ROTL(a4 ^ d4, 27);
    const Lane b16 = TLSKIT_KECCAK_ROTL(a5 ^ d0, 36);
    const Lane b1 = TLSKIT_KECCAK_ROTL(a6 ^ d1, 44);
    const Lane b11 = TLSKIT_KECCAK_ROTL(a7 ^ d2, 6);
    const Lane b21 = TLSKIT_KECCAK_ROTL(a8 ^ d3, 55);
    const Lane b6 = TLSKIT_KECCAK_ROTL(a9 ^ d4, 20);
    const Lane b7 = TLSKIT_KECCAK_ROTL(a10 ^ d0, 3);
    const Lane b17 = TLSKIT_KECCAK_ROTL(a11 ^ d1, 10);
    const Lane b2 = TLSKIT_KECCAK_ROTL(a12 ^ d2, 43);
    const Lane b12 = TLSKIT_KECCAK_ROTL(a13 ^ d3, 25);
    const Lane b22 = TLSKIT_KECCAK_ROTL(a14 ^ d4, 39);
    const Lane b23 = TLSKIT_KECCAK_ROTL(a15 ^ d0, 41);
    const Lane b8 = TLSKIT_KECCAK_ROTL(a16 ^ d1, 45);
    const Lane b18 = TLSKIT_KECCAK_ROTL(a17 ^ d2, 15);
    const Lane b3 = TLSKIT_KECCAK_ROTL(a18 ^ d3, 21);
    const Lane b13 = TLSKIT_KECCAK_ROTL(a19 ^ d4, 8);
    const Lane b14 = TLSKIT_KECCAK_ROTL(a20 ^ d0, 18);
    const Lane b24 = TLSKIT_KECCAK_ROTL(a21 ^ d1, 2);
    const Lane b9 = TLSKIT_KECCAK_ROTL(a22 ^ d2, 61);
    const Lane b19 = TLSKIT_KECCAK_ROTL(a23 ^ d3, 56);
    const Lane b4 = TLSKIT_KECCAK_ROTL(a24 ^ d4, 14);
    // chi (§3.2.4)
    a0 = b0 ^ (~b1 & b2);
    a1 = b1 ^ (~b2 & b3);
    a2 = b2 ^ (~b3 & b4);
    a3 = b3 ^ (~b4 & b0);
    a4 = b4 ^ (~b0 & b1);
    a5 = b5 ^ (~b6 & b7);
    a6 = b6 ^ (~b7 & b8);
    a7 = b7 ^ (~b8 & b9);
    a8 = b8 ^ (~b9 & b5);
    a9 = b9 ^ (~b5 & b6);
    a10 = b10 ^ (~b11 & b12);
    a11 = b11 ^ (~b12 & b13);
    a12 = b12 ^ (~b13 & b14);
    a13 = b13 ^ (~b14 & b10);
    a14 = b14 ^ (~b10 & b11);
    a15 = b15 ^ (~b16 & b17);
    a16 = b16 ^ (~b17 & b18);
    a17 = b17 ^ (~b18 & b19);
    a18 = b18 ^ (~b19 & b15);
    a19 = b19 ^ (~b15 & b16);
    a20 = b20 ^ (~b21 & b22);
    a21 = b21 ^ (~b22 & b23);
    a22 = b22 ^ (~b23 & b24);
    a23 = b23 ^ (~b24 & b20);
    a24 = b24 ^ (~b20 & b21);

    // iota (§3.2.5)
    a0 ^= kRoundConstants[round];
  }
  st[0] = a0;
  st[1] = a1;
  st[2] = a2;
  st[3] = a3;
  st[4] = a4;
  st[5] = a5;
  st[6] = a6;
  st[7] = a7;
  st[8] = a8;
  st[9] = a9;
  st[10] = a10;
  st[11] = a11;
  st[12] = a12;
  st[13] = a13;
  st[14] = a14;
  st[15] = a15;
  st[16] = a16;
  st[17] = a17;
  st[18] = a18;
  st[19] = a19;
  st[20] = a20;
  st[21] = a21;
  st[22] = a22;
  st[23] = a23;
  st[24] = a24;
}

}  // namespace tlskit::crypto::mlkem::detail

#undef TLSKIT_KECCAK_ROTL
