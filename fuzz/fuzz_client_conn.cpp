// Fuzzes a fresh TLS 1.3 client Connection with arbitrary bytes from the "server". Seeds are
// real server flights recorded for this exact client (deterministic RNG), so mutations reach
// every state: ServerHello, HelloRetryRequest, the encrypted flight, post-handshake messages.
#include <cstddef>
#include <cstdint>

#include "fuzz_conn_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tlskit;
  DeterministicRng rng(fuzzing::kClientSeed);
  auto c = Connection::client(fuzzing::fuzz_client_config(rng));
  if (!c) __builtin_trap();
  Connection& conn = **c;
  conn.consume_output(conn.pending_output().size());
  (void)conn.feed(ByteView(data, size));
  fuzzing::exercise(conn);
  return 0;
}
