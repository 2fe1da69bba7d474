// Helpers for the crypto tests: Wycheproof loading, hex, pass/skip tallies and a fixed Rng.
#pragma once
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "base/bytes.h"
#include "base/rng.h"

namespace tlskit::testutil {

// Loads /wycheproof/<name> from the shared test data; fails the test when it is missing.
inline nlohmann::json load_wycheproof(const std::string& name) {
  std::string path = std::string(TLSKIT_TESTDATA) + "/wycheproof/" + name;
  std::ifstream f(path);
  EXPECT_TRUE(f.good()) << "cannot open " << path;
  if (!f.good()) return nlohmann::json::object();
  return nlohmann::json::parse(f);
}

// Hex to bytes; an invalid hex string in a vector file fails the test.
inline Bytes hex(const std::string& s) {
  auto r = from_hex(s);
  EXPECT_TRUE(r.ok()) << "bad hex in test vector: " << s.substr(0, 40);
  return r ? *r : Bytes{};
}

inline Bytes jhex(const nlohmann::json& j) { return hex(j.get<std::string>()); }

// Counts of a vector file's cases: each test asserts failed == 0 and a minimum of passed.
struct Tally {
  int passed = 0;
  int failed = 0;
  int skipped = 0;
  std::map<std::string, int> skip_reasons;

  void skip(const std::string& reason) {
    ++skipped;
    ++skip_reasons[reason];
  }
  // Prints "name: N passed, M skipped (reasons), F failed" to stdout.
  void print(const std::string& name) const {
    std::printf("[wycheproof] %s: %d passed, %d skipped, %d failed\n", name.c_str(), passed, skipped,
                failed);
    for (const auto& [reason, n] : skip_reasons) std::printf("    skipped %d: %s\n", n, reason.c_str());
  }
};

// An Rng that returns the given bytes (repeating them), to feed a known private key through
// generate_key_share.
class FixedRng final : public Rng {
 public:
  explicit FixedRng(Bytes b) : b_(std::move(b)) {}
  void fill(std::span<uint8_t> out) override {
    for (auto& o : out) {
      o = b_.empty() ? 0 : b_[pos_ % b_.size()];
      ++pos_;
    }
  }
  size_t consumed() const { return pos_; }

 private:
  Bytes b_;
  size_t pos_ = 0;
};

// A copy of v with byte i XORed with mask.
inline Bytes flipped(ByteView v, size_t i, uint8_t mask = 0x01) {
  Bytes b(v.begin(), v.end());
  if (i < b.size()) b[i] ^= mask;
  return b;
}

}  // namespace tlskit::testutil
