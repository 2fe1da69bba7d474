// Test support: counts libcrypto's heap allocations, so tests can prove that a code path (the
// AEAD record path) does not allocate inside OpenSSL. Not for production use.
#pragma once
#include <cstdint>

namespace tlskit::crypto::testing {

// Routes libcrypto's malloc/realloc/free through counting wrappers (CRYPTO_set_mem_functions).
// Works only before libcrypto allocates anything, e.g. from a static initializer of a test
// binary; returns false when it is too late (nothing is counted then).
bool install_libcrypto_alloc_counter();

// Number of libcrypto malloc and realloc calls since the counter was installed (0 if it is not).
uint64_t libcrypto_alloc_count();

}  // namespace tlskit::crypto::testing
