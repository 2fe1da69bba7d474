// Fuzzes a fresh TLS 1.3 server Connection with arbitrary bytes from the "client". Seeds are
// real client flights (ClientHello, then CCS + Certificate + Finished) recorded against this
// exact server (deterministic RNG, Ed25519 signatures), so mutations reach every state.
#include <cstddef>
#include <cstdint>

#include "fuzz_conn_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tlskit;
  DeterministicRng rng(fuzzing::kServerSeed);
  auto s = Connection::server(fuzzing::fuzz_server_config(rng));
  if (!s) __builtin_trap();
  Connection& conn = **s;
  (void)conn.feed(ByteView(data, size));
  fuzzing::exercise(conn);
  return 0;
}
