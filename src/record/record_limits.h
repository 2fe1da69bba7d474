// Named size limits of the TLS record layer (RFC 8446 §5, RFC 5246 §6.2).
#pragma once
#include <cstddef>
#include <cstdint>

namespace tlskit::record {

// ContentType(1) + legacy_record_version(2) + length(2) (RFC 8446 §5.1).
inline constexpr size_t kRecordHeaderSize = 5;
// Largest plaintext fragment: 2^14 bytes (RFC 8446 §5.1, RFC 5246 §6.2.1).
inline constexpr size_t kMaxPlaintext = 16384;
// Largest TLSInnerPlaintext (content + type byte + padding): 2^14 + 1 (RFC 8446 §5.4).
inline constexpr size_t kMaxInnerPlaintext13 = kMaxPlaintext + 1;
// Largest TLSCiphertext.length in TLS 1.3: 2^14 + 256 (RFC 8446 §5.2).
inline constexpr size_t kMaxCiphertext13 = kMaxPlaintext + 256;
// Largest TLSCiphertext.length in TLS 1.2: 2^14 + 2048 (RFC 5246 §6.2.3).
inline constexpr size_t kMaxCiphertext12 = kMaxPlaintext + 2048;
// Explicit nonce carried on the wire by TLS 1.2 AES-GCM/CCM records (RFC 5288 §3).
inline constexpr size_t kExplicitNonceSize12 = 8;
// Implicit salt from the key block for TLS 1.2 AES-GCM (RFC 5288 §3: client/server_write_IV).
inline constexpr size_t kImplicitSaltSize12 = 4;
// The per-record nonce size of every TLS AEAD.
inline constexpr size_t kRecordNonceSize = 12;
// Largest record we may have to buffer: header + the larger ciphertext limit.
inline constexpr size_t kMaxRecordSize = kRecordHeaderSize + kMaxCiphertext12;
// Empty application_data records in a row we accept before assuming a flood (as BoringSSL).
inline constexpr uint32_t kMaxConsecutiveEmptyRecords = 32;
// Legacy record version of a TLS 1.2 record and of every protected TLS 1.3 record.
inline constexpr uint16_t kRecordVersion12 = 0x0303;
// Legacy record version a client may use for its first ClientHello (RFC 8446 §5.1).
inline constexpr uint16_t kRecordVersion10 = 0x0301;

}  // namespace tlskit::record
