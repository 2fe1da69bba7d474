// K-PKE (FIPS 203 §5, Algorithms 13-15). The matrix A-hat is sampled once per call; products in
// the NTT domain accumulate in int32_t and are reduced once per coefficient. Every buffer that
// holds secret data lives in a Work struct wiped with secure_zero before returning.
#include "crypto/mlkem/kpke.h"

#include <cstring>

#include "base/bytes.h"
#include "crypto/mlkem/encode.h"
#include "crypto/mlkem/keccak.h"
#include "crypto/mlkem/poly.h"
#include "crypto/mlkem/sampling.h"

namespace tlskit::crypto::mlkem {

void pke_keygen(const uint8_t d[32], uint8_t ek[kPkeEkBytes], uint8_t dk[kPkeDkBytes]) {
  struct Work {
    uint8_t rho_sigma[64];
    Poly s[kK];  // s, then s-hat
    Poly e[kK];  // e, then e-hat
    PolyMulCache s_cache[kK];
    PolyAcc acc;
    Poly t;
  } w;
  Poly a[kK][kK];  // public
  // Line 1: (rho, sigma) <- G(d || k).
  const uint8_t k_byte = kK;
  sha3_512({d, 32}, {&k_byte, 1}, std::span<uint8_t, 64>(w.rho_sigma, 64));
  const uint8_t* rho = w.rho_sigma;
  const uint8_t* sigma = w.rho_sigma + 32;
  // Lines 3-7: A-hat[i][j] <- SampleNTT(rho || j || i).
  expand_matrix(rho, /*transposed=*/false, a);
  // Lines 8-15: s[i] from nonces 0..k-1, e[i] from nonces k..2k-1 (SamplePolyCBD_eta1(PRF)).
  Poly* batch1[4] = {&w.s[0], &w.s[1], &w.s[2], &w.e[0]};
  Poly* batch2[4] = {&w.e[1], &w.e[2], nullptr, nullptr};
  sample_noise_x4(sigma, 0, batch1);
  sample_noise_x4(sigma, 4, batch2);
  // Lines 16-17: s-hat <- NTT(s), e-hat <- NTT(e).
  for (int i = 0; i < kK; ++i) {
    ntt(w.s[i]);
    ntt(w.e[i]);
    make_mul_cache(w.s[i], w.s_cache[i]);
  }
  // Line 18: t-hat <- A-hat o s-hat + e-hat; line 19: ek <- ByteEncode_12(t-hat) || rho.
  for (int i = 0; i < kK; ++i) {
    basemul_set(w.acc, a[i][0], w.s[0], w.s_cache[0]);
    for (int j = 1; j < kK; ++j) basemul_add(w.acc, a[i][j], w.s[j], w.s_cache[j]);
    reduce_acc(w.acc, w.t);
    to_mont(w.t);  // cancel the 2^-16 of the Montgomery reduction
    poly_add(w.t, w.e[i]);
    poly_canonical(w.t);
    encode12(w.t, ek + i * kPolyBytes);
  }
  std::memcpy(ek + kPolyVecBytes, rho, 32);
  // Line 20: dk <- ByteEncode_12(s-hat).
  for (int i = 0; i < kK; ++i) {
    poly_canonical(w.s[i]);
    encode12(w.s[i], dk + i * kPolyBytes);
  }
  secure_zero(&w, sizeof w);
}

void pke_encrypt(const uint8_t ek[kPkeEkBytes], const uint8_t m[32], const uint8_t r[32], uint8_t ct[kCtBytes]) {
  struct Work {
    Poly y[kK];   // y, then y-hat
    Poly e1[kK];
    Poly e2;
    PolyMulCache y_cache[kK];
    PolyAcc acc;
    Poly u;       // u[i], then v
    Poly mu;
  } w;
  Poly a[kK][kK];  // public: a[i][j] = A-hat[j][i]
  Poly t[kK];      // public
  // Lines 2-3: t-hat <- ByteDecode_12(ek[0 : 384k]), rho <- ek[384k : 384k + 32].
  for (int i = 0; i < kK; ++i) decode12(ek + i * kPolyBytes, t[i]);
  const uint8_t* rho = ek + kPolyVecBytes;
  // Lines 4-8: the transpose of A-hat.
  expand_matrix(rho, /*transposed=*/true, a);
  // Lines 9-17: y[i] (nonces 0..2), e1[i] (nonces 3..5), e2 (nonce 6).
  Poly* batch1[4] = {&w.y[0], &w.y[1], &w.y[2], &w.e1[0]};
  Poly* batch2[4] = {&w.e1[1], &w.e1[2], &w.e2, nullptr};
  sample_noise_x4(r, 0, batch1);
  sample_noise_x4(r, 4, batch2);
  // Line 18: y-hat <- NTT(y).
  for (int i = 0; i < kK; ++i) {
    ntt(w.y[i]);
    make_mul_cache(w.y[i], w.y_cache[i]);
  }
  // Line 19: u <- NTT^-1(A-hat^T o y-hat) + e1; line 22: c1 <- ByteEncode_du(Compress_du(u)).
  for (int i = 0; i < kK; ++i) {
    basemul_set(w.acc, a[i][0], w.y[0], w.y_cache[0]);
    for (int j = 1; j < kK; ++j) basemul_add(w.acc, a[i][j], w.y[j], w.y_cache[j]);
    reduce_acc(w.acc, w.u);
    inv_ntt(w.u);
    poly_add(w.u, w.e1[i]);
    poly_canonical(w.u);
    compress_du(w.u, ct + i * 32 * kDu);
  }
  // Line 20: mu <- Decompress_1(ByteDecode_1(m)).
  decompress_message(m, w.mu);
  // Line 21: v <- NTT^-1(t-hat^T o y-hat) + e2 + mu; line 23: c2 <- ByteEncode_dv(Compress_dv(v)).
  basemul_set(w.acc, t[0], w.y[0], w.y_cache[0]);
  for (int j = 1; j < kK; ++j) basemul_add(w.acc, t[j], w.y[j], w.y_cache[j]);
  reduce_acc(w.acc, w.u);
  inv_ntt(w.u);
  poly_add(w.u, w.e2);
  poly_add(w.u, w.mu);
  poly_canonical(w.u);
  compress_dv(w.u, ct + kC1Bytes);
  secure_zero(&w, sizeof w);
}

void pke_decrypt(const uint8_t dk[kPkeDkBytes], const uint8_t ct[kCtBytes], uint8_t m[32]) {
  struct Work {
    Poly s[kK];  // s-hat
    PolyAcc acc;
    Poly w;
  } w;
  Poly u[kK];  // public (from the ciphertext)
  PolyMulCache u_cache[kK];
  Poly v;
  // Lines 3-4: u' <- Decompress_du(ByteDecode_du(c1)), v' <- Decompress_dv(ByteDecode_dv(c2)).
  for (int i = 0; i < kK; ++i) {
    decompress_du(ct + i * 32 * kDu, u[i]);
    ntt(u[i]);  // for line 6
    make_mul_cache(u[i], u_cache[i]);
  }
  decompress_dv(ct + kC1Bytes, v);
  // Line 5: s-hat <- ByteDecode_12(dk).
  for (int i = 0; i < kK; ++i) decode12(dk + i * kPolyBytes, w.s[i]);
  // Line 6: w <- v' - NTT^-1(s-hat^T o NTT(u')).
  basemul_set(w.acc, w.s[0], u[0], u_cache[0]);
  for (int i = 1; i < kK; ++i) basemul_add(w.acc, w.s[i], u[i], u_cache[i]);
  reduce_acc(w.acc, w.w);
  inv_ntt(w.w);
  Poly& out = w.w;
  for (int i = 0; i < kN; ++i) out.c[i] = static_cast<int16_t>(v.c[i] - out.c[i]);
  poly_canonical(out);
  // Line 7: m <- ByteEncode_1(Compress_1(w)).
  compress_message(out, m);
  secure_zero(&w, sizeof w);
}

}  // namespace tlskit::crypto::mlkem
