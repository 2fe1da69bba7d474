// ClientHello (RFC 8446 §4.1.2; RFC 5246 §7.4.1.2): parse and serialize.
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "codec/byte_writer.h"
#include "wire/extensions.h"
#include "base/iana_registry.h"

namespace tlskit {

// Largest legacy_session_id (RFC 8446 §4.1.2: opaque legacy_session_id<0..32>).
inline constexpr size_t kMaxSessionIdSize = 32;
// Size of Random.
inline constexpr size_t kRandomSize = 32;

// A ClientHello. Parsed: byte fields are views into the body (the caller keeps it alive);
// cipher_suites is decoded in wire order with GREASE and unknown values kept as sent.
struct ClientHello {
  uint16_t legacy_version = 0x0303;  // ProtocolVersion client_version
  std::array<uint8_t, kRandomSize> random{};
  ByteView legacy_session_id;              // <0..32>
  std::vector<CipherSuite> cipher_suites;  // <2..2^16-2>, as sent
  ByteView legacy_compression_methods;     // <1..2^8-1>; building: empty means {0}
  ExtensionList extensions;
  // False for a TLS 1.2 (or older) ClientHello that ends after compression_methods (no
  // extensions block at all, RFC 5246 §7.4.1.2). Building: write the block when true or when
  // extensions is non-empty.
  bool has_extension_block = true;
};

// Parses a ClientHello body (no header). Checks, each returning Party::peer + Step::client_hello:
//  - lengths / truncation / trailing bytes -> decode_error;
//  - legacy_session_id longer than 32, empty or odd-length cipher_suites, empty
//    compression_methods -> decode_error ("ClientHello: cipher_suites length 3 is odd");
//  - extension rules (extension_rules.h, context client_hello): duplicates, misplaced known
//    extensions -> illegal_parameter; unknown extensions are kept (the caller ignores them);
//  - RFC 8446 §4.2.11: pre_shared_key present but not the last extension -> illegal_parameter.
// Extension contents are NOT decoded here; use the ext_*.h parsers.
Result<ClientHello> parse_client_hello(ByteView body);

// Writes the whole handshake message (4-byte header + body) to w.
void write_client_hello(const ClientHello& ch, ByteWriter& w);

// True when the offered list contains TLS_EMPTY_RENEGOTIATION_INFO_SCSV (RFC 5746 §3.3).
bool client_hello_has_scsv(const ClientHello& ch, CipherSuite scsv);

// RFC 8446 §4.1.2: in a TLS 1.3 ClientHello, legacy_compression_methods MUST be exactly one zero
// byte; returns illegal_parameter otherwise (callers apply it once TLS 1.3 is negotiated).
// RFC 5246 §7.4.1.2: a TLS 1.2 ClientHello MUST include the null method; pass tls13 = false
// to check that instead.
Result<void> check_client_hello_compression(const ClientHello& ch, bool tls13);

}  // namespace tlskit
