// EndOfEarlyData parse and serialize.
#include "wire/msg_end_of_early_data.h"

#include <string>

#include "wire/extensions.h"
#include "wire/handshake_header.h"

namespace tlskit {

Result<EndOfEarlyData> parse_end_of_early_data(ByteView body) {
  if (!body.empty())
    return wire_decode_error(Step::end_of_early_data, "EndOfEarlyData: body must be empty, got " +
                                                          std::to_string(body.size()) + " bytes");
  return EndOfEarlyData{};
}

void write_end_of_early_data(ByteWriter& w) {
  auto msg = open_handshake(w, HandshakeType::end_of_early_data);
  close_handshake(w, msg);
}

}  // namespace tlskit
