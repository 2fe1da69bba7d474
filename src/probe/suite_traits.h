// What a cipher suite is made of (key exchange, authentication, cipher, key bits, MAC, the
// versions it may be used in), derived from its IANA name in the one name table
// (base/iana_registry.h), so every registered suite has traits without a second table.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/iana_registry.h"

namespace tlskit::probe {

// Key exchange of a suite (TLS 1.3 suites: any, the group decides).
enum class KeyExchange : uint8_t {
  any_tls13,   // TLS 1.3: (EC)DHE or KEM by key_share
  null,        // TLS_NULL_WITH_NULL_NULL
  rsa,         // RSA key transport
  rsa_export,  // RSA with a temporary 512-bit key (ServerKeyExchange with RSA params)
  dh,          // static DH (DH_DSS, DH_RSA)
  dhe,         // ephemeral finite-field DH, signed
  dh_anon,     // ephemeral finite-field DH, unauthenticated
  ecdh,        // static ECDH (ECDH_ECDSA, ECDH_RSA)
  ecdhe,       // ephemeral ECDH, signed
  ecdh_anon,   // ephemeral ECDH, unauthenticated
  psk,         // plain PSK
  dhe_psk,     // DHE + PSK (unsigned DH params)
  rsa_psk,     // RSA + PSK
  ecdhe_psk,   // ECDHE + PSK (unsigned EC params)
  srp,         // SRP
  krb5,        // Kerberos
  eccpwd,      // ECCPWD (RFC 8492)
  gost,        // GOST R 34.10-2012
  signalling,  // SCSV values: not a suite
};

// How the server proves its identity.
enum class Authentication : uint8_t { any_tls13, none, rsa, dss, ecdsa, psk, srp, krb5, gost };

// The parts of one suite.
struct SuiteTraits {
  CipherSuite suite{};
  KeyExchange kex = KeyExchange::null;
  Authentication auth = Authentication::none;
  std::string cipher;  // IANA spelling: "AES_128_GCM", "3DES_EDE_CBC", "RC4_128", "NULL"
  std::string mac;     // "SHA", "SHA256", "SHA384", "MD5", or "" for AEAD suites without a PRF hash
  int bits = 0;        // effective symmetric key bits: 0 NULL, 40 export, 56 DES, 112 3DES, ...
  bool aead = false;   // GCM, CCM, ChaCha20-Poly1305, MGM, AEGIS, TLS 1.3
  bool cbc = false;    // a CBC block cipher
  bool export_grade = false;
  bool forward_secret = false;  // DHE, ECDHE (also with PSK), TLS 1.3
  ProtocolVersion min_version = ProtocolVersion::ssl3;  // oldest version it is defined for
  ProtocolVersion max_version = ProtocolVersion::tls1_2;
};

// The traits of s, parsed from its IANA name; nullopt for a value the name table does not know.
std::optional<SuiteTraits> suite_traits(CipherSuite s);

// True when s may be offered in version v (TLS 1.3 suites only in TLS 1.3; suites with a SHA-2
// PRF or an AEAD cipher only in TLS 1.2, RFC 5246 §1.2; export suites only up to TLS 1.0,
// RFC 4346 §A.5). Signalling values are never "usable".
bool suite_usable_in(CipherSuite s, ProtocolVersion v);

// Every registered suite usable in v (what an "offer everything" probe sends), in preference
// order so a server that follows the client's order picks its best suite first: forward-secret
// AEAD, forward-secret others, AEAD without forward secrecy, other ciphers of 128 bits or more,
// the rest, then export, NULL, anonymous and sub-112-bit suites; registry order within a tier.
std::vector<CipherSuite> suites_for_version(ProtocolVersion v);

// "ECDHE", "DHE", "RSA", "TLS 1.3 (any)", ... for reports.
const char* key_exchange_name(KeyExchange k);
// "RSA", "ECDSA", "anonymous", ... for reports.
const char* authentication_name(Authentication a);

}  // namespace tlskit::probe
