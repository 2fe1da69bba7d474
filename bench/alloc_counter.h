// Heap accounting for the benchmark: every C++ allocation (operator new/delete are replaced
// in alloc_counter.cpp) and every libcrypto/libssl allocation (CRYPTO_set_mem_functions) is
// counted; bytes in use come from glibc's own accounting (mallinfo2: every malloc'd byte of
// the process, chunk headers included), so the hot paths pay only an increment.
// Single-threaded by design.
#pragma once
#include <cstdint>

namespace bench {

// Heap bytes in use and the number of allocations so far (this process).
struct AllocStats {
  int64_t live_bytes = 0;    // mallinfo2: in-use bytes of the arena plus mmapped blocks
  uint64_t allocations = 0;  // operator new + OpenSSL allocations (realloc counts as one)
};

// The current totals.
AllocStats alloc_stats();

// Routes OpenSSL's allocations through the counter. Must run before OpenSSL allocates
// anything (first thing in main); returns false when it is too late (then OpenSSL's memory
// is not counted and the memory rows say so).
bool install_openssl_alloc_counter();

// True when install_openssl_alloc_counter succeeded.
bool openssl_allocations_counted();

}  // namespace bench
