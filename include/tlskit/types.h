/// @file
/// The protocol's code points the public API speaks in (versions, cipher suites, groups,
/// signature schemes, message types): any value is representable; known ones have names.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "tlskit/export.h"

namespace tlskit {

/// TLSPlaintext.type (RFC 8446 §5.1).
enum class ContentType : uint8_t {
  invalid = 0,
  change_cipher_spec = 20,
  alert = 21,
  handshake = 22,
  application_data = 23,
};

/// Handshake message types (RFC 8446 §4, RFC 5246 §7.4).
enum class HandshakeType : uint8_t {
  hello_request = 0,
  client_hello = 1,
  server_hello = 2,
  new_session_ticket = 4,
  end_of_early_data = 5,
  encrypted_extensions = 8,
  certificate = 11,
  server_key_exchange = 12,
  certificate_request = 13,
  server_hello_done = 14,
  certificate_verify = 15,
  client_key_exchange = 16,
  finished = 20,
  certificate_status = 22,
  key_update = 24,
  compressed_certificate = 25,  ///< RFC 8879 §4 (TLS 1.3 only)
  message_hash = 254,
};

/// ProtocolVersion values.
enum class ProtocolVersion : uint16_t {
  ssl3 = 0x0300,
  tls1_0 = 0x0301,
  tls1_1 = 0x0302,
  tls1_2 = 0x0303,
  tls1_3 = 0x0304,
};

/// Cipher suites we implement, plus any other value from the wire.
enum class CipherSuite : uint16_t {
  /// TLS 1.3 (RFC 8446 §B.4)
  TLS_AES_128_GCM_SHA256 = 0x1301,
  TLS_AES_256_GCM_SHA384 = 0x1302,
  TLS_CHACHA20_POLY1305_SHA256 = 0x1303,
  TLS_AES_128_CCM_SHA256 = 0x1304,
  TLS_AES_128_CCM_8_SHA256 = 0x1305,
  /// TLS 1.2 ECDHE AEAD (RFC 5289, RFC 7905)
  TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 = 0xC02B,
  TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 = 0xC02C,
  TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 = 0xC02F,
  TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 = 0xC030,
  TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 = 0xCCA8,
  TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 = 0xCCA9,
  /// Signalling values
  TLS_EMPTY_RENEGOTIATION_INFO_SCSV = 0x00FF,
  TLS_FALLBACK_SCSV = 0x5600,
};

/// Named groups (RFC 8446 §4.2.7, draft-ietf-tls-ecdhe-mlkem).
enum class NamedGroup : uint16_t {
  secp256r1 = 0x0017,
  secp384r1 = 0x0018,
  secp521r1 = 0x0019,
  x25519 = 0x001D,
  x448 = 0x001E,
  X25519MLKEM768 = 0x11EC,
};

/// Signature schemes (RFC 8446 §4.2.3).
enum class SignatureScheme : uint16_t {
  rsa_pkcs1_sha1 = 0x0201,
  ecdsa_sha1 = 0x0203,
  rsa_pkcs1_sha256 = 0x0401,
  rsa_pkcs1_sha384 = 0x0501,
  rsa_pkcs1_sha512 = 0x0601,
  ecdsa_secp256r1_sha256 = 0x0403,
  ecdsa_secp384r1_sha384 = 0x0503,
  ecdsa_secp521r1_sha512 = 0x0603,
  rsa_pss_rsae_sha256 = 0x0804,
  rsa_pss_rsae_sha384 = 0x0805,
  rsa_pss_rsae_sha512 = 0x0806,
  ed25519 = 0x0807,
  ed448 = 0x0808,
  rsa_pss_pss_sha256 = 0x0809,
  rsa_pss_pss_sha384 = 0x080A,
  rsa_pss_pss_sha512 = 0x080B,
};

/// Certificate compression algorithms (RFC 8879 §7.3 registry); any value is representable.
enum class CertCompressionAlgorithm : uint16_t {
  zlib = 1,    ///< RFC 1950
  brotli = 2,  ///< RFC 7932
  zstd = 3,    ///< RFC 8478
};

/// Names: IANA names for known values, "0x%04x" style text otherwise.
TLSKIT_API std::string content_type_name(ContentType t);  ///< "handshake", "application_data"
TLSKIT_API std::string handshake_type_name(HandshakeType t);  ///< "client_hello", "finished"
TLSKIT_API std::string version_name(ProtocolVersion v);        ///< "TLSv1.3" (OpenSSL style)
TLSKIT_API std::string cipher_suite_name(CipherSuite s);       ///< IANA: "TLS_AES_128_GCM_SHA256"
TLSKIT_API std::string group_name(NamedGroup g);               ///< "x25519", "secp256r1", "X25519MLKEM768"
TLSKIT_API std::string signature_scheme_name(SignatureScheme s);  ///< "ecdsa_secp256r1_sha256"
TLSKIT_API std::string cert_compression_name(CertCompressionAlgorithm a);  ///< "zlib", "brotli", "zstd"

/// Parses a cipher suite by IANA or OpenSSL name (case-sensitive as the registries spell them).
TLSKIT_API std::optional<CipherSuite> cipher_suite_from_name(std::string_view name);
/// Parses a group by name; accepts "X25519"/"x25519", "P-256"/"prime256v1"/"secp256r1", etc.
TLSKIT_API std::optional<NamedGroup> group_from_name(std::string_view name);
/// Parses a signature scheme by its RFC name.
TLSKIT_API std::optional<SignatureScheme> signature_scheme_from_name(std::string_view name);
/// Parses a certificate compression algorithm name: "zlib", "brotli" or "zstd".
TLSKIT_API std::optional<CertCompressionAlgorithm> cert_compression_from_name(std::string_view name);

}  // namespace tlskit
