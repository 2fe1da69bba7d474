// libFuzzer target: both the TLS 1.3 and TLS 1.2 forms of certificate on the same body; each round
// trip must be byte-exact.
#include "fuzz_wire_common.h"

using namespace tlskit;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ByteView body(data, size);
  fuzz::describe_both(HandshakeType::certificate, body);
  if (auto p = parse_certificate13(body))
    fuzz::check_round_trip(*p, body, write_certificate13,
                           [](ByteView b) { return parse_certificate13(b); });
  if (auto p = parse_certificate12(body))
    fuzz::check_round_trip(*p, body, write_certificate12,
                           [](ByteView b) { return parse_certificate12(b); });
  return 0;
}
