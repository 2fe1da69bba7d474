// KeyUpdate (RFC 8446 §4.6.3).
#pragma once
#include <cstdint>

#include "base/bytes.h"
#include "base/result.h"
#include "codec/byte_writer.h"

namespace tlskit {

// KeyUpdateRequest values.
enum class KeyUpdateRequest : uint8_t {
  update_not_requested = 0,
  update_requested = 1,
};

// KeyUpdate: one byte.
struct KeyUpdate {
  KeyUpdateRequest request_update = KeyUpdateRequest::update_not_requested;
};

// Parses the body (Step::post_handshake): a length other than 1 -> decode_error;
// RFC 8446 §4.6.3: any value other than 0 or 1 -> illegal_parameter.
Result<KeyUpdate> parse_key_update(ByteView body);

// Writes the whole message (header + body).
void write_key_update(const KeyUpdate& k, ByteWriter& w);

}  // namespace tlskit
