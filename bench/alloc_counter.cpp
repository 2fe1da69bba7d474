// Counting replacements of the global operator new/delete and OpenSSL's allocator hooks.
#include "alloc_counter.h"

#include <malloc.h>
#include <openssl/crypto.h>

#include <cstdlib>
#include <new>

namespace bench {
namespace {

uint64_t g_allocs = 0;
bool g_openssl_counted = false;

void note_alloc(void* p) {
  if (p != nullptr) ++g_allocs;
}

void* counted_malloc(size_t n) {
  void* p = std::malloc(n == 0 ? 1 : n);
  note_alloc(p);
  return p;
}

void* counted_aligned(size_t n, size_t align) {
  if (align < sizeof(void*)) align = sizeof(void*);
  void* p = nullptr;
  if (posix_memalign(&p, align, n == 0 ? 1 : n) != 0) return nullptr;
  note_alloc(p);
  return p;
}

void counted_free(void* p) { std::free(p); }

// OpenSSL's hooks (file and line are for its debugging builds).
void* ossl_malloc(size_t n, const char*, int) { return counted_malloc(n); }
void* ossl_realloc(void* p, size_t n, const char*, int) {
  if (p == nullptr) return counted_malloc(n);
  if (n == 0) {
    counted_free(p);
    return nullptr;
  }
  void* q = std::realloc(p, n);
  note_alloc(q);
  return q;
}
void ossl_free(void* p, const char*, int) { counted_free(p); }

}  // namespace

AllocStats alloc_stats() {
  struct mallinfo2 mi = mallinfo2();
  return AllocStats{static_cast<int64_t>(mi.uordblks + mi.hblkhd), g_allocs};
}

bool install_openssl_alloc_counter() {
  g_openssl_counted = CRYPTO_set_mem_functions(ossl_malloc, ossl_realloc, ossl_free) == 1;
  return g_openssl_counted;
}

bool openssl_allocations_counted() { return g_openssl_counted; }

}  // namespace bench

// Global replacements: every C++ allocation in the process (tlskit, the harness) is counted.
void* operator new(size_t n) {
  void* p = bench::counted_malloc(n);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}
void* operator new[](size_t n) { return operator new(n); }
void* operator new(size_t n, const std::nothrow_t&) noexcept { return bench::counted_malloc(n); }
void* operator new[](size_t n, const std::nothrow_t&) noexcept { return bench::counted_malloc(n); }
void* operator new(size_t n, std::align_val_t a) {
  void* p = bench::counted_aligned(n, static_cast<size_t>(a));
  if (p == nullptr) throw std::bad_alloc();
  return p;
}
void* operator new[](size_t n, std::align_val_t a) { return operator new(n, a); }
void* operator new(size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return bench::counted_aligned(n, static_cast<size_t>(a));
}
void* operator new[](size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return bench::counted_aligned(n, static_cast<size_t>(a));
}
void operator delete(void* p) noexcept { bench::counted_free(p); }
void operator delete[](void* p) noexcept { bench::counted_free(p); }
void operator delete(void* p, size_t) noexcept { bench::counted_free(p); }
void operator delete[](void* p, size_t) noexcept { bench::counted_free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { bench::counted_free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { bench::counted_free(p); }
void operator delete(void* p, std::align_val_t) noexcept { bench::counted_free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { bench::counted_free(p); }
void operator delete(void* p, size_t, std::align_val_t) noexcept { bench::counted_free(p); }
void operator delete[](void* p, size_t, std::align_val_t) noexcept { bench::counted_free(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept {
  bench::counted_free(p);
}
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept {
  bench::counted_free(p);
}
