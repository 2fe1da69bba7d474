// Finished parse and serialize.
#include "wire/msg_finished.h"

#include <string>

#include "wire/extensions.h"
#include "wire/handshake_header.h"

namespace tlskit {

Result<Finished> parse_finished(ByteView body, size_t expected_length, Step step) {
  if (body.size() != expected_length)
    return wire_decode_error(step, "Finished: verify_data is " + std::to_string(body.size()) +
                                       " bytes, expected " + std::to_string(expected_length));
  return Finished{body};
}

void write_finished(const Finished& f, ByteWriter& w) {
  auto msg = open_handshake(w, HandshakeType::finished);
  w.bytes(f.verify_data);
  close_handshake(w, msg);
}

}  // namespace tlskit
