// Built instead of tlskit_pair.cpp when the bench is configured without the tlskit side
// (TLSKIT_BENCH_TLSKIT=OFF, or AUTO while the library has no Connection): libssl runs alone.
#include "bench_common.h"

namespace bench {

std::unique_ptr<Stack> make_tlskit_stack() { return nullptr; }

// No post-quantum rows without the tlskit side (libssl 3.0 has no ML-KEM).
void bench_post_quantum(const Options&, std::vector<Row>&) {}

const char* tlskit_stack_unavailable_reason() {
  return "the bench was built without the tlskit side (TLSKIT_BENCH_TLSKIT=OFF, or the library "
         "did not build); libssl's numbers only";
}

}  // namespace bench
