// Crafted ClientHellos for probes: any version from SSL 3.0 to TLS 1.3, any cipher suite, group,
// signature scheme and extension, built with src/wire/ and framed in plaintext records.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "base/rng.h"
#include "wire/extensions.h"
#include "base/iana_registry.h"

namespace tlskit::probe {

// Most cipher suites in one hello (RFC 5246 §7.4.1.2: cipher_suites<2..2^16-2>).
inline constexpr size_t kMaxOfferedSuites = 32767;
// Largest plaintext fragment per record (RFC 5246 §6.2.1, RFC 8446 §5.1: 2^14).
inline constexpr size_t kMaxPlaintextFragment = 16384;

// What one crafted ClientHello offers. Extensions are written in this order: server_name,
// supported_versions, supported_groups, ec_point_formats, signature_algorithms, key_share,
// ALPN, status_request, extended_master_secret, session_ticket, renegotiation_info, `extra`,
// then padding.
struct HelloSpec {
  // The highest version offered: legacy_version for SSL 3.0 .. TLS 1.2; for TLS 1.3,
  // legacy_version is TLS 1.2 and supported_versions says TLS 1.3 (RFC 8446 §4.1.2).
  ProtocolVersion version = ProtocolVersion::tls1_2;
  // supported_versions contents when version is TLS 1.3 (empty: just TLS 1.3).
  std::vector<ProtocolVersion> supported_versions;
  std::vector<CipherSuite> cipher_suites;  // in preference order, sent as given
  std::vector<NamedGroup> groups;          // supported_groups (empty: extension not sent)
  // TLS 1.3: groups to send a key share for (each must also be in `groups`, RFC 8446 §4.2.8);
  // an empty list sends an empty key_share, so the server must answer with a
  // HelloRetryRequest naming the group it prefers.
  std::vector<NamedGroup> key_shares;
  std::vector<SignatureScheme> signature_schemes;  // signature_algorithms (empty: not sent)
  std::string server_name;                         // SNI host name (empty: not sent)
  std::vector<std::string> alpn;                   // ALPN protocols (empty: not sent)
  bool extensions = true;  // false: no extension block at all (a classic SSL 3.0 hello)
  bool renegotiation_info = true;      // an empty renegotiation_info (RFC 5746 §3.4)
  bool extended_master_secret = true;  // RFC 7627
  bool session_ticket = true;          // an empty session_ticket (RFC 5077)
  bool status_request = false;         // OCSP status_request (RFC 6066 §8)
  // RFC 7685 §4: pad hellos of 256..511 bytes to 512, which some old servers (F5) fail on.
  bool padding = true;
  // Offer DEFLATE compression before null (RFC 3749), to see whether the server compresses
  // (CRIME). Ignored for TLS 1.3, where only null is allowed (RFC 8446 §4.1.2).
  bool offer_deflate = false;
  // The legacy_session_id to send (at most 32 bytes); unset: 32 random bytes for TLS 1.3, empty
  // otherwise. The ticketbleed probe sends 1 byte with a ticket (RFC 5077 §3.4).
  std::optional<Bytes> session_id;
  std::vector<Extension> extra;  // any other extensions, raw, after the ones above
};

// A built ClientHello.
struct BuiltHello {
  Bytes message;  // the handshake message (4-byte header + body)
  Bytes records;  // the message in handshake records, as sent
  std::array<uint8_t, 32> random{};
};

// Builds the hello. Errors (config_invalid, Party::config, Step::client_hello): no cipher suite
// or more than kMaxOfferedSuites; a version below SSL 3.0 or above TLS 1.3; key shares for a
// version below TLS 1.3 or for a group not in `groups` (RFC 8446 §4.2.8); a group without a key
// share format (key_shares.h); a writer overflow (an extension over 2^16-1 bytes).
Result<BuiltHello> build_client_hello(const HelloSpec& spec, Rng& rng);

// Frames msg in records of type `type` and legacy version record_version, at most
// kMaxPlaintextFragment bytes each.
Bytes frame_records(ContentType type, uint16_t record_version, ByteView msg);

// The record version a ClientHello of `version` is sent with: 0x0300 for SSL 3.0, else 0x0301
// (RFC 8446 §5.1, RFC 5246 Appendix E.1: servers accept any {03,XX}).
uint16_t client_hello_record_version(ProtocolVersion version);

}  // namespace tlskit::probe
