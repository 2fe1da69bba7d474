// ML-KEM-768 (FIPS 203): deterministic key generation from a seed, the input checks of §7.2 and
// §7.3, encapsulation and decapsulation with implicit rejection. The caller supplies the random
// d, z (seed) and m. Constant time in all secret data; secrets are wiped after use.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>

#include "base/bytes.h"

namespace tlskit::crypto::mlkem768 {

inline constexpr size_t kEncapsulationKeySize = 1184;
inline constexpr size_t kDecapsulationKeySize = 2400;
inline constexpr size_t kCiphertextSize = 1088;
inline constexpr size_t kSharedSecretSize = 32;
inline constexpr size_t kSeedSize = 64;        // d || z
inline constexpr size_t kMessageSize = 32;     // m for Encaps_internal

// ML-KEM.KeyGen_internal(d, z) (FIPS 203 Algorithm 16); seed = d || z.
void keygen_from_seed(std::span<const uint8_t, kSeedSize> seed,
                      std::span<uint8_t, kEncapsulationKeySize> ek,
                      std::span<uint8_t, kDecapsulationKeySize> dk);
// FIPS 203 §7.2 input checks on an encapsulation key: length (type check) and modulus check
// (ByteEncode12(ByteDecode12(ek)) == ek for the 3 polynomials).
bool check_encapsulation_key(ByteView ek);
// FIPS 203 §7.3 input checks on a decapsulation key: length and hash check (H(ek part) == h part).
bool check_decapsulation_key(ByteView dk);
// FIPS 203 §7.3 ciphertext type check: exactly kCiphertextSize bytes.
inline bool check_ciphertext(ByteView ct) { return ct.size() == kCiphertextSize; }
// ML-KEM.Encaps_internal(ek, m) (Algorithm 17). Precondition: check_encapsulation_key(ek).
void encapsulate(std::span<const uint8_t, kEncapsulationKeySize> ek,
                 std::span<const uint8_t, kMessageSize> m,
                 std::span<uint8_t, kCiphertextSize> ct,
                 std::span<uint8_t, kSharedSecretSize> shared_secret);
// ML-KEM.Decaps_internal(dk, c) (Algorithm 18) with implicit rejection.
// Precondition: check_decapsulation_key(dk); ct is exactly kCiphertextSize bytes.
void decapsulate(std::span<const uint8_t, kDecapsulationKeySize> dk,
                 std::span<const uint8_t, kCiphertextSize> ct,
                 std::span<uint8_t, kSharedSecretSize> shared_secret);

}  // namespace tlskit::crypto::mlkem768
