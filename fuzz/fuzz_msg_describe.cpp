// libFuzzer target: describe() and split of whole handshake messages and alerts (never crash).
#include "fuzz_wire_common.h"

using namespace tlskit;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ByteView msg(data, size);
  (void)describe_handshake_message(msg, ProtocolVersion::tls1_3);
  (void)describe_handshake_message(msg, ProtocolVersion::tls1_2);
  (void)split_handshake_message(msg);
  (void)describe_alert(msg);
  (void)parse_alert_record(msg);
  return 0;
}
