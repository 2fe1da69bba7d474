// Constexpr registries of the cipher suites and groups tlskit implements.
#pragma once
#include <array>
#include <cstdint>
#include <optional>

#include "crypto/provider.h"
#include "wire/types.h"

namespace tlskit::crypto {

// Which certificate key a TLS 1.2 suite authenticates with (TLS 1.3 suites: any).
enum class SuiteAuth : uint8_t { any, ecdsa, rsa };

// Everything the protocol needs to know about a cipher suite.
struct SuiteInfo {
  CipherSuite suite;
  ProtocolVersion version;  // tls1_3 or tls1_2
  AeadAlg aead;
  HashAlg hash;             // transcript/HKDF hash (1.3) or PRF hash (1.2)
  SuiteAuth auth;
  // TLS 1.2 AEAD nonce construction: true = RFC 7905 (ChaCha20, XOR with sequence),
  // false = RFC 5288 (4-byte implicit salt + 8-byte explicit nonce on the wire).
  bool tls12_xor_nonce;
};

// All suites we implement, in our default preference order within each version.
inline constexpr std::array<SuiteInfo, 11> kSuites = {{
    {CipherSuite::TLS_AES_128_GCM_SHA256, ProtocolVersion::tls1_3, AeadAlg::aes_128_gcm, HashAlg::sha256, SuiteAuth::any, false},
    {CipherSuite::TLS_AES_256_GCM_SHA384, ProtocolVersion::tls1_3, AeadAlg::aes_256_gcm, HashAlg::sha384, SuiteAuth::any, false},
    {CipherSuite::TLS_CHACHA20_POLY1305_SHA256, ProtocolVersion::tls1_3, AeadAlg::chacha20_poly1305, HashAlg::sha256, SuiteAuth::any, false},
    {CipherSuite::TLS_AES_128_CCM_SHA256, ProtocolVersion::tls1_3, AeadAlg::aes_128_ccm, HashAlg::sha256, SuiteAuth::any, false},
    {CipherSuite::TLS_AES_128_CCM_8_SHA256, ProtocolVersion::tls1_3, AeadAlg::aes_128_ccm_8, HashAlg::sha256, SuiteAuth::any, false},
    {CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, ProtocolVersion::tls1_2, AeadAlg::aes_128_gcm, HashAlg::sha256, SuiteAuth::ecdsa, false},
    {CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, ProtocolVersion::tls1_2, AeadAlg::aes_256_gcm, HashAlg::sha384, SuiteAuth::ecdsa, false},
    {CipherSuite::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, ProtocolVersion::tls1_2, AeadAlg::chacha20_poly1305, HashAlg::sha256, SuiteAuth::ecdsa, true},
    {CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, ProtocolVersion::tls1_2, AeadAlg::aes_128_gcm, HashAlg::sha256, SuiteAuth::rsa, false},
    {CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, ProtocolVersion::tls1_2, AeadAlg::aes_256_gcm, HashAlg::sha384, SuiteAuth::rsa, false},
    {CipherSuite::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, ProtocolVersion::tls1_2, AeadAlg::chacha20_poly1305, HashAlg::sha256, SuiteAuth::rsa, true},
}};

// Looks up a suite; nullptr when we do not implement it.
constexpr const SuiteInfo* find_suite(CipherSuite s) {
  for (const auto& i : kSuites)
    if (i.suite == s) return &i;
  return nullptr;
}

// Groups we implement, in default preference order (first = the share a client sends first).
inline constexpr std::array<NamedGroup, 3> kDefaultGroups = {
    NamedGroup::x25519, NamedGroup::secp256r1, NamedGroup::secp384r1};

// Size of a group's client share in bytes (X25519 32; P-256 65; P-384 97), 0 if unknown.
constexpr size_t group_client_share_size(NamedGroup g) {
  switch (g) {
    case NamedGroup::x25519: return 32;
    case NamedGroup::secp256r1: return 65;
    case NamedGroup::secp384r1: return 97;
    case NamedGroup::secp521r1: return 133;
    case NamedGroup::X25519MLKEM768: return 1184 + 32;
    default: return 0;
  }
}

// Bits of security-relevant size for "Server Temp Key: X25519, 253 bits" style output.
constexpr int group_bits(NamedGroup g) {
  switch (g) {
    case NamedGroup::x25519: return 253;
    case NamedGroup::secp256r1: return 256;
    case NamedGroup::secp384r1: return 384;
    case NamedGroup::secp521r1: return 521;
    default: return 0;
  }
}

}  // namespace tlskit::crypto
