// Handshake message framing: HandshakeType (1 byte) + uint24 length + body (RFC 8446 §4).
#pragma once
#include <cstddef>
#include <cstdint>

#include "base/bytes.h"
#include "base/result.h"
#include "codec/byte_writer.h"
#include "base/iana_registry.h"

namespace tlskit {

// Size of the handshake message header (msg_type + uint24 length).
inline constexpr size_t kHandshakeHeaderSize = 4;
// Largest handshake body we accept for any message except Certificate (ClientHello with a
// post-quantum key share is ~2 KiB; 64 KiB leaves room for large extension sets).
inline constexpr size_t kMaxHandshakeMessageSize = 64 * 1024;
// Largest Certificate / CertificateStatus body we accept (long chains, big OCSP responses).
inline constexpr size_t kMaxCertificateMessageSize = 256 * 1024;

// Returns the largest body size accepted for a message of type t.
size_t max_handshake_body_size(HandshakeType t);

// A parsed handshake header.
struct HandshakeHeader {
  HandshakeType type = HandshakeType::hello_request;
  uint32_t length = 0;  // body length
};

// Parses the first 4 bytes of `data` (more may follow). Fails with decode_error when fewer than
// 4 bytes are given, and with illegal_parameter (ErrorCode::limit_exceeded) when the length is
// over max_handshake_body_size(type) (what OpenSSL sends for an excessive message).
Result<HandshakeHeader> parse_handshake_header(ByteView data, Step step = Step::none);

// A complete handshake message split into its parts (views into the input).
struct HandshakeMessageView {
  HandshakeType type = HandshakeType::hello_request;
  ByteView body;
};

// Splits exactly one whole message (header + body); decode_error when the length field does not
// match the size of `message`, limit errors as parse_handshake_header.
Result<HandshakeMessageView> split_handshake_message(ByteView message, Step step = Step::none);

// Opens a handshake message in w (writes the type and a placeholder length).
inline ByteWriter::Prefix open_handshake(ByteWriter& w, HandshakeType t) {
  w.u8(static_cast<uint8_t>(t));
  return w.open24();
}
// Closes a message opened with open_handshake; the body length is filled in here.
inline void close_handshake(ByteWriter& w, ByteWriter::Prefix p) { w.close(p); }

// Returns the Step at which a received message of type t is parsed, given who sent it
// (server_sent true for messages from the server). E.g. certificate -> server_certificate.
Step handshake_step(HandshakeType t, bool server_sent);

}  // namespace tlskit
