// address_limiter: a count per address under one mutex (accept and close only).
#include "address_limiter.h"

namespace tlskit::asio::detail {

bool address_limiter::try_add(const std::string& address, std::size_t cap) {
  std::lock_guard<std::mutex> lock(mu_);
  std::size_t& n = open_[address];
  if (n >= cap) {
    if (n == 0) open_.erase(address);
    return false;
  }
  ++n;
  return true;
}

void address_limiter::remove(const std::string& address) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = open_.find(address);
  if (it == open_.end()) return;
  if (--it->second == 0) open_.erase(it);
}

std::size_t address_limiter::addresses() const {
  std::lock_guard<std::mutex> lock(mu_);
  return open_.size();
}

}  // namespace tlskit::asio::detail
