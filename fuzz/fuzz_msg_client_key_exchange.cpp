// libFuzzer target: parse_client_key_exchange on a handshake message body; round trip must be
// byte-exact.
#include "fuzz_wire_common.h"

using namespace tlskit;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ByteView body(data, size);
  fuzz::describe_both(HandshakeType::client_key_exchange, body);
  auto parsed = parse_client_key_exchange(body);
  if (parsed)
    fuzz::check_round_trip(*parsed, body, write_client_key_exchange,
                           [](ByteView b) { return parse_client_key_exchange(b); });
  return 0;
}
