// A test PKI made once per build instead of once per test process. CTest runs every test of a
// GoogleTest binary in a process of its own, and making the PKI with the `openssl` command
// (RSA key generation included) costs about half a second, more than most tests. The PKI is
// kept next to the test binary in test-pki/<name>-v<version>/ and reused while it is younger
// than kMaxPkiAgeDays; bump the version whenever the files a maker writes change.
#pragma once
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <functional>
#include <string>

namespace tlskit::testcache {

// A cached PKI older than this is made again (test certificates are valid for a year or more).
inline constexpr int kMaxPkiAgeDays = 30;

// The directory of the running test binary ("." when /proc is not there).
inline std::string binary_dir() {
  char buf[4096];
  ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return ".";
  std::string p(buf, static_cast<size_t>(n));
  size_t slash = p.rfind('/');
  return slash == std::string::npos ? "." : p.substr(0, slash);
}

// True when dir holds a complete PKI (its "complete" marker) made less than kMaxPkiAgeDays ago.
inline bool usable(const std::string& dir) {
  struct stat st {};
  if (::stat((dir + "/complete").c_str(), &st) != 0) return false;
  return std::time(nullptr) - st.st_mtime < static_cast<time_t>(kMaxPkiAgeDays) * 86400;
}

// Returns the directory of the PKI called name: the cached one when usable, otherwise one
// that make(dir) fills (make returns false on failure; the process then aborts). A new PKI is
// made in a private directory and renamed into place, so processes running in parallel never
// see half of one; when two make it at once, the first rename wins and the other is removed.
inline std::string cached_pki(const std::string& name, int version,
                              const std::function<bool(const std::string&)>& make) {
  const std::string root = binary_dir() + "/test-pki";
  const std::string final_dir = root + "/" + name + "-v" + std::to_string(version);
  if (usable(final_dir)) return final_dir;
  ::mkdir(root.c_str(), 0755);
  std::string tmpl = root + "/tmp-" + name + "-XXXXXX";
  if (::mkdtemp(tmpl.data()) == nullptr) {
    std::fprintf(stderr, "test PKI: cannot create a directory under %s\n", root.c_str());
    std::abort();
  }
  if (!make(tmpl)) {
    std::fprintf(stderr, "test PKI: making %s failed (files in %s)\n", name.c_str(), tmpl.c_str());
    std::abort();
  }
  std::ofstream(tmpl + "/complete") << "made by a test process\n";
  const std::string old = final_dir + ".old-" + std::to_string(::getpid());
  if (::rename(tmpl.c_str(), final_dir.c_str()) != 0) {
    // Another process won the race (usable now), or a stale PKI is in the way: move it aside.
    if (!usable(final_dir) && ::rename(final_dir.c_str(), old.c_str()) == 0 &&
        ::rename(tmpl.c_str(), final_dir.c_str()) == 0) {
      (void)std::system(("rm -rf '" + old + "'").c_str());
      return final_dir;
    }
    (void)std::system(("rm -rf '" + tmpl + "'").c_str());
    if (!usable(final_dir)) {
      std::fprintf(stderr, "test PKI: cannot put %s in place (errno %d)\n", final_dir.c_str(), errno);
      std::abort();
    }
  }
  return final_dir;
}

}  // namespace tlskit::testcache
