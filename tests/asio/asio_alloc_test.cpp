// The stream reuses its buffers: once warm, reading and writing application data allocates
// nothing (counted by replacing the global operator new in this test binary; not under
// AddressSanitizer, whose own operator new checks every new/delete pair of the other tests).
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "asio_test_env.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define TLSKIT_TEST_ASAN 1  // the sanitizer's runtime owns operator new
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define TLSKIT_TEST_ASAN 1
#endif

namespace {
std::atomic<size_t> g_allocations{0};
}  // namespace

#if !defined(TLSKIT_TEST_ASAN)
void* operator new(std::size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return operator new(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
#endif

namespace tlskit::asio_test {
namespace {

TEST(AsioAllocations, SteadyStateReadsAndWritesAllocateNothing) {
#if defined(TLSKIT_TEST_ASAN)
  GTEST_SKIP() << "allocations are counted in the build without AddressSanitizer";
#endif
  ::asio::io_context io;
  auto sockets = socket_pair(io);
  tls_stream client(std::move(sockets.first), client_config(), tls_stream::client);
  tls_stream server(std::move(sockets.second), server_config(), tls_stream::server);
  bool c = false, s = false;
  client.async_handshake(tls_stream::client, [&](std::error_code ec) { c = !ec; });
  server.async_handshake(tls_stream::server, [&](std::error_code ec) { s = !ec; });
  ASSERT_TRUE(run_until(io, [&] { return c && s; }));

  std::array<char, 4096> out{};
  std::array<char, 4096> in{};
  // One round: the server writes 4 KiB, the client reads them (bounded by a deadline).
  auto round = [&]() -> bool {
    bool wrote = false, read = false, failed = false;
    io.restart();  // it stops whenever it runs out of work
    server.async_write_some(::asio::buffer(out), [&](std::error_code ec, size_t) {
      wrote = true;
      failed |= static_cast<bool>(ec);
    });
    ::asio::async_read(client, ::asio::buffer(in), [&](std::error_code ec, size_t) {
      read = true;
      failed |= static_cast<bool>(ec);
    });
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!(wrote && read) && std::chrono::steady_clock::now() < deadline)
      io.run_one_for(std::chrono::milliseconds(100));
    return wrote && read && !failed;
  };
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(round());  // warm up: buffers reach their size
  const size_t before = g_allocations.load();
  for (int i = 0; i < 200; ++i) ASSERT_TRUE(round());
  EXPECT_EQ(g_allocations.load() - before, 0u) << "allocations in 200 steady-state rounds";
}

}  // namespace
}  // namespace tlskit::asio_test
