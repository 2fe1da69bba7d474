// Depth-first path building with loop detection, a depth limit and a work budget.
#include "x509/path_builder.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "x509/verify_codes.h"

namespace tlskit::x509 {
namespace {

std::string key_of(ByteView v) {
  return std::string(reinterpret_cast<const char*>(v.data()), v.size());
}

bool same_bytes(ByteView a, ByteView b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

class Builder {
 public:
  Builder(const CertPtr& leaf, std::span<const CertPtr> intermediates, const TrustStore& store,
          const ValidationParams& params, const crypto::Provider& provider)
      : store_(store), params_(params), provider_(provider) {
    std::unordered_set<std::string> seen{key_of(leaf->der())};
    for (const auto& c : intermediates) {
      if (!c || !seen.insert(key_of(c->der())).second) continue;
      by_subject_.emplace(c->subject.norm, pool_.size());
      pool_.push_back(c);
    }
    // The pool for CRL signer lookup also includes the trust store (only needed with CRLs).
    signer_pool_ = pool_;
    if (params.crl_check || params.crl_check_all)
      for (const auto& c : store.all()) signer_pool_.push_back(c);
    leaf_ = leaf;
  }

  ChainResult run() {
    std::vector<PathEntry> path;
    bool leaf_trusted = params_.trusted_leaf_ok && store_.contains(*leaf_);
    path.push_back(PathEntry{leaf_, leaf_trusted, leaf_trusted});
    dfs(path);
    if (found_) return std::move(best_);
    if (have_anchored_) return std::move(best_);
    if (have_incomplete_) return std::move(incomplete_);
    ChainResult r;
    r.code = kUnspecified;
    r.cause = "internal_error";
    r.detail = "no certification path could be examined";
    return r;
  }

 private:
  struct Candidate {
    CertPtr cert;
    bool anchor;
    bool from_store;
    int rank;
  };

  bool in_path(const std::vector<PathEntry>& path, const Certificate& c) const {
    // Loop detection: the same certificate, or the same subject and key (the same logical CA
    // re-issued), may appear only once.
    for (const auto& e : path) {
      if (same_bytes(e.cert->der(), c.der())) return true;
      if (e.cert->subject.matches(c.subject) && same_bytes(e.cert->key.spki, c.key.spki))
        return true;
    }
    return false;
  }

  // RFC 5280 §4.2.1.1 / RFC 4158 §3.5.12: when the child's AKI keyIdentifier and the
  // candidate's SKI are both present and differ, the candidate did not issue the child (OpenSSL
  // treats it the same way, so the chain then ends where OpenSSL's does).
  static bool key_ids_conflict(const Certificate& child, const Certificate& cand) {
    return child.authority_key_id && child.authority_key_id->key_id && cand.subject_key_id &&
           !same_bytes(*child.authority_key_id->key_id, *cand.subject_key_id);
  }

  int rank(const Certificate& child, const Certificate& cand, bool anchor) const {
    int r = 0;
    if (anchor) r += 8;
    if (child.authority_key_id && child.authority_key_id->key_id && cand.subject_key_id) {
      if (same_bytes(*child.authority_key_id->key_id, *cand.subject_key_id))
        r += 4;
      else
        r -= 16;
    }
    if (params_.time >= cand.not_before && params_.time <= cand.not_after) r += 2;
    return r;
  }

  void record_incomplete(const std::vector<PathEntry>& path, bool too_long) {
    if (have_incomplete_) return;
    have_incomplete_ = true;
    ChainResult& r = incomplete_;
    r.path = path;
    r.anchored = false;
    const size_t d = path.size() - 1;
    const Certificate& top = *path.back().cert;
    r.depth = static_cast<int>(d);
    if (too_long) {
      r.code = kCertChainTooLong;
      r.cause = "chain_too_long";
      r.detail = "no trust anchor was reached within " + std::to_string(params_.max_path_certs) +
                 " certificates";
      return;
    }
    r.missing_issuer = top.issuer_line();
    r.ca_issuers_urls = top.ca_issuers_urls();
    if (path.back().from_store) {
      r.code = kUnableToGetIssuerCert;
      r.cause = "missing_intermediate";
      r.detail = "the trust store holds '" + top.subject_line() +
                 "', which is not a root: its issuer '" + top.issuer_line() +
                 "' is not in the trust store";
    } else if (top.self_issued) {
      r.code = d == 0 ? kDepthZeroSelfSigned : kSelfSignedInChain;
      r.cause = d == 0 ? "self_signed" : "untrusted_root";
      r.detail = d == 0 ? "certificate '" + top.subject_line() +
                              "' is self-signed and not in the trust store"
                        : "the chain ends in the root '" + top.subject_line() +
                              "', which is not in the trust store";
    } else if (d >= 1) {
      // The peer sent a CA certificate whose issuer is nowhere: the chain leads to a root this
      // trust store does not hold (OpenSSL's code 20 at depth >= 1). A left-out higher
      // intermediate looks the same, and the fix text says so.
      r.code = kUnableToGetIssuerCertLocally;
      r.cause = "untrusted_root";
      r.detail = "the chain the peer sent ends at '" + top.subject_line() + "', whose issuer '" +
                 top.issuer_line() + "' is not in the trust store";
    } else {
      r.code = kUnableToGetIssuerCertLocally;
      r.cause = "missing_intermediate";
      r.detail = "the issuer '" + top.issuer_line() + "' of certificate '" + top.subject_line() +
                 "' was neither sent by the peer nor found in the trust store";
    }
  }

  void validate(const std::vector<PathEntry>& path) {
    ++paths_tried_;
    PathResult pr = validate_path(path, params_, signer_pool_, sigs_, provider_);
    if (pr.ok() || !have_anchored_) {
      best_ = ChainResult{};
      best_.code = pr.code;
      best_.depth = pr.depth;
      best_.cause = pr.cause;
      best_.detail = pr.detail;
      best_.path = path;
      best_.anchored = true;
      best_.policy_set = std::move(pr.policy_set);
      best_.paths_tried = paths_tried_;
      have_anchored_ = true;
      if (pr.ok()) found_ = true;
    }
  }

  void dfs(std::vector<PathEntry>& path) {
    if (found_ || ++steps_ > kMaxBuilderSteps || paths_tried_ >= kMaxPathsTried) return;
    const PathEntry& top = path.back();
    if (top.anchor) {
      validate(path);
      return;
    }
    if (path.size() >= params_.max_path_certs) {
      record_incomplete(path, true);
      return;
    }
    const Certificate& child = *top.cert;
    std::vector<Candidate> cands;
    for (const auto& s : store_.find_by_subject(child.issuer)) {
      if (in_path(path, *s) || key_ids_conflict(child, *s)) continue;
      bool anchor = params_.partial_chain || s->self_issued;
      cands.push_back(Candidate{s, anchor, true, rank(child, *s, anchor)});
    }
    auto range = by_subject_.equal_range(child.issuer.norm);
    for (auto it = range.first; it != range.second; ++it) {
      const CertPtr& c = pool_[it->second];
      if (in_path(path, *c) || store_.contains(*c) || key_ids_conflict(child, *c)) continue;
      cands.push_back(Candidate{c, false, false, rank(child, *c, false)});
    }
    if (cands.empty()) {
      record_incomplete(path, false);
      return;
    }
    std::stable_sort(cands.begin(), cands.end(),
                     [](const Candidate& a, const Candidate& b) { return a.rank > b.rank; });
    for (const auto& c : cands) {
      path.push_back(PathEntry{c.cert, c.anchor, c.from_store});
      dfs(path);
      path.pop_back();
      if (found_) return;
    }
  }

  const TrustStore& store_;
  const ValidationParams& params_;
  const crypto::Provider& provider_;
  CertPtr leaf_;
  std::vector<CertPtr> pool_;
  std::vector<CertPtr> signer_pool_;
  std::unordered_multimap<std::string, size_t> by_subject_;
  SignatureCache sigs_;
  size_t steps_ = 0;
  size_t paths_tried_ = 0;
  bool found_ = false;
  bool have_anchored_ = false;
  bool have_incomplete_ = false;
  ChainResult best_;
  ChainResult incomplete_;
};

}  // namespace

ChainResult verify_chain(const CertPtr& leaf, std::span<const CertPtr> intermediates,
                         const TrustStore& store, const ValidationParams& params,
                         const crypto::Provider& provider) {
  if (!leaf) {
    ChainResult r;
    r.code = kUnspecified;
    r.cause = "no_certificate";
    r.detail = "no certificate to verify";
    return r;
  }
  return Builder(leaf, intermediates, store, params, provider).run();
}

}  // namespace tlskit::x509
