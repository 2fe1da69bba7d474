// libFuzzer target: both the TLS 1.3 and TLS 1.2 forms of new_session_ticket on the same body; each
// round trip must be byte-exact.
#include "fuzz_wire_common.h"

using namespace tlskit;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ByteView body(data, size);
  fuzz::describe_both(HandshakeType::new_session_ticket, body);
  if (auto p = parse_new_session_ticket13(body))
    fuzz::check_round_trip(*p, body, write_new_session_ticket13,
                           [](ByteView b) { return parse_new_session_ticket13(b); });
  if (auto p = parse_new_session_ticket12(body))
    fuzz::check_round_trip(*p, body, write_new_session_ticket12,
                           [](ByteView b) { return parse_new_session_ticket12(b); });
  return 0;
}
