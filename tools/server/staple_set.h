// `tlskit server --ocsp FILE`: the staples of all the server's certificates, kept fresh while
// the server runs: files that change are read again, and every staple is checked again so a
// response is dropped the moment it goes stale, even when nobody rewrote its file.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "server/ocsp_file.h"
#include "server/ocsp_staple.h"
#include "tlskit/config.h"
#include "tlskit/result.h"

namespace tlskit::tools {

// Seconds between two looks at the OCSP files when no staple expires sooner.
inline constexpr int64_t kOcspFilePollSeconds = 60;

// The OCSP staples of N certificates, index-aligned with the server's --cert list. Not
// thread-safe: one owner calls refresh() (e.g. from the accept loop's timer) and publishes the
// Config it rebuilds.
class StapleSet {
 public:
  // Receives one reason line each time the decision for a certificate changes.
  using Log = std::function<void(const std::string&)>;

  // keys: the server's certificates in --cert order (their own ocsp_response is ignored);
  // files: index-aligned OCSP response paths, "" for a certificate without --ocsp; may be
  // shorter than keys. Fails with config_invalid when files is longer than keys (more --ocsp
  // than --cert) or a key is null. Nothing is read until the first refresh().
  static Result<StapleSet> create(std::vector<std::shared_ptr<const CertifiedKey>> keys,
                                  std::vector<std::string> files);

  // Reads the files that changed since the last call (all of them the first time) and decides
  // again for every certificate with a file at time now (Unix seconds): a stale staple is
  // dropped even when its file did not change. Calls log with the reason of each decision that
  // differs from the previous one. Returns true when any stapled bytes changed, i.e. when the
  // caller must publish a new Config (apply()).
  bool refresh(int64_t now, const Log& log);

  // The certificates with their current staples (a key without a staple has an empty
  // ocsp_response), index-aligned with keys.
  const std::vector<std::shared_ptr<const CertifiedKey>>& certificates() const { return current_; }

  // A new server Config: a copy of base whose certificates are certificates().
  std::shared_ptr<Config> apply(const Config& base) const;

  // The last decision for certificate i (reason empty for a certificate without a file, or
  // before the first refresh()).
  const StapleDecision& decision(size_t i) const { return entries_[i].decision; }

  // When to call refresh() next: the earliest expires_at of the current staples, or now +
  // kOcspFilePollSeconds if that is sooner; never before now.
  int64_t next_check(int64_t now) const;

 private:
  // One certificate: its key without a staple, its file (if any) and what was decided.
  struct Entry {
    std::shared_ptr<const CertifiedKey> base;  // ocsp_response emptied
    std::optional<OcspFileWatch> watch;        // empty: no --ocsp for this certificate
    Result<Bytes> contents = Bytes{};          // the file as last read, or why it could not be
    StapleDecision decision;
    bool decided = false;  // false before the first refresh()
  };
  StapleSet() = default;
  std::vector<Entry> entries_;
  std::vector<std::shared_ptr<const CertifiedKey>> current_;
};

}  // namespace tlskit::tools
