// find_system_roots: SSL_CERT_FILE / SSL_CERT_DIR, the candidate list and its override.
#include "x509/system_roots.h"

#include <gtest/gtest.h>

#include "scoped_env.h"
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

namespace tlskit::x509 {
namespace {

using test::ScopedEnv;

// A scratch directory with one bundle file and one certificate directory.
struct Scratch {
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("tlskit-roots-" + std::to_string(::getpid()));
  std::string bundle = (dir / "bundle.pem").string();
  std::string certs = (dir / "certs").string();
  Scratch() {
    std::filesystem::create_directories(certs);
    std::ofstream(bundle) << "not parsed here\n";
  }
  ~Scratch() { std::filesystem::remove_all(dir); }
};

TEST(SystemRoots, SslCertFileIsTheOnlyBundleTried) {
  Scratch s;
  ScopedEnv f("SSL_CERT_FILE", s.bundle), d("SSL_CERT_DIR", std::nullopt),
      l(kSystemCaPathsEnv, std::nullopt);
  SystemRoots r = find_system_roots();
  ASSERT_EQ(r.files.size(), 1u);
  EXPECT_EQ(r.files[0], s.bundle);
  EXPECT_TRUE(r.dirs.empty());  // a bundle was found: the default directories are not read
  EXPECT_EQ(r.tried.front(), s.bundle);
}

TEST(SystemRoots, SslCertDirListIsRead) {
  Scratch s;
  ScopedEnv f("SSL_CERT_FILE", s.dir.string() + "/missing.pem"),
      d("SSL_CERT_DIR", s.certs + ":" + s.dir.string() + "/missing-dir"),
      l(kSystemCaPathsEnv, std::nullopt);
  SystemRoots r = find_system_roots();
  EXPECT_TRUE(r.files.empty());
  ASSERT_EQ(r.dirs.size(), 1u);
  EXPECT_EQ(r.dirs[0], s.certs);
  EXPECT_EQ(r.tried.size(), 3u);
}

TEST(SystemRoots, OverrideReplacesTheCandidateList) {
  Scratch s;
  ScopedEnv f("SSL_CERT_FILE", std::nullopt), d("SSL_CERT_DIR", std::nullopt),
      l(kSystemCaPathsEnv, s.dir.string() + "/missing.pem:" + s.bundle);
  SystemRoots r = find_system_roots();
  ASSERT_EQ(r.files.size(), 1u);
  EXPECT_EQ(r.files[0], s.bundle);
  EXPECT_EQ(r.describe(), s.bundle);
}

TEST(SystemRoots, EmptyOverrideFindsNothing) {
  ScopedEnv f("SSL_CERT_FILE", std::nullopt), d("SSL_CERT_DIR", std::nullopt),
      l(kSystemCaPathsEnv, "");
  SystemRoots r = find_system_roots();
  EXPECT_FALSE(r.found());
  EXPECT_TRUE(r.tried.empty());
}

TEST(SystemRoots, DefaultListCoversTheDistributions) {
  auto files = default_system_ca_files();
  for (const char* want : {"/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt",
                           "/etc/ssl/ca-bundle.pem", "/etc/ssl/cert.pem",
                           "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem"})
    EXPECT_NE(std::find(files.begin(), files.end(), want), files.end()) << want;
}

}  // namespace
}  // namespace tlskit::x509
