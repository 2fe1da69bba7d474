// Polynomials of R_q = Z_q[X]/(X^256 + 1) and their NTT representation (FIPS 203 §4.3):
// the NTT, its inverse, MultiplyNTTs, and the reductions between them. Coefficients are int16_t
// kept within the bounds stated on each function (not always reduced to [0, q)).
#pragma once
#include <cstdint>

#include "crypto/mlkem/params.h"

namespace tlskit::crypto::mlkem {

// A polynomial (or an NTT representation) with 256 coefficients.
struct alignas(32) Poly {
  int16_t c[kN];
};

// For a polynomial b in NTT form, b[2i+1] * gamma_i (i = 0..127), so products with b need no
// multiplication by gamma (FIPS 203 Algorithm 12, line 1) when b is reused.
struct alignas(32) PolyMulCache {
  int16_t c[kN / 2];
};

// Products of NTT representations accumulated without reduction (int32_t per coefficient).
struct alignas(32) PolyAcc {
  int32_t c[kN];
};

// NTT (FIPS 203 Algorithm 9) in place. Input |c| < q; output |c| <= (q - 1) / 2.
void ntt(Poly& p);

// NTT^-1 (FIPS 203 Algorithm 10) in place, output multiplied by 2^16 (cancelling the 2^-16 of
// a Montgomery-reduced product). Input |c| < q; output |c| < q.
void inv_ntt(Poly& p);

// Computes the cache of b (input |c| < 2^15).
void make_mul_cache(const Poly& b, PolyMulCache& cache);

// acc = a x b (MultiplyNTTs, FIPS 203 Algorithm 11) unreduced. |a| <= 4095, |b| < q, |cache| < q.
void basemul_set(PolyAcc& acc, const Poly& a, const Poly& b, const PolyMulCache& cache);
// acc += a x b, as basemul_set. At most 3 products may be accumulated (|acc| < q * 2^15).
void basemul_add(PolyAcc& acc, const Poly& a, const Poly& b, const PolyMulCache& cache);

// out = acc * 2^-16 mod q (Montgomery reduction), |out| < q.
void reduce_acc(const PolyAcc& acc, Poly& out);

// p = p * 2^16 mod q (into Montgomery form), |out| < q.
void to_mont(Poly& p);

// a += b (no reduction).
void poly_add(Poly& a, const Poly& b);
// a -= b (no reduction).
void poly_sub(Poly& a, const Poly& b);
// Reduces every coefficient to [0, q). Input: any int16_t.
void poly_canonical(Poly& p);

}  // namespace tlskit::crypto::mlkem
