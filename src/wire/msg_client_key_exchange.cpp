// TLS 1.2 ECDHE ClientKeyExchange parse and serialize.
#include "wire/msg_client_key_exchange.h"

#include <string>

#include "wire/extensions.h"
#include "wire/handshake_header.h"

namespace tlskit {

Result<ClientKeyExchange> parse_client_key_exchange(ByteView body) {
  constexpr Step step = Step::client_key_exchange;
  if (body.empty()) return wire_decode_error(step, "ClientKeyExchange: empty body");
  size_t len = body[0];
  // RFC 8422 §5.7: ECDHE requires the explicit point: opaque point<1..2^8-1>.
  if (len == 0) return wire_decode_error(step, "ClientKeyExchange: empty public point");
  if (len != body.size() - 1)
    return wire_decode_error(step, "ClientKeyExchange: point length " + std::to_string(len) +
                                       " but " + std::to_string(body.size() - 1) + " bytes follow");
  return ClientKeyExchange{body.subspan(1)};
}

void write_client_key_exchange(const ClientKeyExchange& cke, ByteWriter& w) {
  auto msg = open_handshake(w, HandshakeType::client_key_exchange);
  w.vec8(cke.public_point);
  close_handshake(w, msg);
}

}  // namespace tlskit
