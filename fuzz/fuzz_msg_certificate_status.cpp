// libFuzzer target: parse_certificate_status on a handshake message body; round trip must be
// byte-exact.
#include "fuzz_wire_common.h"

using namespace tlskit;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ByteView body(data, size);
  fuzz::describe_both(HandshakeType::certificate_status, body);
  auto parsed = parse_certificate_status(body);
  if (parsed)
    fuzz::check_round_trip(*parsed, body, write_certificate_status,
                           [](ByteView b) { return parse_certificate_status(b); });
  return 0;
}
