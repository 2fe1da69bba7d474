// KeyUpdate parse and serialize.
#include "wire/msg_key_update.h"

#include <string>

#include "wire/extensions.h"
#include "wire/handshake_header.h"

namespace tlskit {

Result<KeyUpdate> parse_key_update(ByteView body) {
  constexpr Step step = Step::post_handshake;
  if (body.size() != 1)
    return wire_decode_error(
        step, "KeyUpdate: body is " + std::to_string(body.size()) + " bytes, expected 1");
  // RFC 8446 §4.6.3: "If an implementation receives any other value, it MUST terminate the
  // connection with an "illegal_parameter" alert."
  if (body[0] > 1)
    return wire_illegal_parameter(
        step, "KeyUpdate: request_update is " + std::to_string(body[0]) + ", must be 0 or 1");
  return KeyUpdate{static_cast<KeyUpdateRequest>(body[0])};
}

void write_key_update(const KeyUpdate& k, ByteWriter& w) {
  auto msg = open_handshake(w, HandshakeType::key_update);
  w.u8(static_cast<uint8_t>(k.request_update));
  close_handshake(w, msg);
}

}  // namespace tlskit
