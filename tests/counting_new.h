// A replacement of the global operator new/delete that counts allocations and remembers the
// largest one, for the tests that check allocation behaviour (zero allocations per record, the
// bound on a decompressed certificate). Include it in exactly one .cpp of a test binary: the
// replacement functions are defined here, not inline.
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>

namespace tlskit::testing {
// Calls to operator new since the process started.
inline std::atomic<uint64_t> g_news{0};
// The largest single operator new since the last reset (store 0 to reset).
inline std::atomic<size_t> g_largest{0};
}  // namespace tlskit::testing

void* operator new(size_t n) {
  tlskit::testing::g_news.fetch_add(1, std::memory_order_relaxed);
  size_t seen = tlskit::testing::g_largest.load(std::memory_order_relaxed);
  while (n > seen &&
         !tlskit::testing::g_largest.compare_exchange_weak(seen, n, std::memory_order_relaxed)) {
  }
  if (n == 0) n = 1;
  if (void* p = std::malloc(n)) return p;
  throw std::bad_alloc();
}
void* operator new[](size_t n) { return operator new(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
void operator delete[](void* p, size_t) noexcept { std::free(p); }
