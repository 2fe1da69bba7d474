// The IANA registry (iana_registry.cpp): any value of a wire enumeration is representable and
// known values have names. The enumerations the public API uses (versions, suites, groups,
// schemes, message types, alerts) and their name functions are declared in tlskit/types.h and
// tlskit/alert.h; extension types and the internal helpers are declared here.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tlskit/types.h"

namespace tlskit {

// Extension types (IANA TLS ExtensionType registry).
enum class ExtensionType : uint16_t {
  server_name = 0,
  max_fragment_length = 1,
  status_request = 5,
  supported_groups = 10,
  ec_point_formats = 11,
  signature_algorithms = 13,
  use_srtp = 14,
  heartbeat = 15,
  application_layer_protocol_negotiation = 16,
  signed_certificate_timestamp = 18,
  client_certificate_type = 19,
  server_certificate_type = 20,
  padding = 21,
  encrypt_then_mac = 22,
  extended_master_secret = 23,
  compress_certificate = 27,
  record_size_limit = 28,
  session_ticket = 35,
  pre_shared_key = 41,
  early_data = 42,
  supported_versions = 43,
  cookie = 44,
  psk_key_exchange_modes = 45,
  certificate_authorities = 47,
  oid_filters = 48,
  post_handshake_auth = 49,
  signature_algorithms_cert = 50,
  key_share = 51,
  renegotiation_info = 0xFF01,
};

// Names: IANA names for known values, "0x%04x" style text otherwise.
std::string version_id(ProtocolVersion v);          // "tls1_3", "ssl3": for ids (probe ids, JSON keys)
std::string cipher_suite_openssl_name(CipherSuite s);  // "ECDHE-ECDSA-AES128-GCM-SHA256"; TLS 1.3 = IANA
std::string extension_name(ExtensionType e);        // "key_share"

// Every value of the IANA TLS Cipher Suites registry this table names (legacy, export, PSK, SRP,
// GOST, ... and the signalling values), sorted by value: what the probe engine can offer.
std::vector<CipherSuite> registered_cipher_suites();
// True when the name table knows s (cipher_suite_name then returns an IANA name, not "0x....").
bool is_registered_cipher_suite(CipherSuite s);

// True for GREASE values (RFC 8701): 0x?A?A with both bytes equal.
inline bool is_grease(uint16_t v) { return (v & 0x0F0F) == 0x0A0A && (v >> 8) == (v & 0xFF); }

}  // namespace tlskit
