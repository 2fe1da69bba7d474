// libFuzzer target: the STARTTLS exchanges against arbitrary server bytes. The first byte picks
// the protocol; the rest is what the server sends. Must end (bounded) without crashing.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include "base/clock.h"
#include "starttls/starttls.h"

namespace {

class Script final : public tlskit::tools::Transport {
 public:
  Script(const uint8_t* d, size_t n) : d_(d), n_(n) {}
  tlskit::Result<size_t> read(tlskit::MutableByteView out, int) override {
    if (pos_ >= n_) return size_t{0};
    size_t k = std::min(out.size(), n_ - pos_);
    std::memcpy(out.data(), d_ + pos_, k);
    pos_ += k;
    return k;
  }
  tlskit::Result<void> write(tlskit::ByteView, int) override { return tlskit::ok(); }

 private:
  const uint8_t* d_;
  size_t n_;
  size_t pos_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tlskit::tools;
  if (size == 0) return 0;
  static constexpr StartTls kProtocols[] = {StartTls::smtp, StartTls::imap, StartTls::pop3, StartTls::ftp,
                                            StartTls::postgres, StartTls::xmpp, StartTls::ldap, StartTls::mysql};
  StartTls p = kProtocols[data[0] % 8];
  Script t(data + 1, size - 1);
  tlskit::FixedClock clock(1800000000, 0);
  auto r = run_starttls(p, t, clock, 1'000'000);
  if (!r && r.error().detail.empty()) std::abort();  // every failure says what
  std::string line(reinterpret_cast<const char*>(data), size);
  (void)parse_numeric_reply(line);
  return 0;
}
