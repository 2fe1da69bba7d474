// Sampling (FIPS 203 §4.2.2): SampleNTT (Algorithm 7) for the public matrix A-hat and
// SamplePolyCBD_eta (Algorithm 8) with PRF_eta (§4.1, equation 4.3) for the secret vectors.
#pragma once
#include <cstdint>

#include "crypto/mlkem/poly.h"

namespace tlskit::crypto::mlkem {

// SampleNTT(rho || x || y) (Algorithm 7): coefficients in [0, q). Rejection sampling on public
// data only (rho is public), so its running time may vary.
void sample_ntt(const uint8_t rho[32], uint8_t x, uint8_t y, Poly& out);

// The matrix of K-PKE (Algorithm 13 lines 3-7, Algorithm 14 lines 4-8):
// a[i][j] = SampleNTT(rho || j || i), or its transpose a[i][j] = SampleNTT(rho || i || j).
void expand_matrix(const uint8_t rho[32], bool transposed, Poly a[kK][kK]);

// SamplePolyCBD_2 (Algorithm 8, eta = 2) of 128 bytes: coefficients in [-2, 2]. Constant time.
void sample_cbd2(const uint8_t in[128], Poly& out);

// SamplePolyCBD_2(PRF_2(sigma, n)) with PRF_2(s, b) = SHAKE256(s || b, 128 bytes) (eq. 4.3).
// Wipes its intermediate bytes.
void sample_noise(const uint8_t sigma[32], uint8_t n, Poly& out);

// Four sample_noise calls (nonces n0..n0+3) at once, into out[0..3]; a null out[t] is skipped.
void sample_noise_x4(const uint8_t sigma[32], uint8_t n0, Poly* const out[4]);

}  // namespace tlskit::crypto::mlkem
