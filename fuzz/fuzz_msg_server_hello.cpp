// libFuzzer target: parse_server_hello on a handshake message body; round trip must be byte-exact.
#include "fuzz_wire_common.h"

using namespace tlskit;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ByteView body(data, size);
  fuzz::describe_both(HandshakeType::server_hello, body);
  auto parsed = parse_server_hello(body);
  if (parsed)
    fuzz::check_round_trip(*parsed, body, write_server_hello,
                           [](ByteView b) { return parse_server_hello(b); });
  return 0;
}
