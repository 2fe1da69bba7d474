// SSL 2.0 (draft-hickman-netscape-ssl-00, 1995): the CLIENT-HELLO that detects an SSLv2 server
// and a strict parser of its SERVER-HELLO and ERROR messages. SSLv2 is prohibited (RFC 6176);
// the probe only asks whether a server still speaks it (DROWN).
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"

namespace tlskit::probe {

// SSLv2 message types (draft §B).
inline constexpr uint8_t kSslv2MsgError = 0;
inline constexpr uint8_t kSslv2MsgClientHello = 1;
inline constexpr uint8_t kSslv2MsgServerHello = 4;
// Version number of SSL 2.0 in the hello messages.
inline constexpr uint16_t kSslv2Version = 0x0002;
// Challenge sizes (draft §B: 16 to 32 bytes).
inline constexpr size_t kSslv2MinChallenge = 16;
inline constexpr size_t kSslv2MaxChallenge = 32;
// Largest SSLv2 record body with a 2-byte header (15 bits).
inline constexpr size_t kSslv2MaxRecord = 0x7FFF;
// Largest certificate accepted in a SERVER-HELLO.
inline constexpr size_t kSslv2MaxCertificate = 0x7FFF;

// The seven SSLv2 cipher kinds (draft §C), 3 bytes each.
std::vector<uint32_t> sslv2_cipher_kinds();
// "SSL_CK_RC4_128_WITH_MD5", or "0x%06x" for others.
std::string sslv2_cipher_name(uint32_t kind);

// Builds a CLIENT-HELLO record (2-byte header) offering `cipher_specs` (3-byte values; TLS
// suites may be given as 0x00XXYY, as in RFC 5246 Appendix E.2) with `version` (0x0002 for
// SSL 2.0) and `challenge` (16..32 bytes). Errors: config_invalid for an empty cipher list, a
// challenge of the wrong size, or a record over kSslv2MaxRecord.
Result<Bytes> build_sslv2_client_hello(std::span<const uint32_t> cipher_specs, ByteView challenge,
                                       uint16_t version = kSslv2Version);

// An SSLv2 record header: how many header bytes (2 or 3), body length and padding.
struct Sslv2RecordHeader {
  size_t header_size = 2;
  size_t length = 0;   // record body length (padding included)
  uint8_t padding = 0;
};

// Reads an SSLv2 record header from the first bytes of data; nullopt when fewer than 3 bytes are
// there (2 suffice when the first byte has the high bit). No error: any header decodes.
std::optional<Sslv2RecordHeader> parse_sslv2_record_header(ByteView data);

// A parsed SERVER-HELLO (owned).
struct Sslv2ServerHello {
  bool session_id_hit = false;
  uint8_t certificate_type = 0;  // 1: X.509
  uint16_t version = 0;          // server_version (0x0002)
  Bytes certificate;             // DER
  std::vector<uint32_t> cipher_specs;
  Bytes connection_id;
};

// What an SSLv2 server answered: a SERVER-HELLO or an ERROR message.
struct Sslv2Answer {
  std::optional<Sslv2ServerHello> server_hello;
  std::optional<uint16_t> error_code;  // MSG-ERROR: 1 no cipher, 2 no certificate, ...
};

// Parses one SSLv2 record body (after the header, padding removed) holding a SERVER-HELLO or an
// ERROR. Errors (decode_error, Party::peer, Step::server_hello): an empty body, a message type
// other than 0 and 4, truncated fields, trailing bytes, a cipher_specs length not a multiple of
// 3, an empty connection id or one over 32 bytes (draft §B: 16..32), a certificate over
// kSslv2MaxCertificate; a session-id hit with a certificate or cipher specs (draft §B: both MUST
// be empty then) -> illegal_parameter; no session-id hit with no cipher spec -> decode_error.
Result<Sslv2Answer> parse_sslv2_server_message(ByteView body);

}  // namespace tlskit::probe
