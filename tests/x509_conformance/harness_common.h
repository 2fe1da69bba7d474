// Shared pieces of the X.509 conformance harnesses: the divergence list and the tally.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "base/bytes.h"

namespace tlskit::x509::conformance {

// One line of a divergence list: "<id> skip|diverge <reason>".
//   skip:    the case uses a feature we do not implement; it is not run.
//   diverge: our verdict knowingly differs from the expected one (reason says why).
struct Divergence {
  std::string kind;
  std::string reason;
};

// Loads a list from X509_CONFORMANCE_DIR/<file>; exits with a message on a malformed line.
std::map<std::string, Divergence> load_divergences(const std::string& file);

// Counts outcomes and prints one line per unexpected result.
class Tally {
 public:
  explicit Tally(std::string name, std::map<std::string, Divergence> list)
      : name_(std::move(name)), list_(std::move(list)) {}
  // True when the case should run (not listed as skip). Records the skip otherwise.
  bool should_run(const std::string& id);
  // Skips a case for a reason found at run time (e.g. an unsupported feature tag).
  void skip(const std::string& id, const std::string& reason);
  // Records a verdict: expected/actual pass-fail, with our reason for the actual result.
  void record(const std::string& id, bool expected_ok, bool actual_ok, const std::string& why);
  // Prints the summary; returns the process exit code (0 when nothing unexpected happened).
  int finish();

 private:
  std::string name_;
  std::map<std::string, Divergence> list_;
  std::map<std::string, bool> seen_;
  int passed_ = 0, failed_ = 0, skipped_ = 0, diverged_ = 0, stale_ = 0;
};

// Reads a whole file; exits with a message when it cannot.
Bytes read_or_die(const std::string& path);

}  // namespace tlskit::x509::conformance
