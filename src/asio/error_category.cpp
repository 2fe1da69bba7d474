// The tlskit error category of the asio layer and its table of recent error texts.
//
// An error code's value is (ticket << 8) | (ErrorCode + 1): the low byte gives the condition,
// the ticket (a counter, never 0 for a recorded text) names a slot of a fixed table where the
// text is kept. Each slot is a seqlock made only of atomics, so writers and readers on any
// threads never lock and never race; a reader that sees the slot rewritten (another ticket)
// says the detail is gone instead of showing someone else's.
#include "tlskit/asio/error.h"

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

namespace tlskit {
namespace asio {
namespace {

constexpr uint32_t kCodeBits = 8;
constexpr uint32_t kCodeMask = (1u << kCodeBits) - 1;
// Tickets use the remaining 23 bits of a positive int.
constexpr uint32_t kTicketMask = (1u << 23) - 1;
// Attempts of a reader that keeps meeting a writer before it gives up on the text.
constexpr int kReadAttempts = 8;

// One kept text: version is odd while a writer fills it.
struct Slot {
  std::atomic<uint32_t> version{0};
  std::atomic<uint32_t> ticket{0};
  std::atomic<uint32_t> length{0};
  std::array<std::atomic<char>, kMaxErrorText> text{};
};

std::array<Slot, kRecentErrors>& slots() {
  static std::array<Slot, kRecentErrors> table;
  return table;
}

std::atomic<uint32_t> g_next_ticket{1};

uint32_t next_ticket() {
  for (;;) {
    const uint32_t t = g_next_ticket.fetch_add(1, std::memory_order_relaxed) & kTicketMask;
    if (t != 0) return t;
  }
}

// Stores text under ticket; false when another writer holds the slot.
bool store(uint32_t ticket, const std::string& text) {
  Slot& s = slots()[ticket % kRecentErrors];
  uint32_t v = s.version.load(std::memory_order_relaxed);
  if ((v & 1) != 0 ||
      !s.version.compare_exchange_strong(v, v + 1, std::memory_order_acquire,
                                         std::memory_order_relaxed))
    return false;
  std::atomic_thread_fence(std::memory_order_release);
  const bool cut = text.size() > kMaxErrorText;
  const size_t n = cut ? kMaxErrorText : text.size();
  for (size_t i = 0; i < n; ++i) s.text[i].store(text[i], std::memory_order_relaxed);
  if (cut) {
    for (size_t i = n - 3; i < n; ++i) s.text[i].store('.', std::memory_order_relaxed);
  }
  s.length.store(static_cast<uint32_t>(n), std::memory_order_relaxed);
  s.ticket.store(ticket, std::memory_order_relaxed);
  s.version.store(v + 2, std::memory_order_release);
  return true;
}

// The text kept under ticket, or nullopt when it was replaced (or is being written).
std::optional<std::string> load(uint32_t ticket) {
  const Slot& s = slots()[ticket % kRecentErrors];
  for (int attempt = 0; attempt < kReadAttempts; ++attempt) {
    const uint32_t v1 = s.version.load(std::memory_order_acquire);
    if ((v1 & 1) != 0) continue;
    const uint32_t t = s.ticket.load(std::memory_order_relaxed);
    const uint32_t n = s.length.load(std::memory_order_relaxed);
    std::string out;
    if (t == ticket) {
      out.resize(n <= kMaxErrorText ? n : 0);
      for (size_t i = 0; i < out.size(); ++i) out[i] = s.text[i].load(std::memory_order_relaxed);
    }
    std::atomic_thread_fence(std::memory_order_acquire);
    if (s.version.load(std::memory_order_relaxed) != v1) continue;
    if (t != ticket) return std::nullopt;
    return out;
  }
  return std::nullopt;
}

class Category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "tlskit"; }

  std::string message(int value) const override {
    const uint32_t v = static_cast<uint32_t>(value);
    const uint32_t code = v & kCodeMask;
    const uint32_t ticket = v >> kCodeBits;
    if (code == 0) return "tlskit: no error";
    const char* code_name = error_code_name(static_cast<ErrorCode>(code - 1));
    if (ticket == 0) return code_name;
    if (auto text = load(ticket)) return *text;
    return std::string(code_name) + " (its detail was replaced by newer errors; the stream's " +
           "tls_error() has it while the stream lives)";
  }

  std::error_condition default_error_condition(int value) const noexcept override {
    return std::error_condition(static_cast<int>(static_cast<uint32_t>(value) & kCodeMask), *this);
  }
};

}  // namespace

const std::error_category& error_category() noexcept {
  static const Category category;
  return category;
}

std::error_code make_error_code(ErrorCode c) noexcept {
  return std::error_code(static_cast<int>(c) + 1, error_category());
}

std::error_code make_error_code(const Error& e) {
  const uint32_t code = static_cast<uint32_t>(e.code) + 1;
  const uint32_t ticket = next_ticket();
  if (!store(ticket, e.to_string())) return make_error_code(e.code);
  return std::error_code(static_cast<int>((ticket << kCodeBits) | code), error_category());
}

std::optional<ErrorCode> tls_error_code(const std::error_code& ec) noexcept {
  if (ec.category() != error_category() || !ec) return std::nullopt;
  return static_cast<ErrorCode>((static_cast<uint32_t>(ec.value()) & kCodeMask) - 1);
}

}  // namespace asio

std::error_condition make_error_condition(ErrorCode c) noexcept {
  return std::error_condition(static_cast<int>(c) + 1, asio::error_category());
}

}  // namespace tlskit
