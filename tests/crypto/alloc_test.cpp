// The AEAD record path allocates nothing: counts calls to the global operator new (replaced in
// this test binary) and to libcrypto's allocator (routed through a counter before libcrypto's
// first allocation) around 1000 seal+open pairs per algorithm, including rejected records.
// Hashing, HMAC and HKDF are checked the same way (they reuse per-thread contexts).
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "crypto/alloc_probe.h"
#include "crypto/provider.h"

namespace {

std::atomic<uint64_t> g_new_calls{0};

// Must run before libcrypto allocates anything: this binary's static initialisers do not
// touch the crypto provider.
const bool g_libcrypto_counter = tlskit::crypto::testing::install_libcrypto_alloc_counter();

}  // namespace

void* operator new(std::size_t n) {
  g_new_calls.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) {
  g_new_calls.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace tlskit::crypto {
namespace {

struct Counts {
  uint64_t cxx;
  uint64_t ossl;
};

Counts now() { return {g_new_calls.load(), testing::libcrypto_alloc_count()}; }

TEST(NoAllocation, CounterIsInstalledAndCounts) {
  ASSERT_TRUE(g_libcrypto_counter) << "libcrypto allocated before the test binary's static init";
  Counts before = now();
  uint8_t key[16] = {};
  auto aead = default_provider().make_aead(AeadAlg::aes_128_gcm, key);  // allocates on both sides
  ASSERT_TRUE(aead.ok());
  Counts after = now();
  EXPECT_GT(after.cxx, before.cxx);
  EXPECT_GT(after.ossl, before.ossl);
}

TEST(NoAllocation, AeadSealAndOpen) {
  ASSERT_TRUE(g_libcrypto_counter);
  for (AeadAlg a : {AeadAlg::aes_128_gcm, AeadAlg::aes_256_gcm, AeadAlg::chacha20_poly1305,
                    AeadAlg::aes_128_ccm, AeadAlg::aes_128_ccm_8}) {
    uint8_t key[32] = {1, 2, 3};
    auto sender = default_provider().make_aead(a, ByteView(key, aead_key_size(a)));
    auto receiver = default_provider().make_aead(a, ByteView(key, aead_key_size(a)));
    ASSERT_TRUE(sender.ok() && receiver.ok());
    uint8_t record[1024] = {};
    uint8_t aad[5] = {23, 3, 3, 4, 16};
    uint8_t nonce[12] = {};
    uint8_t tag[16] = {};
    const size_t tag_len = aead_tag_size(a);
    auto one = [&](uint32_t seq, bool tamper) {
      nonce[8] = static_cast<uint8_t>(seq >> 24);
      nonce[9] = static_cast<uint8_t>(seq >> 16);
      nonce[10] = static_cast<uint8_t>(seq >> 8);
      nonce[11] = static_cast<uint8_t>(seq);
      bool sealed = (*sender)->seal(nonce, aad, record, MutableByteView(tag, tag_len)).ok();
      if (tamper) tag[0] ^= 1;
      bool opened = (*receiver)->open(nonce, aad, record, ByteView(tag, tag_len));
      return sealed && opened != tamper;
    };
    // Warm-up (first use may set up per-thread error state inside libcrypto).
    ASSERT_TRUE(one(0, false));
    ASSERT_TRUE(one(1, true));
    Counts before = now();
    int good = 0;
    for (uint32_t i = 2; i < 1002; ++i) good += one(i, false);
    Counts after = now();
    EXPECT_EQ(good, 1000) << aead_name(a);
    EXPECT_EQ(after.cxx - before.cxx, 0u) << aead_name(a) << ": operator new called";
    EXPECT_EQ(after.ossl - before.ossl, 0u) << aead_name(a) << ": libcrypto allocated";

    // Rejected records: none for GCM and ChaCha20-Poly1305. OpenSSL's CCM raises an error on a
    // bad tag, and its error queue strdup()s the file and function names: 2 small
    // allocations per rejected record, which we cannot avoid from outside libcrypto.
    const bool ccm = a == AeadAlg::aes_128_ccm || a == AeadAlg::aes_128_ccm_8;
    before = now();
    int rejected = 0;
    for (uint32_t i = 2000; i < 2010; ++i) rejected += one(i, true);
    after = now();
    EXPECT_EQ(rejected, 10);
    EXPECT_EQ(after.cxx - before.cxx, 0u) << aead_name(a);
    EXPECT_LE(after.ossl - before.ossl, ccm ? 20u : 0u) << aead_name(a);
  }
}

TEST(NoAllocation, HashHmacHkdf) {
  ASSERT_TRUE(g_libcrypto_counter);
  const Provider& p = default_provider();
  uint8_t key[48] = {9}, out[64], okm[100];
  auto work = [&] {
    p.hash(HashAlg::sha256, ByteView(key, 32), MutableByteView(out, 32));
    p.hmac(HashAlg::sha384, ByteView(key, 48), ByteView(out, 32), MutableByteView(out, 48));
    p.hkdf_extract(HashAlg::sha256, {}, ByteView(key, 32), MutableByteView(out, 32));
    return p.hkdf_expand(HashAlg::sha256, ByteView(out, 32), ByteView(key, 10), okm).ok();
  };
  ASSERT_TRUE(work());  // warm-up: creates the per-thread contexts
  Counts before = now();
  int good = 0;
  for (int i = 0; i < 1000; ++i) good += work();
  Counts after = now();
  EXPECT_EQ(good, 1000);
  EXPECT_EQ(after.cxx - before.cxx, 0u);
  EXPECT_EQ(after.ossl - before.ossl, 0u);
}

}  // namespace
}  // namespace tlskit::crypto
