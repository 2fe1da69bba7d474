// RFC 5280 §6.1 policy tree.
#include "x509/policy.h"

#include <algorithm>
#include <map>
#include <set>

#include "x509/oid.h"

namespace tlskit::x509 {
namespace {

const std::string kAny(reinterpret_cast<const char*>(kOidAnyPolicy), sizeof kOidAnyPolicy);

std::string key(ByteView oid) {
  return std::string(reinterpret_cast<const char*>(oid.data()), oid.size());
}

struct Node {
  std::string policy;
  std::set<std::string> expected;
  int parent = -1;  // index into the previous level
  bool alive = true;
};

class Tree {
 public:
  bool null = false;
  std::vector<std::vector<Node>> levels;
  size_t count = 1;

  // Deletes the children of deleted nodes (RFC 5280: "delete the node and all its children").
  void propagate_down() {
    for (size_t lvl = 1; lvl < levels.size(); ++lvl)
      for (auto& n : levels[lvl])
        if (n.alive && (n.parent < 0 || !levels[lvl - 1][static_cast<size_t>(n.parent)].alive))
          n.alive = false;
  }
  // Removes nodes at depth < d without live children, repeatedly (RFC 5280 §6.1.3 (d)(3)).
  void prune(size_t d) {
    propagate_down();
    for (size_t lvl = d; lvl-- > 0;) {
      std::vector<bool> has_child(levels[lvl].size(), false);
      for (const auto& n : levels[lvl + 1])
        if (n.alive && n.parent >= 0) has_child[static_cast<size_t>(n.parent)] = true;
      for (size_t i = 0; i < levels[lvl].size(); ++i)
        if (!has_child[i]) levels[lvl][i].alive = false;
    }
    if (levels.empty() || !any_alive(0)) null = true;
  }
  bool any_alive(size_t lvl) const {
    for (const auto& n : levels[lvl])
      if (n.alive) return true;
    return false;
  }
  // True when the parent chain of node idx at level lvl is alive.
  bool alive(size_t lvl, size_t idx) const { return levels[lvl][idx].alive; }
};

std::string dotted(const std::string& k) {
  return der::oid_to_string(ByteView(reinterpret_cast<const uint8_t*>(k.data()), k.size()));
}

}  // namespace

PolicyResult process_policies(const std::vector<const Certificate*>& path, const PolicyInputs& in) {
  PolicyResult res;
  const size_t n = path.size();
  auto fail = [&](int code, size_t i, std::string detail) {
    res.code = code;
    res.depth = static_cast<int>(n - 1 - i);
    res.detail = std::move(detail);
    return res;
  };
  // §6.1.2 initialization.
  uint64_t explicit_policy = in.initial_explicit_policy ? 0 : n + 1;
  uint64_t inhibit_any = in.initial_any_policy_inhibit ? 0 : n + 1;
  uint64_t policy_mapping = in.initial_policy_mapping_inhibit ? 0 : n + 1;
  Tree t;
  t.levels.push_back({Node{kAny, {kAny}, -1, true}});

  for (size_t i = 0; i < n; ++i) {
    const Certificate& c = *path[i];
    const bool last = i + 1 == n;
    const size_t depth = i + 1;  // tree depth of this certificate's nodes
    // §6.1.3 (d).
    std::vector<PolicyInformation> any_only;
    const std::vector<PolicyInformation>* policies = c.policies ? &*c.policies : nullptr;
    if (!policies && i == 0 && in.first_is_anchor) {
      any_only.push_back(PolicyInformation{ByteView(kOidAnyPolicy), {}});
      policies = &any_only;
    }
    if (policies && !t.null) {
      std::vector<Node> level;
      auto& prev = t.levels[depth - 1];
      bool has_any = false;
      for (const auto& pi : *policies) {
        std::string p = key(pi.oid);
        if (p == kAny) {
          has_any = true;
          continue;
        }
        bool matched = false;
        for (size_t j = 0; j < prev.size(); ++j)
          if (prev[j].alive && prev[j].expected.count(p)) {
            level.push_back(Node{p, {p}, static_cast<int>(j), true});
            matched = true;
          }
        if (!matched)
          for (size_t j = 0; j < prev.size(); ++j)
            if (prev[j].alive && prev[j].policy == kAny)
              level.push_back(Node{p, {p}, static_cast<int>(j), true});
      }
      // (d)(2): anyPolicy is processed when not inhibited (or self-issued intermediate).
      if (has_any && (inhibit_any > 0 || (!last && c.self_issued) ||
                      (i == 0 && in.first_is_anchor && !c.policies))) {
        for (size_t j = 0; j < prev.size(); ++j) {
          if (!prev[j].alive) continue;
          for (const auto& e : prev[j].expected) {
            bool exists = false;
            for (const auto& x : level)
              if (x.parent == static_cast<int>(j) && x.policy == e) exists = true;
            if (!exists) level.push_back(Node{e, {e}, static_cast<int>(j), true});
          }
        }
      }
      t.count += level.size();
      if (t.count > kMaxPolicyNodes)
        return fail(42, i, "the certificate policy tree grew past its limit");
      t.levels.push_back(std::move(level));
      t.prune(depth);
      if (!t.null && !t.any_alive(depth)) t.null = true;
    } else {
      // (e): no certificatePolicies: the tree becomes NULL.
      t.null = true;
    }
    // (f).
    if (explicit_policy == 0 && t.null)
      return fail(43, i,
                  "an explicit certificate policy is required but the path has no valid policy");
    if (last) break;

    // §6.1.4 (a), (b): policy mappings.
    if (c.policy_mappings) {
      for (const auto& m : *c.policy_mappings)
        if (key(m.issuer_policy) == kAny || key(m.subject_policy) == kAny)
          return fail(42, i, "policyMappings maps to or from anyPolicy");
      if (!t.null) {
        std::map<std::string, std::set<std::string>> map;
        for (const auto& m : *c.policy_mappings)
          map[key(m.issuer_policy)].insert(key(m.subject_policy));
        auto& level = t.levels[depth];
        if (policy_mapping > 0) {
          for (const auto& [idp, sdps] : map) {
            bool found = false;
            for (auto& node : level)
              if (node.alive && node.policy == idp) {
                node.expected = sdps;
                found = true;
              }
            if (!found) {
              for (size_t k = 0; k < level.size(); ++k) {
                if (!level[k].alive || level[k].policy != kAny) continue;
                level.push_back(Node{idp, sdps, level[k].parent, true});
                ++t.count;
                break;
              }
            }
          }
        } else {
          for (auto& node : level)
            if (node.alive && map.count(node.policy)) node.alive = false;
          t.prune(depth);
          if (!t.null && !t.any_alive(depth)) t.null = true;
        }
      }
    }
    // (h).
    if (!c.self_issued) {
      if (explicit_policy) --explicit_policy;
      if (policy_mapping) --policy_mapping;
      if (inhibit_any) --inhibit_any;
    }
    // (i), (j).
    if (c.policy_constraints) {
      if (c.policy_constraints->require_explicit_policy &&
          *c.policy_constraints->require_explicit_policy < explicit_policy)
        explicit_policy = *c.policy_constraints->require_explicit_policy;
      if (c.policy_constraints->inhibit_policy_mapping &&
          *c.policy_constraints->inhibit_policy_mapping < policy_mapping)
        policy_mapping = *c.policy_constraints->inhibit_policy_mapping;
    }
    if (c.inhibit_any_policy && *c.inhibit_any_policy < inhibit_any)
      inhibit_any = *c.inhibit_any_policy;
  }

  // §6.1.5 wrap-up.
  const Certificate& leaf = *path.back();
  if (explicit_policy) --explicit_policy;
  if (leaf.policy_constraints && leaf.policy_constraints->require_explicit_policy &&
      *leaf.policy_constraints->require_explicit_policy == 0)
    explicit_policy = 0;

  // (g): intersection with the user-initial-policy-set.
  std::set<std::string> user;
  for (const auto& p : in.initial_policy_set) user.insert(key(p));
  bool user_any = user.empty() || user.count(kAny);
  if (!t.null && !user_any) {
    // Nodes whose parent is anyPolicy form the valid_policy_node_set.
    for (size_t lvl = 1; lvl < t.levels.size(); ++lvl) {
      auto& level = t.levels[lvl];
      for (auto& node : level) {
        if (!node.alive || node.parent < 0) continue;
        const Node& parent = t.levels[lvl - 1][static_cast<size_t>(node.parent)];
        if (parent.policy != kAny) continue;
        if (node.policy != kAny && !user.count(node.policy)) node.alive = false;
      }
    }
    // A leaf-level anyPolicy node is replaced by the user policies it stands for.
    size_t last = t.levels.size() - 1;
    if (last == n) {
      auto& level = t.levels[last];
      std::vector<Node> add;
      for (auto& node : level) {
        if (!node.alive || node.policy != kAny) continue;
        for (const auto& p : user) {
          bool exists = false;
          for (const auto& x : level)
            if (x.alive && x.policy == p) exists = true;
          if (!exists) add.push_back(Node{p, {p}, node.parent, true});
        }
        node.alive = false;
      }
      for (auto& a : add) level.push_back(std::move(a));
    }
    t.prune(t.levels.size() - 1);
    if (!t.null && !t.any_alive(t.levels.size() - 1)) t.null = true;
  }
  if (explicit_policy == 0 && t.null)
    return fail(43, n - 1,
                "an explicit certificate policy is required but no acceptable policy remains");
  if (!t.null && t.levels.size() == n + 1) {
    // The authorities-constrained set: for each leaf-level node, the policy of its topmost
    // ancestor below anyPolicy (the policy in the trust anchor's domain).
    std::set<std::string> auth;
    for (const auto& node : t.levels[n]) {
      if (!node.alive) continue;
      size_t lvl = n;
      const Node* cur = &node;
      std::string found = kAny;
      while (lvl > 0) {
        const Node& parent = t.levels[lvl - 1][static_cast<size_t>(cur->parent)];
        if (parent.policy == kAny && cur->policy != kAny) {
          found = cur->policy;
          break;
        }
        cur = &parent;
        --lvl;
      }
      auth.insert(found);
    }
    std::set<std::string> out;
    if (auth.count(kAny)) {
      out = user_any ? std::set<std::string>{kAny} : user;
    } else if (user_any) {
      out = auth;
    } else {
      for (const auto& a : auth)
        if (user.count(a)) out.insert(a);
    }
    for (const auto& p : out) res.user_constrained_policy_set.push_back(dotted(p));
  }
  return res;
}

}  // namespace tlskit::x509
