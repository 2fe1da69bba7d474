// X25519MLKEM768 (draft-ietf-tls-ecdhe-mlkem, code point 0x11EC): the hybrid post-quantum key
// exchange, composed from our ML-KEM-768 (src/crypto/mlkem/) and the provider's X25519.
// Provider-independent: any Provider that does X25519 can offer the hybrid through these.
#pragma once
#include <memory>

#include "base/bytes.h"
#include "base/result.h"
#include "base/rng.h"
#include "crypto/provider.h"

namespace tlskit::crypto::hybrid {

// Sizes of the hybrid's key_exchange fields (draft-ietf-tls-ecdhe-mlkem §3, post-quantum part
// first for X25519MLKEM768): client = ML-KEM-768 encapsulation key || X25519 public key;
// server = ML-KEM-768 ciphertext || X25519 public key; secret = ML-KEM secret || X25519 secret.
inline constexpr size_t kX25519Size = 32;
inline constexpr size_t kClientShareSize = 1184 + kX25519Size;   // 1216
inline constexpr size_t kServerShareSize = 1088 + kX25519Size;   // 1120
inline constexpr size_t kSharedSecretSize = 32 + 32;             // 64

// Client: a new ML-KEM-768 key pair (from a 64-byte seed drawn from rng) and an X25519 share
// from `classical`; the KeyShare's public_share() is the 1216-byte client share.
Result<std::unique_ptr<KeyShare>> x25519mlkem768_generate(const Provider& classical, Rng& rng);

// Server: validates the client's 1216-byte share (length, FIPS 203 §7.2 encapsulation key
// check, X25519 result not all zero: each illegal_parameter naming the part), encapsulates
// to the ML-KEM key and answers the X25519 share; returns the 1120-byte server share and the
// 64-byte shared secret.
Result<Encapsulation> x25519mlkem768_encapsulate(const Provider& classical, ByteView client_share,
                                                 Rng& rng);

}  // namespace tlskit::crypto::hybrid
