// libFuzzer target: parse_probe_server_hello (src/probe/server_hello_parse.h) on a ServerHello
// body of any version; a parsed hello must be self-consistent.
#include <cstdlib>

#include "probe/server_hello_parse.h"

using namespace tlskit;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto sh = probe::parse_probe_server_hello(ByteView(data, size));
  if (sh) {
    if (sh->session_id.size() > 32) std::abort();
    if (sh->extensions.size() > probe::kMaxServerHelloExtensions) std::abort();
    if (!sh->has_extension_block && !sh->extensions.empty()) std::abort();
    if (sh->hello_retry_request && static_cast<uint16_t>(sh->version) < 0x0304) std::abort();
  } else if (sh.error().party != Party::peer) {
    std::abort();  // every failure here is the peer's
  }
  return 0;
}
