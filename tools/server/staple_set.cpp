// Keeping the OCSP staples of a server's certificates fresh.
#include "server/staple_set.h"

#include <algorithm>

namespace tlskit::tools {

Result<StapleSet> StapleSet::create(std::vector<std::shared_ptr<const CertifiedKey>> keys,
                                    std::vector<std::string> files) {
  if (files.size() > keys.size())
    return make_error(ErrorCode::config_invalid, Alert::none, Party::config, Step::config,
                      "--ocsp: " + std::to_string(files.size()) + " OCSP files for " +
                          std::to_string(keys.size()) +
                          " certificates; give at most one --ocsp per --cert, in the same order");
  StapleSet set;
  for (size_t i = 0; i < keys.size(); ++i) {
    if (!keys[i])
      return make_error(ErrorCode::internal_error, Alert::none, Party::us, Step::config,
                        "--ocsp: certificate " + std::to_string(i + 1) + " is missing");
    Entry e;
    e.base = keys[i]->ocsp_response.empty() ? keys[i] : with_staple(*keys[i], Bytes{});
    if (i < files.size() && !files[i].empty()) e.watch.emplace(files[i]);
    set.current_.push_back(e.base);
    set.entries_.push_back(std::move(e));
  }
  return set;
}

bool StapleSet::refresh(int64_t now, const Log& log) {
  bool any_changed = false;
  for (size_t i = 0; i < entries_.size(); ++i) {
    Entry& e = entries_[i];
    if (!e.watch) continue;
    if (e.watch->changed()) e.contents = read_ocsp_file(e.watch->path());
    StapleDecision d;
    if (e.contents) {
      d = decide_staple(*e.contents, *e.base, now, e.watch->path());
    } else {
      d.reason = "not stapling for certificate " + std::to_string(i + 1) + ": " +
                 e.contents.error().detail;
    }
    const bool bytes_changed = d.response != e.decision.response;
    if (!e.decided || d.reason != e.decision.reason) {
      if (log) log(d.reason);
    }
    if (bytes_changed) {
      current_[i] = d.response.empty() ? e.base : with_staple(*e.base, d.response);
      any_changed = true;
    }
    e.decision = std::move(d);
    e.decided = true;
  }
  return any_changed;
}

std::shared_ptr<Config> StapleSet::apply(const Config& base) const {
  auto cfg = std::make_shared<Config>(base);
  cfg->certificates = current_;
  return cfg;
}

int64_t StapleSet::next_check(int64_t now) const {
  int64_t next = now + kOcspFilePollSeconds;
  for (const Entry& e : entries_)
    if (!e.decision.response.empty() && e.decision.expires_at)
      next = std::min(next, std::max(now, *e.decision.expires_at));
  return next;
}

}  // namespace tlskit::tools
