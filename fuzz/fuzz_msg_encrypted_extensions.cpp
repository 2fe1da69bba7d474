// libFuzzer target: parse_encrypted_extensions on a handshake message body; round trip must be
// byte-exact.
#include "fuzz_wire_common.h"

using namespace tlskit;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ByteView body(data, size);
  fuzz::describe_both(HandshakeType::encrypted_extensions, body);
  auto parsed = parse_encrypted_extensions(body);
  if (parsed)
    fuzz::check_round_trip(*parsed, body, write_encrypted_extensions,
                           [](ByteView b) { return parse_encrypted_extensions(b); });
  return 0;
}
