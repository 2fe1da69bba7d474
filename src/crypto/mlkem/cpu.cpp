// CPU feature detection for the ML-KEM AVX2 paths.
#include "crypto/mlkem/cpu.h"

#include <atomic>

namespace tlskit::crypto::mlkem {
namespace {

bool detect_avx2() {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  return __builtin_cpu_supports("avx2");
#else
  return false;
#endif
}

std::atomic<bool> g_forced_portable{false};

}  // namespace

bool use_avx2() {
  static const bool has_avx2 = detect_avx2();
  return has_avx2 && !g_forced_portable.load(std::memory_order_relaxed);
}

void force_portable(bool on) { g_forced_portable.store(on, std::memory_order_relaxed); }

}  // namespace tlskit::crypto::mlkem
