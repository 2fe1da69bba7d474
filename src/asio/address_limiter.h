// The per-source-address connection cap of tlskit::asio::server (off by default): counts open
// connections per IP address. Touched only at accept and close, and only when a cap is set.
#pragma once
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace tlskit::asio::detail {

class address_limiter {
 public:
  // Counts a new connection from address; false (and nothing counted) when address already has
  // cap connections open.
  bool try_add(const std::string& address, std::size_t cap);
  // Forgets one connection from address (one that try_add counted).
  void remove(const std::string& address);
  // Addresses with connections open (for tests).
  std::size_t addresses() const;

 private:
  mutable std::mutex mu_;
  std::unordered_map<std::string, std::size_t> open_;
};

}  // namespace tlskit::asio::detail
