// Where the system's trusted CA certificates are, found the way OpenSSL and Go find them:
// SSL_CERT_FILE / SSL_CERT_DIR first, then the bundle files and directories of the common Linux
// distributions.
#pragma once
#include <string>
#include <vector>

namespace tlskit::x509 {

// Environment variable that replaces the built-in list of candidate bundle files and
// directories (colon-separated; set and empty = no candidates). For tests (a machine "without
// ca-certificates") and systems with the bundle elsewhere; documented in docs/cli.md.
inline constexpr const char* kSystemCaPathsEnv = "TLSKIT_SYSTEM_CA_PATHS";

// The system trust store's location: what to load and what was looked at.
struct SystemRoots {
  std::vector<std::string> files;  // bundle files to load (at most one unless SSL_CERT_FILE)
  std::vector<std::string> dirs;   // hashed certificate directories to load
  std::vector<std::string> tried;  // every path looked at, in order, for error messages
  // True when a file or directory was found.
  bool found() const { return !files.empty() || !dirs.empty(); }
  // One line for reports: "/etc/ssl/certs/ca-certificates.crt", "SSL_CERT_FILE=/x.pem", ...
  std::string describe() const;
};

// The built-in candidates, in the order tried: bundle files of Debian/Ubuntu/Gentoo,
// Fedora/RHEL, openSUSE, OpenELEC, CentOS/RHEL 7, Alpine; then directories.
std::vector<std::string> default_system_ca_files();
std::vector<std::string> default_system_ca_dirs();

// Looks for the system trust store. SSL_CERT_FILE, when set, is the only bundle file tried
// (as Go does); SSL_CERT_DIR (colon-separated), when set, the only directories. Otherwise the
// first existing candidate file, and the candidate directories only when no file exists.
// Never fails: SystemRoots::found() says whether anything is there.
SystemRoots find_system_roots();

}  // namespace tlskit::x509
