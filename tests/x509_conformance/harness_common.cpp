// Divergence lists and tallies for the conformance harnesses.
#include "harness_common.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "x509/trust_store.h"

namespace tlskit::x509::conformance {

std::map<std::string, Divergence> load_divergences(const std::string& file) {
  std::map<std::string, Divergence> out;
  std::string path = std::string(X509_CONFORMANCE_DIR) + "/" + file;
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "cannot read divergence list %s\n", path.c_str());
    std::exit(2);
  }
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ls(line);
    std::string id, kind, reason;
    ls >> id >> kind;
    std::getline(ls, reason);
    while (!reason.empty() && reason.front() == ' ') reason.erase(reason.begin());
    if (id.empty() || (kind != "skip" && kind != "diverge") || reason.empty()) {
      std::fprintf(stderr, "%s:%d: expected '<id> skip|diverge <reason>'\n", path.c_str(), n);
      std::exit(2);
    }
    out[id] = Divergence{kind, reason};
  }
  return out;
}

bool Tally::should_run(const std::string& id) {
  seen_[id] = true;
  auto it = list_.find(id);
  if (it != list_.end() && it->second.kind == "skip") {
    ++skipped_;
    return false;
  }
  return true;
}

void Tally::skip(const std::string& id, const std::string& reason) {
  seen_[id] = true;
  (void)reason;
  ++skipped_;
}

void Tally::record(const std::string& id, bool expected_ok, bool actual_ok,
                   const std::string& why) {
  auto it = list_.find(id);
  bool listed = it != list_.end() && it->second.kind == "diverge";
  if (expected_ok == actual_ok) {
    if (listed) {
      ++stale_;
      std::printf("UNEXPECTED PASS %s (listed as a divergence: %s) -- remove it from the list\n",
                  id.c_str(), it->second.reason.c_str());
    } else {
      ++passed_;
    }
    return;
  }
  if (listed) {
    ++diverged_;
    return;
  }
  ++failed_;
  std::printf("FAIL %s: expected %s, got %s (%s)\n", id.c_str(),
              expected_ok ? "SUCCESS" : "FAILURE", actual_ok ? "SUCCESS" : "FAILURE", why.c_str());
}

int Tally::finish() {
  for (const auto& [id, d] : list_)
    if (!seen_.count(id)) std::printf("note: divergence list names unknown case %s\n", id.c_str());
  std::printf(
      "%s: %d skipped (unsupported feature or listed as skip), %d known divergences (listed with "
      "reasons, "
      "counted as skipped below)\n",
      name_.c_str(), skipped_, diverged_);
  // Known divergences are reported as skipped in the closing line (they neither pass nor fail
  // unexpectedly); stale divergence entries count as failures so the list stays accurate.
  std::printf("%s: %d passed, %d failed, %d skipped\n", name_.c_str(), passed_, failed_ + stale_,
              skipped_ + diverged_);
  return failed_ + stale_ == 0 ? 0 : 1;
}

Bytes read_or_die(const std::string& path) {
  auto r = read_file_bytes(path);
  if (!r) {
    std::fprintf(stderr, "%s\n", r.error().detail.c_str());
    std::exit(2);
  }
  return std::move(*r);
}

}  // namespace tlskit::x509::conformance
