// K-PKE, the component public-key encryption scheme of ML-KEM (FIPS 203 §5), for k = 3.
#pragma once
#include <cstdint>

#include "crypto/mlkem/params.h"

namespace tlskit::crypto::mlkem {

// K-PKE.KeyGen(d) (Algorithm 13): ek = ByteEncode_12(t-hat) || rho, dk = ByteEncode_12(s-hat).
void pke_keygen(const uint8_t d[32], uint8_t ek[kPkeEkBytes], uint8_t dk[kPkeDkBytes]);

// K-PKE.Encrypt(ek, m, r) (Algorithm 14) into ct (1088 bytes).
void pke_encrypt(const uint8_t ek[kPkeEkBytes], const uint8_t m[32], const uint8_t r[32], uint8_t ct[kCtBytes]);

// K-PKE.Decrypt(dk, c) (Algorithm 15) into m (32 bytes).
void pke_decrypt(const uint8_t dk[kPkeDkBytes], const uint8_t ct[kCtBytes], uint8_t m[32]);

}  // namespace tlskit::crypto::mlkem
