// Counting allocator hooks for libcrypto (test support; see crypto/alloc_probe.h).
#include <openssl/crypto.h>

#include <atomic>
#include <cstdlib>

#include "crypto/alloc_probe.h"

namespace tlskit::crypto::testing {
namespace {

std::atomic<uint64_t> g_count{0};

void* counting_malloc(size_t n, const char*, int) {
  g_count.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(n);
}

void* counting_realloc(void* p, size_t n, const char*, int) {
  g_count.fetch_add(1, std::memory_order_relaxed);
  return std::realloc(p, n);
}

void plain_free(void* p, const char*, int) { std::free(p); }

}  // namespace

bool install_libcrypto_alloc_counter() {
  return CRYPTO_set_mem_functions(counting_malloc, counting_realloc, plain_free) == 1;
}

uint64_t libcrypto_alloc_count() { return g_count.load(std::memory_order_relaxed); }

}  // namespace tlskit::crypto::testing
