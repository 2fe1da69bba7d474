// A ServerHello of any version a probe may get back: SSL 3.0 (RFC 6101 §5.6.1.3), TLS 1.0-1.2
// (RFC 2246/4346/5246 §7.4.1.3) and TLS 1.3 ServerHello / HelloRetryRequest (RFC 8446 §4.1.3),
// parsed strictly but keeping every extension (a probe may have offered anything), with the
// fields a scan reports decoded.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "base/iana_registry.h"

namespace tlskit::probe {

// One extension the server sent, owned.
struct RawExtension {
  uint16_t type = 0;
  Bytes data;
};

// What the server answered, owned (independent of the input buffer).
struct ProbeServerHello {
  uint16_t legacy_version = 0;              // server_version as sent
  ProtocolVersion version{};                // negotiated: supported_versions, else legacy_version
  std::array<uint8_t, 32> random{};
  Bytes session_id;                         // <0..32>
  CipherSuite cipher_suite{};
  uint8_t compression_method = 0;           // 0 null, 1 DEFLATE (CRIME)
  bool hello_retry_request = false;         // RFC 8446 §4.1.3 special random
  bool has_extension_block = false;
  std::vector<RawExtension> extensions;     // in wire order
  // Decoded from the extensions (absent when not sent):
  std::optional<NamedGroup> key_share_group;  // TLS 1.3 ServerHello key_share / HRR selected_group
  size_t key_share_size = 0;                  // TLS 1.3 ServerHello: key_exchange bytes
  bool hrr_cookie = false;                    // HRR cookie extension present
  bool renegotiation_info = false;            // RFC 5746 secure renegotiation
  bool extended_master_secret = false;        // RFC 7627
  bool encrypt_then_mac = false;              // RFC 7366
  bool session_ticket = false;                // RFC 5077: the server will send a ticket
  bool status_request = false;                // RFC 6066: the server will staple OCSP
  bool heartbeat = false;                     // RFC 6520
  std::optional<std::string> alpn;            // RFC 7301 selected protocol
  bool downgrade_sentinel = false;            // RFC 8446 §4.1.3 "DOWNGRD" in random

  // True when the extension type was sent.
  bool has(ExtensionType t) const;
};

// Most extensions a ServerHello may carry before it is refused (a real one has fewer than 20).
inline constexpr size_t kMaxServerHelloExtensions = 64;

// Parses a ServerHello body (no handshake header). Errors (Party::peer; Step::server_hello or
// Step::hello_retry_request):
//  - truncation, trailing bytes, session_id over 32 bytes, bad extension block lengths, more than
//    kMaxServerHelloExtensions extensions -> decode_error;
//  - server_version whose major byte is not 3 -> protocol_version (RFC 5246 Appendix E.1);
//  - RFC 5246 §7.4.1.4 two extensions of one type -> illegal_parameter;
//  - supported_versions not exactly 2 bytes, key_share / ALPN / renegotiation_info with bad
//    lengths, or an empty-bodied extension (EMS, ETM, session_ticket, status_request) with a
//    body -> decode_error;
//  - RFC 8446 §4.2.1 supported_versions selecting a version below TLS 1.3, or with
//    legacy_version other than 0x0303 -> illegal_parameter; RFC 8446 §4.1.4 a HelloRetryRequest
//    without supported_versions -> missing_extension; RFC 8446 §4.1.3 a TLS 1.3 compression
//    method other than 0 -> illegal_parameter.
Result<ProbeServerHello> parse_probe_server_hello(ByteView body);

}  // namespace tlskit::probe
