// The TLS 1.2 PRF (RFC 5246 §5) and what is built from it: the extended master secret
// (RFC 7627), the key block for AEAD suites (RFC 5246 §6.3, RFC 5288, RFC 7905) and Finished
// verify_data (RFC 5246 §7.4.9).
#pragma once
#include <array>
#include <cstddef>
#include <string_view>

#include "base/bytes.h"
#include "base/result.h"
#include "crypto/provider.h"
#include "handshake/finished.h"

namespace tlskit::handshake {

// Sizes in TLS 1.2.
inline constexpr size_t kMasterSecretSize12 = 48;
inline constexpr size_t kRandomSize = 32;
inline constexpr size_t kVerifyDataSize12 = 12;

// PRF(secret, label, seed) = P_<hash>(secret, label + seed) (RFC 5246 §5), filling out.
// h is SHA-256 or SHA-384 (the suite's PRF hash). Errors: internal_error (out over 64 KiB).
Result<void> prf_tls12(const crypto::Provider& p, crypto::HashAlg h, ByteView secret,
                       std::string_view label, ByteView seed, MutableByteView out);

// master_secret = PRF(pre_master_secret, "extended master secret", session_hash)[0..47]
// (RFC 7627 §4); session_hash = Hash(handshake messages through ClientKeyExchange).
Result<SecretBytes> extended_master_secret(const crypto::Provider& p, crypto::HashAlg h,
                                           ByteView pre_master_secret, ByteView session_hash);

// The legacy master_secret = PRF(pms, "master secret", client_random + server_random)[0..47]
// (RFC 5246 §8.1). tlskit requires EMS; this exists for tests and diagnostics only.
Result<SecretBytes> legacy_master_secret(const crypto::Provider& p, crypto::HashAlg h,
                                         ByteView pre_master_secret, ByteView client_random,
                                         ByteView server_random);

// The parts of the key block an AEAD suite uses (no MAC keys).
struct KeyBlock12 {
  SecretBytes client_write_key;
  SecretBytes server_write_key;
  SecretBytes
      client_write_iv;  // 4-byte salt (AES-GCM/CCM, RFC 5288) or 12-byte IV (ChaCha20, RFC 7905)
  SecretBytes server_write_iv;
};

// key_block = PRF(master_secret, "key expansion", server_random + client_random), split as
// client_write_key, server_write_key, client_write_IV, server_write_IV (RFC 5246 §6.3).
// xor_nonce: RFC 7905 12-byte IVs instead of RFC 5288 4-byte salts.
Result<KeyBlock12> key_block_tls12(const crypto::Provider& p, crypto::HashAlg h,
                                   crypto::AeadAlg aead, bool xor_nonce, ByteView master_secret,
                                   ByteView client_random, ByteView server_random);

// verify_data = PRF(master_secret, "client finished" | "server finished", handshake_hash)[0..11]
// (RFC 5246 §7.4.9).
Result<std::array<uint8_t, kVerifyDataSize12>> finished_verify_data_tls12(const crypto::Provider& p,
                                                                          crypto::HashAlg h,
                                                                          ByteView master_secret,
                                                                          bool from_client,
                                                                          ByteView handshake_hash);

// Recomputes verify_data and compares it in constant time with received.
// Errors: bad_finished (alert decrypt_error, RFC 5246 §7.4.9).
// Success yields the proof the Connected states require.
Result<FinishedVerified> check_finished_tls12(const crypto::Provider& p, crypto::HashAlg h,
                                              ByteView master_secret, bool from_client,
                                              ByteView handshake_hash, ByteView received);

}  // namespace tlskit::handshake
