// find_system_roots: SSL_CERT_FILE / SSL_CERT_DIR, then the distributions' bundle paths.
#include "x509/system_roots.h"

#include <sys/stat.h>

#include <cstdlib>
#include <string_view>

namespace tlskit::x509 {
namespace {

// Splits a colon-separated list, dropping empty elements.
std::vector<std::string> split_paths(std::string_view list) {
  std::vector<std::string> out;
  while (!list.empty()) {
    size_t colon = list.find(':');
    std::string_view part = list.substr(0, colon);
    if (!part.empty()) out.emplace_back(part);
    if (colon == std::string_view::npos) break;
    list.remove_prefix(colon + 1);
  }
  return out;
}

// True when path is a regular file (following links) we may try to read.
bool is_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// True when path is a directory.
bool is_dir(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// The value of an environment variable, or nullptr when unset.
const char* env(const char* name) { return std::getenv(name); }

}  // namespace

std::vector<std::string> default_system_ca_files() {
  return {
      "/etc/ssl/certs/ca-certificates.crt",                 // Debian, Ubuntu, Gentoo, Arch
      "/etc/pki/tls/certs/ca-bundle.crt",                   // Fedora, RHEL 6
      "/etc/ssl/ca-bundle.pem",                             // openSUSE, SLES
      "/etc/pki/tls/cacert.pem",                            // OpenELEC
      "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",  // CentOS, RHEL 7+
      "/etc/ssl/cert.pem",                                  // Alpine, macOS-style layouts
  };
}

std::vector<std::string> default_system_ca_dirs() {
  return {
      "/etc/ssl/certs",      // SLES 10/11, and Debian's hashed links
      "/etc/pki/tls/certs",  // Fedora, RHEL
  };
}

SystemRoots find_system_roots() {
  SystemRoots r;
  std::vector<std::string> files;
  std::vector<std::string> dirs;
  bool env_dirs = false;
  if (const char* f = env("SSL_CERT_FILE"); f && *f) {
    files = {f};
  } else if (const char* list = env(kSystemCaPathsEnv)) {
    for (auto& p : split_paths(list)) (is_dir(p) ? dirs : files).push_back(p);
  } else {
    files = default_system_ca_files();
  }
  if (const char* d = env("SSL_CERT_DIR"); d && *d) {
    dirs = split_paths(d);
    env_dirs = true;
  } else if (!env(kSystemCaPathsEnv)) {
    dirs = default_system_ca_dirs();
  }
  for (const auto& f : files) {
    r.tried.push_back(f);
    if (is_file(f)) {
      r.files.push_back(f);
      break;
    }
  }
  // A bundle holds what the directories hold (Debian's /etc/ssl/certs is the bundle's hashed
  // twin); read directories only without one, or when SSL_CERT_DIR asks for them.
  if (r.files.empty() || env_dirs) {
    for (const auto& d : dirs) {
      r.tried.push_back(d);
      if (is_dir(d)) r.dirs.push_back(d);
    }
  }
  return r;
}

std::string SystemRoots::describe() const {
  std::string out;
  for (const auto& f : files) out += (out.empty() ? "" : ", ") + f;
  for (const auto& d : dirs) out += (out.empty() ? "" : ", ") + d + "/";
  return out;
}

}  // namespace tlskit::x509
