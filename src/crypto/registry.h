// Constexpr registries of the cipher suites and groups tlskit implements.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include "crypto/provider.h"
#include "base/iana_registry.h"

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
// The post-quantum hybrid comes first, as in Chrome, Firefox, Go and rustls; a client sends
// its classical partner's share too (automatic_key_share_count), so servers without it need no
// HelloRetryRequest.
inline constexpr std::array<NamedGroup, 4> kDefaultGroups = {
    NamedGroup::X25519MLKEM768, NamedGroup::x25519, NamedGroup::secp256r1, NamedGroup::secp384r1};

// True for the hybrid post-quantum groups (draft-ietf-tls-ecdhe-mlkem): TLS 1.3 only.
constexpr bool is_hybrid_group(NamedGroup g) { return g == NamedGroup::X25519MLKEM768; }

// True for groups usable for TLS 1.2 ECDHE (RFC 8422): elliptic curves we implement. Hybrids
// never are (draft-ietf-tls-ecdhe-mlkem §3: TLS 1.3 only).
constexpr bool is_tls12_group(NamedGroup g) {
  return g == NamedGroup::x25519 || g == NamedGroup::secp256r1 || g == NamedGroup::secp384r1 ||
         g == NamedGroup::secp521r1;
}

// How many key shares a client sends for groups (key_share_count 0 = automatic): two when
// the first group is a hybrid and a classical group follows (the hybrid and, as browsers do,
// the first classical group, for servers without post-quantum support), otherwise one.
constexpr size_t automatic_key_share_count(std::span<const NamedGroup> groups) {
  return groups.size() >= 2 && is_hybrid_group(groups[0]) && !is_hybrid_group(groups[1]) ? 2 : 1;
}

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

// Size of a group's server share in bytes: the client's for (EC)DH groups; the ML-KEM-768
// ciphertext and an X25519 key (1088 + 32) for X25519MLKEM768; 0 if unknown.
constexpr size_t group_server_share_size(NamedGroup g) {
  return g == NamedGroup::X25519MLKEM768 ? 1088 + 32 : group_client_share_size(g);
}

// Size of a group's shared secret in bytes (the (EC)DHE input of the key schedule).
constexpr size_t group_secret_size(NamedGroup g) {
  switch (g) {
    case NamedGroup::secp384r1: return 48;
    case NamedGroup::secp521r1: return 66;
    case NamedGroup::X25519MLKEM768: return 64;
    default: return 32;
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
