// Traffic key and IV derivation (RFC 8446 §7.3) and construction of record protection keys
// for TLS 1.3 and TLS 1.2 (RFC 5288, RFC 7905).
#pragma once
#include <cstddef>

#include "base/bytes.h"
#include "base/result.h"
#include "crypto/provider.h"
#include "record/record_protection.h"

namespace tlskit::handshake {

// A write key and IV derived from a traffic secret.
struct TrafficKeys {
  SecretBytes key;  // aead_key_size(aead) bytes
  SecretBytes iv;   // 12 bytes (iv_length, RFC 8446 §5.3)
};

// [sender]_write_key = HKDF-Expand-Label(Secret, "key", "", key_length);
// [sender]_write_iv  = HKDF-Expand-Label(Secret, "iv", "", iv_length)  (RFC 8446 §7.3).
// Errors: crypto_failure.
Result<TrafficKeys> derive_traffic_keys(const crypto::Provider& p, crypto::HashAlg h,
                                        crypto::AeadAlg aead, ByteView traffic_secret);

// Derives key + iv from a TLS 1.3 traffic secret and builds the record protection state
// (NonceMode::tls13) ready for RecordDecoder/RecordEncoder::set_protection.
// Errors: crypto_failure (provider refused the key), internal_error.
Result<record::ProtectionKeys> tls13_protection(const crypto::Provider& p, crypto::HashAlg h,
                                                crypto::AeadAlg aead, ByteView traffic_secret);

// Builds TLS 1.2 record protection from one direction of the key block: write_key and
// write_iv (4-byte salt for AES-GCM/CCM, RFC 5288; 12-byte IV for ChaCha20, RFC 7905).
// xor_nonce selects RFC 7905 (SuiteInfo::tls12_xor_nonce). Errors: internal_error (sizes),
// crypto_failure.
Result<record::ProtectionKeys> tls12_protection(const crypto::Provider& p, crypto::AeadAlg aead,
                                                bool xor_nonce, ByteView write_key,
                                                ByteView write_iv);

}  // namespace tlskit::handshake
