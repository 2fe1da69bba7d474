// ServerHello and HelloRetryRequest (RFC 8446 §4.1.3, §4.1.4; RFC 5246 §7.4.1.3).
#pragma once
#include <array>
#include <cstdint>

#include "base/bytes.h"
#include "base/result.h"
#include "codec/byte_writer.h"
#include "wire/extensions.h"
#include "wire/msg_client_hello.h"
#include "base/iana_registry.h"

namespace tlskit {

// RFC 8446 §4.1.3: a HelloRetryRequest is a ServerHello whose random is
// SHA-256("HelloRetryRequest").
extern const std::array<uint8_t, 32> kHelloRetryRequestRandom;
// RFC 8446 §4.1.3 downgrade sentinels in the last 8 bytes of ServerHello.random:
// "DOWNGRD" 01 (server negotiated TLS 1.2) and "DOWNGRD" 00 (TLS 1.1 or below).
extern const std::array<uint8_t, 8> kDowngradeSentinelTls12;
extern const std::array<uint8_t, 8> kDowngradeSentinelTls11;

// True when random equals kHelloRetryRequestRandom.
bool is_hello_retry_request(ByteView random);

// A ServerHello or HelloRetryRequest. Parsed byte fields are views into the body.
struct ServerHello {
  uint16_t legacy_version = 0x0303;
  std::array<uint8_t, kRandomSize> random{};
  ByteView legacy_session_id_echo;  // <0..32>
  CipherSuite cipher_suite{};
  uint8_t legacy_compression_method = 0;
  ExtensionList extensions;
  // False for a TLS 1.2 ServerHello without an extensions block (RFC 5246 §7.4.1.3).
  bool has_extension_block = true;

  // True when this is a HelloRetryRequest (special random).
  bool is_hello_retry_request() const { return tlskit::is_hello_retry_request(random); }
};

// Which downgrade sentinel, if any, is in a ServerHello random (RFC 8446 §4.1.3).
enum class DowngradeSentinel : uint8_t { none, tls12, tls11 };
DowngradeSentinel downgrade_sentinel(const ServerHello& sh);

// Parses a ServerHello body (no header); detects HelloRetryRequest by its random.
// The extension table used: HRR for the special random; ServerHello (TLS 1.3) when a
// supported_versions extension is present; the TLS 1.2 ServerHello table otherwise.
// Errors (Party::peer; Step::server_hello, or Step::hello_retry_request for an HRR):
//  - truncation, bad lengths, trailing bytes, session id > 32 -> decode_error;
//  - extension rules (duplicates, misplaced) -> illegal_parameter, unknown ->
//  unsupported_extension;
//  - TLS 1.3 form (supported_versions present): RFC 8446 §4.1.3 legacy_compression_method MUST be
//  0,
//    and RFC 8446 §4.2.1 a supported_versions value below TLS 1.3 -> illegal_parameter;
//  - left to the caller: RFC 8446 §4.1.4 an HRR without supported_versions (missing_extension),
//    and "offered" checking (check_extensions_offered).
Result<ServerHello> parse_server_hello(ByteView body);

// The version a ServerHello selects: supported_versions.selected_version when present (must
// parse; decode_error otherwise), legacy_version otherwise.
Result<ProtocolVersion> server_hello_selected_version(const ServerHello& sh);

// Writes the whole handshake message (4-byte header + body); HRR is a ServerHello with
// random = kHelloRetryRequestRandom (message type server_hello).
void write_server_hello(const ServerHello& sh, ByteWriter& w);

}  // namespace tlskit
