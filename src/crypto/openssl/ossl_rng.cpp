// The system random source: libcrypto's DRBG (RAND_bytes), seeded from the OS.
#include <openssl/rand.h>

#include <climits>
#include <cstdio>
#include <cstdlib>

#include "crypto/openssl/ossl_common.h"

namespace tlskit::crypto::ossl {
namespace {

class SystemRng final : public Rng {
 public:
  // Fills out from RAND_bytes (thread-safe: OpenSSL keeps a DRBG per thread). A failing
  // system RNG is not recoverable: continuing would risk predictable keys, so we abort.
  void fill(std::span<uint8_t> out) override {
    size_t done = 0;
    while (done < out.size()) {
      size_t n = out.size() - done;
      if (n > INT_MAX) n = INT_MAX;
      if (RAND_bytes(out.data() + done, static_cast<int>(n)) != 1) {
        std::fprintf(stderr, "tlskit: RAND_bytes failed; the system random source is broken\n");
        std::abort();
      }
      done += n;
    }
  }
};

}  // namespace

Rng& system_rng() {
  static SystemRng rng;
  return rng;
}

}  // namespace tlskit::crypto::ossl
