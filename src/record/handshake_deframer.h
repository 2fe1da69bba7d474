// Joins handshake messages split across records and splits records carrying several
// messages (RFC 8446 §5.1, RFC 5246 §6.2.1), with a size bound and the key-change and
// interleaving rules of RFC 8446 §5.1.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>

#include "base/bytes.h"
#include "base/result.h"
#include "base/iana_registry.h"

namespace tlskit::record {

// Handshake message header: msg_type(1) + length(3) (RFC 8446 §4).
inline constexpr size_t kHandshakeHeaderSize = 4;
// Default largest handshake message body we accept. Certificate chains are the largest
// messages; 64 KiB covers real chains (OpenSSL's default max_cert_list is 100 KiB, so we
// allow a little more: 128 KiB). Configurable per deframer.
inline constexpr size_t kDefaultMaxHandshakeMessage = 128 * 1024;
// Hard ceiling for a configured maximum: the 24-bit length field.
inline constexpr size_t kMaxHandshakeMessageLimit = (1u << 24) - 1;

// One complete handshake message.
struct HandshakeMessage {
  HandshakeType type = HandshakeType::hello_request;
  // The whole message including the 4-byte header (what the transcript hashes).
  // A span into the deframer's buffer, valid until the next add() or reset().
  ByteView bytes{};
  // The body after the header.
  ByteView body() const { return bytes.subspan(kHandshakeHeaderSize); }
};

// Reassembles handshake messages from handshake record fragments.
class HandshakeDeframer {
 public:
  // max_message: largest body accepted (clamped to kMaxHandshakeMessageLimit).
  explicit HandshakeDeframer(size_t max_message = kDefaultMaxHandshakeMessage);

  void set_max_message(size_t max_message);
  size_t max_message() const { return max_message_; }

  // Adds the plaintext of one handshake record. Messages returned earlier become invalid.
  // Errors: unexpected_message for an empty fragment (RFC 8446 §5.1 forbids them).
  Result<void> add(ByteView fragment);

  // Returns the next complete message, or nullopt when more fragments are needed.
  // Errors: decode_error (a header announces more than the message's syntax allows, e.g. a
  // 100-byte Finished), illegal_parameter (a body over max_message; a ClientHello is allowed
  // up to its syntactic maximum whatever max_message is; the detail names both sizes).
  Result<std::optional<HandshakeMessage>> next();

  // True when bytes are buffered that were not yet returned as messages.
  bool has_pending() const { return end_ > start_; }
  // True when the buffered bytes end in the middle of a message.
  bool has_partial() const;

  // Call when the peer's keys are about to change (TLS 1.3). Errors: unexpected_message if
  // any bytes are still buffered (RFC 8446 §5.1: handshake messages MUST NOT span key
  // changes; messages before a key change must end at a record boundary).
  Result<void> check_key_change() const;
  // Call when a record of another type arrives. Errors: unexpected_message if a message is
  // partially buffered (RFC 8446 §5.1: handshake messages MUST NOT be interleaved with
  // other record types).
  Result<void> check_interleave(ContentType other) const;

  // Drops everything buffered.
  void reset();

 private:
  Bytes buf_;
  size_t start_ = 0;
  size_t end_ = 0;
  size_t max_message_;
};

}  // namespace tlskit::record
