// NTT, NTT^-1 and MultiplyNTTs (FIPS 203 §4.3, Algorithms 9-12) on int16_t with Montgomery and
// Barrett reduction. The layer loops have compile-time lengths so compilers vectorise them.
#include "crypto/mlkem/poly.h"

#include "crypto/mlkem/field.h"

namespace tlskit::crypto::mlkem {
namespace {

// One layer of Algorithm 9 (lines 3-10) with len = kLen; k is the next zeta index.
template <int kLen>
[[gnu::always_inline]] inline void ntt_layer(int16_t* a, unsigned& k) {
  for (int start = 0; start < kN; start += 2 * kLen) {
    const MontConst z = kZetas[k++];
    int16_t* lo = a + start;
    int16_t* hi = a + start + kLen;
    for (int j = 0; j < kLen; ++j) {
      const int16_t t = mont_mul(hi[j], z.z, z.t);  // line 8: t <- zeta * f[j + len]
      hi[j] = static_cast<int16_t>(lo[j] - t);      // line 9
      lo[j] = static_cast<int16_t>(lo[j] + t);      // line 10
    }
  }
}

// One layer of Algorithm 10 (lines 3-12) with len = kLen; k is the next zeta index (descending).
// The sums f[j] + f[j + len] are Barrett-reduced only when kReduce (see inv_ntt for the bounds).
template <int kLen, bool kReduce>
[[gnu::always_inline]] inline void inv_ntt_layer(int16_t* a, unsigned& k) {
  for (int start = 0; start < kN; start += 2 * kLen) {
    const MontConst z = kZetas[k--];
    int16_t* lo = a + start;
    int16_t* hi = a + start + kLen;
    for (int j = 0; j < kLen; ++j) {
      const int16_t t = lo[j];                                        // line 8
      const int16_t sum = static_cast<int16_t>(t + hi[j]);            // line 9
      lo[j] = kReduce ? barrett_reduce(sum) : sum;
      hi[j] = mont_mul(static_cast<int16_t>(hi[j] - t), z.z, z.t);  // line 10
    }
  }
}

}  // namespace

void ntt(Poly& p) {
  // Each layer adds less than q to the magnitude: 7 layers from |c| < q stay below 8q < 2^15.
  unsigned k = 1;  // Algorithm 9 line 2: i <- 1
  ntt_layer<128>(p.c, k);
  ntt_layer<64>(p.c, k);
  ntt_layer<32>(p.c, k);
  ntt_layer<16>(p.c, k);
  ntt_layer<8>(p.c, k);
  ntt_layer<4>(p.c, k);
  ntt_layer<2>(p.c, k);
  for (int16_t& c : p.c) c = barrett_reduce(c);
}

void inv_ntt(Poly& p) {
  unsigned k = 127;  // Algorithm 10 line 2: i <- 127
  // Bounds: mont_mul outputs have |x| < 2500 and Barrett outputs |x| <= 1665, so from inputs
  // |c| < q a coefficient at most doubles per layer: after three unreduced layers |c| < 8q
  // < 2^15 (and the differences fed to mont_mul stay within int16_t). Reducing the sums in the
  // third and sixth layers keeps every value in range.
  inv_ntt_layer<2, false>(p.c, k);
  inv_ntt_layer<4, false>(p.c, k);
  inv_ntt_layer<8, true>(p.c, k);
  inv_ntt_layer<16, false>(p.c, k);
  inv_ntt_layer<32, false>(p.c, k);
  inv_ntt_layer<64, true>(p.c, k);
  inv_ntt_layer<128, false>(p.c, k);
  // Line 14: f <- f * 128^-1 (here times 2^16 as well).
  constexpr int16_t kScaleTwist = twist(kInvNttScale);
  for (int16_t& c : p.c) c = mont_mul(c, kInvNttScale, kScaleTwist);
}

void make_mul_cache(const Poly& b, PolyMulCache& cache) {
  for (int i = 0; i < kN / 2; ++i) cache.c[i] = mont_mul(b.c[2 * i + 1], kGammas[i].z, kGammas[i].t);
}

// BaseCaseMultiply (Algorithm 12) for every pair i (Algorithm 11 line 2):
// c0 = a0 b0 + a1 (b1 gamma), c1 = a0 b1 + a1 b0.
void basemul_set(PolyAcc& acc, const Poly& a, const Poly& b, const PolyMulCache& cache) {
  for (int i = 0; i < kN / 2; ++i) {
    const int32_t a0 = a.c[2 * i], a1 = a.c[2 * i + 1], b0 = b.c[2 * i], b1 = b.c[2 * i + 1];
    acc.c[2 * i] = a0 * b0 + a1 * cache.c[i];
    acc.c[2 * i + 1] = a0 * b1 + a1 * b0;
  }
}

void basemul_add(PolyAcc& acc, const Poly& a, const Poly& b, const PolyMulCache& cache) {
  for (int i = 0; i < kN / 2; ++i) {
    const int32_t a0 = a.c[2 * i], a1 = a.c[2 * i + 1], b0 = b.c[2 * i], b1 = b.c[2 * i + 1];
    acc.c[2 * i] += a0 * b0 + a1 * cache.c[i];
    acc.c[2 * i + 1] += a0 * b1 + a1 * b0;
  }
}

void reduce_acc(const PolyAcc& acc, Poly& out) {
  for (int i = 0; i < kN; ++i) out.c[i] = mont_reduce(acc.c[i]);
}

void to_mont(Poly& p) {
  constexpr int16_t kTwist = twist(kMont2);
  for (int16_t& c : p.c) c = mont_mul(c, kMont2, kTwist);
}

void poly_add(Poly& a, const Poly& b) {
  for (int i = 0; i < kN; ++i) a.c[i] = static_cast<int16_t>(a.c[i] + b.c[i]);
}

void poly_sub(Poly& a, const Poly& b) {
  for (int i = 0; i < kN; ++i) a.c[i] = static_cast<int16_t>(a.c[i] - b.c[i]);
}

void poly_canonical(Poly& p) {
  for (int16_t& c : p.c) c = to_unsigned(barrett_reduce(c));
}

}  // namespace tlskit::crypto::mlkem
