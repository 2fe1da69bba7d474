// Follow-up probes: plan (pure) and real runner.
#include "inspector/probes.h"

#include <algorithm>

#include "crypto/registry.h"
#include "inspector/crafted_probes.h"

namespace tlskit::tools {
namespace {

template <typename T>
bool contains(const std::vector<T>& v, const T& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

std::vector<CipherSuite> implemented_suites(ProtocolVersion v) {
  std::vector<CipherSuite> out;
  for (const auto& s : crypto::kSuites)
    if (s.version == v) out.push_back(s.suite);
  return out;
}

std::vector<ProbeResult> run_probe_plan(const Report& r, ProbeNeed need,
                                        const std::vector<NamedGroup>& groups,
                                        const ProbeRunner& run) {
  std::vector<ProbeResult> results;
  bool groups_without_hybrids = false;  // the hybrid shares seem to be what gets dropped
  if (need == ProbeNeed::none) return results;
  auto probe = [&](const ProbeSpec& s) -> const ProbeResult* {
    if (results.size() >= kMaxProbes) return nullptr;
    ProbeResult p = run(s);
    p.id = s.id;
    p.description = s.description;
    p.versions = s.versions;
    p.cipher_suites = s.cipher_suites;
    p.groups = s.groups;
    results.push_back(std::move(p));
    return &results.back();
  };

  // 0. A hello that got no answer carried a post-quantum share: the same offer without it.
  if (need == ProbeNeed::post_quantum) {
    ProbeSpec s;
    s.id = kProbeWithoutPostQuantum;
    s.description = "the same offer without the post-quantum (X25519MLKEM768) key share";
    s.versions = r.settings.versions;
    s.cipher_suites = r.settings.cipher_suites;
    for (NamedGroup g : r.settings.groups)
      if (!crypto::is_hybrid_group(g) && !is_grease(static_cast<uint16_t>(g))) s.groups.push_back(g);
    if (s.versions.empty() || s.cipher_suites.empty() || s.groups.empty()) return results;
    const ProbeResult* p = probe(s);
    if (!p || p->accepted || !r.error || r.error->code == ErrorCode::timeout) return results;
    need = ProbeNeed::negotiation;  // still dropped: the negotiation probes may tell why
    groups_without_hybrids = true;
  }
  std::vector<NamedGroup> probe_groups;
  for (NamedGroup g : groups)
    if (!groups_without_hybrids || !crypto::is_hybrid_group(g)) probe_groups.push_back(g);

  // 1. Each version alone, with everything else as wide as tlskit can offer.
  std::vector<std::pair<ProtocolVersion, CipherSuite>> accepted;  // version -> first suite
  for (ProtocolVersion v : {ProtocolVersion::tls1_3, ProtocolVersion::tls1_2}) {
    ProbeSpec s;
    s.id = version_id(v) + "_only";
    s.description = version_name(v) + " only, every cipher suite and group tlskit implements";
    s.versions = {v};
    s.cipher_suites = implemented_suites(v);
    s.groups = probe_groups;
    const ProbeResult* p = probe(s);
    if (p && p->accepted && p->cipher_suite) accepted.emplace_back(v, *p->cipher_suite);
  }
  if (need != ProbeNeed::negotiation) return results;

  // 2. For the versions both sides allow: which suites the server accepts, by elimination.
  std::vector<ProtocolVersion> common;
  for (auto& [v, first] : accepted) {
    if (!contains(r.settings.versions, v)) continue;
    common.push_back(v);
    std::vector<CipherSuite> rest = implemented_suites(v);
    rest.erase(std::remove(rest.begin(), rest.end(), first), rest.end());
    for (size_t i = 0; i < kMaxSuiteProbesPerVersion && !rest.empty(); ++i) {
      ProbeSpec s;
      s.id = version_id(v) + "_suites_" + std::to_string(i + 2);
      s.description = version_name(v) + " without the suites already accepted";
      s.versions = {v};
      s.cipher_suites = rest;
      s.groups = probe_groups;
      const ProbeResult* p = probe(s);
      if (!p || !p->accepted || !p->cipher_suite) break;
      CipherSuite got = *p->cipher_suite;
      size_t before = rest.size();
      rest.erase(std::remove(rest.begin(), rest.end(), got), rest.end());
      if (rest.size() == before) break;  // the server chose something not offered: stop
    }
  }
  if (common.empty()) return results;

  // 3. Which groups the server accepts, one at a time.
  std::vector<CipherSuite> suites;
  for (ProtocolVersion v : common)
    for (CipherSuite c : implemented_suites(v)) suites.push_back(c);
  for (NamedGroup g : probe_groups) {
    ProbeSpec s;
    s.id = "group_" + group_name(g);
    s.description = "only the group " + group_name(g);
    s.versions = common;
    s.cipher_suites = suites;
    s.groups = {g};
    if (!probe(s)) break;
  }
  return results;
}

std::vector<ProbeResult> run_probes(const Report& r, ProbeNeed need, const Config& config,
                                    const Connector& connector, const Clock& clock) {
  const crypto::Provider& provider =
      config.provider != nullptr ? *config.provider : crypto::default_provider();
  std::vector<NamedGroup> groups;
  for (NamedGroup g : crypto::kDefaultGroups)
    if (provider.supports_group(g)) groups.push_back(g);

  ProbeRunner runner = [&](const ProbeSpec& s) {
    ProbeResult result;
    auto cfg = std::make_shared<Config>(config);
    auto [lo, hi] = std::minmax_element(s.versions.begin(), s.versions.end(),
                                        [](ProtocolVersion a, ProtocolVersion b) {
                                          return static_cast<uint16_t>(a) < static_cast<uint16_t>(b);
                                        });
    cfg->min_version = *lo;
    cfg->max_version = *hi;
    cfg->cipher_suites = s.cipher_suites;
    cfg->groups = s.groups;
    cfg->key_share_count = 1;
    cfg->alpn.clear();
    cfg->verify_peer = false;
    cfg->client_certificate.reset();
    cfg->key_log = nullptr;
    auto t = connector();
    if (!t) {
      result.error = t.error();
      return result;
    }
    RunOptions o;
    o.io_timeout_ms = 3000;
    o.handshake_timeout_ms = 5000;
    o.linger_ms = 0;
    o.linger_client_auth_ms = 0;
    Report pr;
    pr.origin_us = clock.monotonic_micros();
    run_client_handshake(cfg, **t, clock, o, pr);
    result.accepted = pr.info.cipher_suite.has_value();
    result.version = pr.info.version;
    result.cipher_suite = pr.info.cipher_suite;
    result.group = pr.info.group;
    if (!result.accepted) result.error = pr.error;
    return result;
  };
  std::vector<ProbeResult> results = run_probe_plan(r, need, groups, runner);
  // tlskit's own probes found nothing the server accepts: ask with crafted hellos what it wants.
  if (crafted_probes_wanted(need, results))
    for (ProbeResult& p : run_crafted_probes(r, connector, clock)) results.push_back(std::move(p));
  return results;
}

}  // namespace tlskit::tools
