// Names of wire enumerations (IANA registries; OpenSSL cipher names for the inspector).
#include "wire/types.h"

#include <cstdio>
#include <string>

namespace tlskit {
namespace {

std::string hex4(uint16_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%04X", v);
  return buf;
}

std::string hex2(uint8_t v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", v);
  return buf;
}

std::string grease_name(uint16_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "GREASE(0x%04x)", v);
  return buf;
}

// Renders an unknown 16-bit value: GREASE(0x0a0a) for GREASE, 0x%04X otherwise.
std::string unknown16(uint16_t v) { return is_grease(v) ? grease_name(v) : hex4(v); }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

struct SuiteName {
  uint16_t value;
  const char* iana;
  const char* openssl;  // nullptr: same as IANA (TLS 1.3, signalling values)
};

// Known suites: the ones we implement plus common ones a peer may offer or choose, so the
// inspector can name them ("server chose TLS_RSA_WITH_AES_128_CBC_SHA").
constexpr SuiteName kSuites[] = {
    {0x1301, "TLS_AES_128_GCM_SHA256", nullptr},
    {0x1302, "TLS_AES_256_GCM_SHA384", nullptr},
    {0x1303, "TLS_CHACHA20_POLY1305_SHA256", nullptr},
    {0x1304, "TLS_AES_128_CCM_SHA256", nullptr},
    {0x1305, "TLS_AES_128_CCM_8_SHA256", nullptr},
    {0xC02B, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256"},
    {0xC02C, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "ECDHE-ECDSA-AES256-GCM-SHA384"},
    {0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256"},
    {0xC030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384"},
    {0xCCA8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-RSA-CHACHA20-POLY1305"},
    {0xCCA9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305"},
    {0xCCAA, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "DHE-RSA-CHACHA20-POLY1305"},
    {0x00FF, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV", nullptr},
    {0x5600, "TLS_FALLBACK_SCSV", nullptr},
    {0x0000, "TLS_NULL_WITH_NULL_NULL", nullptr},
    {0x0004, "TLS_RSA_WITH_RC4_128_MD5", "RC4-MD5"},
    {0x0005, "TLS_RSA_WITH_RC4_128_SHA", "RC4-SHA"},
    {0x000A, "TLS_RSA_WITH_3DES_EDE_CBC_SHA", "DES-CBC3-SHA"},
    {0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA", "AES128-SHA"},
    {0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", "DHE-RSA-AES128-SHA"},
    {0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA", "AES256-SHA"},
    {0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", "DHE-RSA-AES256-SHA"},
    {0x003C, "TLS_RSA_WITH_AES_128_CBC_SHA256", "AES128-SHA256"},
    {0x003D, "TLS_RSA_WITH_AES_256_CBC_SHA256", "AES256-SHA256"},
    {0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", "DHE-RSA-AES128-SHA256"},
    {0x006B, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", "DHE-RSA-AES256-SHA256"},
    {0x009C, "TLS_RSA_WITH_AES_128_GCM_SHA256", "AES128-GCM-SHA256"},
    {0x009D, "TLS_RSA_WITH_AES_256_GCM_SHA384", "AES256-GCM-SHA384"},
    {0x009E, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "DHE-RSA-AES128-GCM-SHA256"},
    {0x009F, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "DHE-RSA-AES256-GCM-SHA384"},
    {0xC009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "ECDHE-ECDSA-AES128-SHA"},
    {0xC00A, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "ECDHE-ECDSA-AES256-SHA"},
    {0xC012, "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", "ECDHE-RSA-DES-CBC3-SHA"},
    {0xC013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "ECDHE-RSA-AES128-SHA"},
    {0xC014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "ECDHE-RSA-AES256-SHA"},
    {0xC023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "ECDHE-ECDSA-AES128-SHA256"},
    {0xC024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", "ECDHE-ECDSA-AES256-SHA384"},
    {0xC027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "ECDHE-RSA-AES128-SHA256"},
    {0xC028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", "ECDHE-RSA-AES256-SHA384"},
    {0xC0AC, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM", "ECDHE-ECDSA-AES128-CCM"},
    {0xC0AD, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM", "ECDHE-ECDSA-AES256-CCM"},
    {0xC0AE, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", "ECDHE-ECDSA-AES128-CCM8"},
    {0xC0AF, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8", "ECDHE-ECDSA-AES256-CCM8"},
};

const SuiteName* find_suite(uint16_t v) {
  for (const auto& s : kSuites)
    if (s.value == v) return &s;
  return nullptr;
}

struct GroupName {
  uint16_t value;
  const char* name;
};

constexpr GroupName kGroups[] = {
    {0x0017, "secp256r1"},
    {0x0018, "secp384r1"},
    {0x0019, "secp521r1"},
    {0x001D, "x25519"},
    {0x001E, "x448"},
    {0x11EC, "X25519MLKEM768"},
    {0x11EB, "SecP256r1MLKEM768"},
    {0x11ED, "SecP384r1MLKEM1024"},
    {0x001A, "brainpoolP256r1"},
    {0x001B, "brainpoolP384r1"},
    {0x001C, "brainpoolP512r1"},
    {0x0100, "ffdhe2048"},
    {0x0101, "ffdhe3072"},
    {0x0102, "ffdhe4096"},
    {0x0103, "ffdhe6144"},
    {0x0104, "ffdhe8192"},
    {0x6399, "X25519Kyber768Draft00"},
    {0x0200, "MLKEM512"},
    {0x0201, "MLKEM768"},
    {0x0202, "MLKEM1024"},
};

struct SchemeName {
  uint16_t value;
  const char* name;
};

constexpr SchemeName kSchemes[] = {
    {0x0201, "rsa_pkcs1_sha1"},
    {0x0203, "ecdsa_sha1"},
    {0x0401, "rsa_pkcs1_sha256"},
    {0x0501, "rsa_pkcs1_sha384"},
    {0x0601, "rsa_pkcs1_sha512"},
    {0x0403, "ecdsa_secp256r1_sha256"},
    {0x0503, "ecdsa_secp384r1_sha384"},
    {0x0603, "ecdsa_secp521r1_sha512"},
    {0x0804, "rsa_pss_rsae_sha256"},
    {0x0805, "rsa_pss_rsae_sha384"},
    {0x0806, "rsa_pss_rsae_sha512"},
    {0x0807, "ed25519"},
    {0x0808, "ed448"},
    {0x0809, "rsa_pss_pss_sha256"},
    {0x080A, "rsa_pss_pss_sha384"},
    {0x080B, "rsa_pss_pss_sha512"},
    {0x081A, "ecdsa_brainpoolP256r1tls13_sha256"},
    {0x081B, "ecdsa_brainpoolP384r1tls13_sha384"},
    {0x081C, "ecdsa_brainpoolP512r1tls13_sha512"},
    {0x0904, "mldsa44"},
    {0x0905, "mldsa65"},
    {0x0906, "mldsa87"},
    {0x0202, "dsa_sha1"},
    {0x0301, "rsa_sha224"},
    {0x0303, "ecdsa_sha224"},
    {0x0402, "dsa_sha256"},
};

struct ExtName {
  uint16_t value;
  const char* name;
};

constexpr ExtName kExtensions[] = {
    {0, "server_name"},
    {1, "max_fragment_length"},
    {2, "client_certificate_url"},
    {3, "trusted_ca_keys"},
    {4, "truncated_hmac"},
    {5, "status_request"},
    {6, "user_mapping"},
    {7, "client_authz"},
    {8, "server_authz"},
    {9, "cert_type"},
    {10, "supported_groups"},
    {11, "ec_point_formats"},
    {12, "srp"},
    {13, "signature_algorithms"},
    {14, "use_srtp"},
    {15, "heartbeat"},
    {16, "application_layer_protocol_negotiation"},
    {17, "status_request_v2"},
    {18, "signed_certificate_timestamp"},
    {19, "client_certificate_type"},
    {20, "server_certificate_type"},
    {21, "padding"},
    {22, "encrypt_then_mac"},
    {23, "extended_master_secret"},
    {24, "token_binding"},
    {25, "cached_info"},
    {26, "tls_lts"},
    {27, "compress_certificate"},
    {28, "record_size_limit"},
    {29, "pwd_protect"},
    {30, "pwd_clear"},
    {31, "password_salt"},
    {32, "ticket_pinning"},
    {33, "tls_cert_with_extern_psk"},
    {34, "delegated_credential"},
    {35, "session_ticket"},
    {41, "pre_shared_key"},
    {42, "early_data"},
    {43, "supported_versions"},
    {44, "cookie"},
    {45, "psk_key_exchange_modes"},
    {47, "certificate_authorities"},
    {48, "oid_filters"},
    {49, "post_handshake_auth"},
    {50, "signature_algorithms_cert"},
    {51, "key_share"},
    {52, "transparency_info"},
    {54, "connection_id"},
    {57, "quic_transport_parameters"},
    {58, "ticket_request"},
    {59, "dnssec_chain"},
    {13172, "next_protocol_negotiation"},
    {17513, "application_settings"},
    {0xFE0D, "encrypted_client_hello"},
    {0xFF01, "renegotiation_info"},
};

}  // namespace

std::string content_type_name(ContentType t) {
  switch (t) {
    case ContentType::invalid:
      return "invalid";
    case ContentType::change_cipher_spec:
      return "change_cipher_spec";
    case ContentType::alert:
      return "alert";
    case ContentType::handshake:
      return "handshake";
    case ContentType::application_data:
      return "application_data";
  }
  if (static_cast<uint8_t>(t) == 24) return "heartbeat";
  return hex2(static_cast<uint8_t>(t));
}

std::string handshake_type_name(HandshakeType t) {
  switch (t) {
    case HandshakeType::hello_request:
      return "hello_request";
    case HandshakeType::client_hello:
      return "client_hello";
    case HandshakeType::server_hello:
      return "server_hello";
    case HandshakeType::new_session_ticket:
      return "new_session_ticket";
    case HandshakeType::end_of_early_data:
      return "end_of_early_data";
    case HandshakeType::encrypted_extensions:
      return "encrypted_extensions";
    case HandshakeType::certificate:
      return "certificate";
    case HandshakeType::server_key_exchange:
      return "server_key_exchange";
    case HandshakeType::certificate_request:
      return "certificate_request";
    case HandshakeType::server_hello_done:
      return "server_hello_done";
    case HandshakeType::certificate_verify:
      return "certificate_verify";
    case HandshakeType::client_key_exchange:
      return "client_key_exchange";
    case HandshakeType::finished:
      return "finished";
    case HandshakeType::certificate_status:
      return "certificate_status";
    case HandshakeType::key_update:
      return "key_update";
    case HandshakeType::message_hash:
      return "message_hash";
  }
  switch (static_cast<uint8_t>(t)) {
    case 3:
      return "hello_verify_request";
    case 6:
      return "hello_retry_request";
    case 21:
      return "certificate_url";
    case 23:
      return "supplemental_data";
    case 25:
      return "compressed_certificate";
    case 67:
      return "next_protocol";
    default:
      return hex2(static_cast<uint8_t>(t));
  }
}

std::string version_name(ProtocolVersion v) {
  switch (v) {
    case ProtocolVersion::ssl3:
      return "SSLv3";
    case ProtocolVersion::tls1_0:
      return "TLSv1";
    case ProtocolVersion::tls1_1:
      return "TLSv1.1";
    case ProtocolVersion::tls1_2:
      return "TLSv1.2";
    case ProtocolVersion::tls1_3:
      return "TLSv1.3";
  }
  return unknown16(static_cast<uint16_t>(v));
}

std::string cipher_suite_name(CipherSuite s) {
  auto v = static_cast<uint16_t>(s);
  if (const SuiteName* n = find_suite(v)) return n->iana;
  return unknown16(v);
}

std::string cipher_suite_openssl_name(CipherSuite s) {
  auto v = static_cast<uint16_t>(s);
  if (const SuiteName* n = find_suite(v)) return n->openssl ? n->openssl : n->iana;
  return unknown16(v);
}

std::string group_name(NamedGroup g) {
  auto v = static_cast<uint16_t>(g);
  for (const auto& n : kGroups)
    if (n.value == v) return n.name;
  return unknown16(v);
}

std::string signature_scheme_name(SignatureScheme s) {
  auto v = static_cast<uint16_t>(s);
  for (const auto& n : kSchemes)
    if (n.value == v) return n.name;
  return unknown16(v);
}

std::string extension_name(ExtensionType e) {
  auto v = static_cast<uint16_t>(e);
  for (const auto& n : kExtensions)
    if (n.value == v) return n.name;
  return unknown16(v);
}

std::optional<CipherSuite> cipher_suite_from_name(std::string_view name) {
  for (const auto& s : kSuites) {
    if (name == s.iana || (s.openssl && name == s.openssl))
      return static_cast<CipherSuite>(s.value);
  }
  return std::nullopt;
}

std::optional<NamedGroup> group_from_name(std::string_view name) {
  struct Alias {
    const char* name;
    NamedGroup group;
  };
  static constexpr Alias kAliases[] = {
      {"P-256", NamedGroup::secp256r1},
      {"prime256v1", NamedGroup::secp256r1},
      {"P-384", NamedGroup::secp384r1},
      {"P-521", NamedGroup::secp521r1},
  };
  for (const auto& a : kAliases)
    if (iequals(name, a.name)) return a.group;
  for (const auto& g : kGroups)
    if (iequals(name, g.name)) return static_cast<NamedGroup>(g.value);
  return std::nullopt;
}

std::optional<SignatureScheme> signature_scheme_from_name(std::string_view name) {
  for (const auto& s : kSchemes)
    if (name == s.name) return static_cast<SignatureScheme>(s.value);
  return std::nullopt;
}

}  // namespace tlskit
