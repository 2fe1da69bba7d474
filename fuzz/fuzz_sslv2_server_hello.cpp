// libFuzzer target: the SSLv2 record header and SERVER-HELLO / ERROR parser (src/probe/sslv2.h).
#include <cstdlib>

#include "probe/sslv2.h"

using namespace tlskit;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ByteView in(data, size);
  (void)probe::parse_sslv2_record_header(in);
  auto a = probe::parse_sslv2_server_message(in);
  if (a) {
    if (a->server_hello && a->error_code) std::abort();
    if (a->server_hello) {
      const auto& sh = *a->server_hello;
      if (sh.connection_id.size() < 16 || sh.connection_id.size() > 32) std::abort();
      if (sh.session_id_hit && (!sh.certificate.empty() || !sh.cipher_specs.empty())) std::abort();
    }
  }
  return 0;
}
