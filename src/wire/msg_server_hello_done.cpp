// ServerHelloDone parse and serialize.
#include "wire/msg_server_hello_done.h"

#include <string>

#include "wire/extensions.h"
#include "wire/handshake_header.h"

namespace tlskit {

Result<ServerHelloDone> parse_server_hello_done(ByteView body) {
  if (!body.empty())
    return wire_decode_error(Step::server_hello_done, "ServerHelloDone: body must be empty, got " +
                                                          std::to_string(body.size()) + " bytes");
  return ServerHelloDone{};
}

void write_server_hello_done(ByteWriter& w) {
  auto msg = open_handshake(w, HandshakeType::server_hello_done);
  close_handshake(w, msg);
}

}  // namespace tlskit
