// Golden files: compare rendered output byte for byte with tests/tools/golden/<name>, or
// rewrite them when TLSKIT_UPDATE_GOLDEN=1 is set in the environment.
#pragma once
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace tlskit::tools::testing {

inline std::string read_text_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// Compares actual with the golden file; on mismatch reports the first differing line.
inline void expect_golden(const std::string& name, const std::string& actual) {
  std::string path = std::string(TLSKIT_GOLDEN_DIR) + "/" + name;
  const char* update = std::getenv("TLSKIT_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f << actual;
    ASSERT_TRUE(f.good()) << "cannot write " << path;
    return;
  }
  std::ifstream probe(path);
  ASSERT_TRUE(probe.good()) << "missing golden file " << path
                            << " (run the test with TLSKIT_UPDATE_GOLDEN=1 to create it)";
  std::string expected = read_text_file(path);
  if (expected == actual) return;
  std::istringstream a(actual), e(expected);
  std::string la, le;
  int line = 1;
  for (;; ++line) {
    bool ga = static_cast<bool>(std::getline(a, la));
    bool ge = static_cast<bool>(std::getline(e, le));
    if (!ga && !ge) break;
    if (!ga || !ge || la != le) break;
  }
  ADD_FAILURE() << name << " differs from the golden file at line " << line << ":\n  expected: "
                << le << "\n  actual:   " << la
                << "\n(if the change is intended, regenerate with TLSKIT_UPDATE_GOLDEN=1)";
}

}  // namespace tlskit::tools::testing
