// Enumeration strategies (version, suites, groups, signature schemes) over a BatchRunner.
#include "probe/enumerate.h"

#include <algorithm>

#include "probe/key_shares.h"
#include "probe/suite_traits.h"

namespace tlskit::probe {
namespace {

template <typename T>
bool contains(const std::vector<T>& v, const T& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// The server answered this probe with a ServerHello (not an HRR) of exactly version v.
const ProbeServerHello* hello_of(const ProbeOutcome& o, ProtocolVersion v) {
  const ProbeServerHello* sh = o.server_hello();
  if (!sh || sh->version != v) return nullptr;
  return sh;
}

AcceptedSuite accepted_suite(const ProbeOutcome& o) {
  AcceptedSuite a;
  a.suite = o.server_hello()->cipher_suite;
  a.group = answer_group(o);
  a.key_exchange = o.answer.key_exchange;
  return a;
}

ProbeRequest request(std::string label, HelloSpec h) {
  ProbeRequest r;
  r.label = std::move(label);
  r.hello = std::move(h);
  return r;
}

// TLS 1.3 per-suite state: ordered elimination among `accepted`.
void order_by_elimination(const BatchRunner& run, const std::string& label, HelloSpec base,
                          std::vector<CipherSuite> rest, std::vector<CipherSuite>& order,
                          size_t& probes) {
  while (rest.size() > 1) {
    base.cipher_suites = rest;
    auto out = run({request(label + "_order_" + std::to_string(order.size() + 1), base)});
    ++probes;
    const ProbeServerHello* sh = out[0].server_hello();
    if (!sh || !contains(rest, sh->cipher_suite)) break;
    order.push_back(sh->cipher_suite);
    rest.erase(std::remove(rest.begin(), rest.end(), sh->cipher_suite), rest.end());
  }
  for (CipherSuite s : rest) order.push_back(s);
}

}  // namespace

std::optional<NamedGroup> answer_group(const ProbeOutcome& o) {
  const ProbeServerHello* sh = o.server_hello();
  if (sh && sh->key_share_group) return sh->key_share_group;
  if (const auto& k = o.answer.key_exchange) {
    if (k->kind == KeyExchangeParams::Kind::ecdh) return k->curve;
    if (k->kind == KeyExchangeParams::Kind::dh && k->ffdhe_group) return k->ffdhe_group;
  }
  return std::nullopt;
}

std::vector<ProtocolVersion> probe_versions() {
  return {ProtocolVersion::ssl3, ProtocolVersion::tls1_0, ProtocolVersion::tls1_1,
          ProtocolVersion::tls1_2, ProtocolVersion::tls1_3};
}

std::vector<SignatureScheme> probe_signature_schemes() {
  static constexpr uint16_t kSchemes[] = {
      0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x0804, 0x0805, 0x0806, 0x0809, 0x080A, 0x080B,
      0x0401, 0x0501, 0x0601, 0x081A, 0x081B, 0x081C, 0x0904, 0x0905, 0x0906, 0x0303, 0x0301,
      0x0402, 0x0203, 0x0201, 0x0202};
  std::vector<SignatureScheme> out;
  for (uint16_t v : kSchemes) out.push_back(static_cast<SignatureScheme>(v));
  return out;
}

HelloSpec full_offer(ProtocolVersion v, const std::string& server_name) {
  HelloSpec h;
  h.version = v;
  h.cipher_suites = suites_for_version(v);
  // RFC 5746 §3.3: the SCSV signals secure renegotiation to servers that ignore extensions.
  if (v != ProtocolVersion::tls1_3) h.cipher_suites.push_back(CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV);
  h.groups = probe_groups(v);
  // RFC 5246 §7.4.1.4.1: signature_algorithms exists from TLS 1.2 on.
  if (v >= ProtocolVersion::tls1_2) h.signature_schemes = probe_signature_schemes();
  if (v == ProtocolVersion::tls1_3) h.key_shares = {NamedGroup::x25519, NamedGroup::secp256r1};
  h.server_name = server_name;
  return h;
}

std::vector<ProtocolVersion> ProtocolSupport::supported() const {
  std::vector<ProtocolVersion> out;
  for (const VersionProbe& v : versions)
    if (v.supported) out.push_back(v.version);
  return out;
}

ProtocolSupport probe_protocols(const BatchRunner& run, const std::string& server_name,
                                const std::vector<ProtocolVersion>& versions, bool with_sslv2) {
  std::vector<ProbeRequest> batch;
  if (with_sslv2) {
    ProbeRequest r;
    r.label = "sslv2";
    r.sslv2 = true;
    r.sslv2_ciphers = sslv2_cipher_kinds();
    batch.push_back(std::move(r));
  }
  for (ProtocolVersion v : versions) batch.push_back(request(version_id(v), full_offer(v, server_name)));
  std::vector<ProbeOutcome> out = run(batch);
  ProtocolSupport p;
  size_t i = 0;
  if (with_sslv2 && i < out.size()) {
    const ProbeOutcome& o = out[i++];
    if (o.answer.sslv2 && o.answer.sslv2->server_hello) {
      p.sslv2 = o.answer.sslv2->server_hello->version == kSslv2Version;
      p.sslv2_ciphers = o.answer.sslv2->server_hello->cipher_specs;
    }
    p.sslv2_outcome = o;
  }
  for (ProtocolVersion v : versions) {
    VersionProbe vp;
    vp.version = v;
    if (i < out.size()) {
      vp.outcome = out[i++];
      vp.supported = hello_of(vp.outcome, v) != nullptr ||
                     (v == ProtocolVersion::tls1_3 && vp.outcome.server_hello() &&
                      vp.outcome.server_hello()->hello_retry_request);
    }
    p.versions.push_back(std::move(vp));
  }
  return p;
}

std::vector<SuiteList> enumerate_suites(const BatchRunner& run, const std::string& server_name,
                                        const std::vector<ProtocolVersion>& versions,
                                        const EnumerationLimits& limits) {
  std::vector<SuiteList> lists;
  size_t budget = limits.max_connections;
  auto spend = [&](size_t n) { budget = n > budget ? 0 : budget - n; };

  // TLS 1.2 and older: lock-step elimination across versions.
  struct Chain {
    size_t list;
    std::vector<CipherSuite> rest;
    bool active = true;
  };
  std::vector<Chain> chains;
  for (ProtocolVersion v : versions) {
    SuiteList l;
    l.version = v;
    lists.push_back(l);
    if (v != ProtocolVersion::tls1_3) chains.push_back(Chain{lists.size() - 1, suites_for_version(v)});
  }
  // Each round removes one suite from each active chain or ends it, so rounds <= suites.
  for (size_t round = 0; round < 512; ++round) {
    std::vector<ProbeRequest> batch;
    std::vector<size_t> who;
    for (size_t c = 0; c < chains.size(); ++c) {
      Chain& ch = chains[c];
      SuiteList& l = lists[ch.list];
      if (!ch.active) continue;
      if (ch.rest.empty() || (limits.max_suites_per_version && l.suites.size() >= limits.max_suites_per_version) ||
          budget <= batch.size()) {
        if (!ch.rest.empty()) {
          l.complete = false;
          l.note = "stopped by the probe limit";
        }
        ch.active = false;
        continue;
      }
      HelloSpec h = full_offer(l.version, server_name);
      h.cipher_suites = ch.rest;
      h.cipher_suites.push_back(CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV);
      batch.push_back(request(version_id(l.version) + "_suites_" + std::to_string(l.suites.size() + 1), h));
      who.push_back(c);
    }
    if (batch.empty()) break;
    auto out = run(batch);
    spend(batch.size());
    for (size_t i = 0; i < who.size() && i < out.size(); ++i) {
      Chain& ch = chains[who[i]];
      SuiteList& l = lists[ch.list];
      ++l.probes;
      const ProbeServerHello* sh = hello_of(out[i], l.version);
      if (!sh) {
        ch.active = false;  // refused: every suite left is unsupported
        continue;
      }
      if (!contains(ch.rest, sh->cipher_suite)) {
        // RFC 5246 §7.4.1.3: the server must pick one of the offered suites.
        l.complete = false;
        l.note = "the server chose " + cipher_suite_name(sh->cipher_suite) + ", which was not offered";
        ch.active = false;
        continue;
      }
      l.suites.push_back(accepted_suite(out[i]));
      ch.rest.erase(std::remove(ch.rest.begin(), ch.rest.end(), sh->cipher_suite), ch.rest.end());
    }
  }
  // Server order for TLS 1.2 and older: the found suites reversed, one batch.
  {
    std::vector<ProbeRequest> batch;
    std::vector<size_t> who;
    for (size_t i = 0; i < lists.size(); ++i) {
      SuiteList& l = lists[i];
      if (l.version == ProtocolVersion::tls1_3 || l.suites.size() < 2 || budget <= batch.size()) continue;
      HelloSpec h = full_offer(l.version, server_name);
      h.cipher_suites.clear();
      for (auto it = l.suites.rbegin(); it != l.suites.rend(); ++it) h.cipher_suites.push_back(it->suite);
      batch.push_back(request(version_id(l.version) + "_order", h));
      who.push_back(i);
    }
    if (!batch.empty()) {
      auto out = run(batch);
      spend(batch.size());
      for (size_t i = 0; i < who.size() && i < out.size(); ++i) {
        SuiteList& l = lists[who[i]];
        ++l.probes;
        const ProbeServerHello* sh = hello_of(out[i], l.version);
        if (sh) l.server_order = sh->cipher_suite == l.suites.front().suite;
      }
    }
  }
  // TLS 1.3: each suite alone, then the order.
  for (SuiteList& l : lists) {
    if (l.version != ProtocolVersion::tls1_3) continue;
    std::vector<ProbeRequest> batch;
    for (CipherSuite s : suites_for_version(ProtocolVersion::tls1_3)) {
      if (budget <= batch.size()) break;
      HelloSpec h = full_offer(ProtocolVersion::tls1_3, server_name);
      h.cipher_suites = {s};
      batch.push_back(request("tls1_3_suite_" + cipher_suite_name(s), h));
    }
    auto out = run(batch);
    spend(batch.size());
    l.probes += batch.size();
    std::vector<AcceptedSuite> found;
    for (size_t i = 0; i < out.size() && i < batch.size(); ++i) {
      const ProbeServerHello* sh = out[i].server_hello();
      if (sh && sh->version == ProtocolVersion::tls1_3 && sh->cipher_suite == batch[i].hello.cipher_suites[0])
        found.push_back(accepted_suite(out[i]));
    }
    if (found.size() >= 2 && budget >= 2) {
      HelloSpec fwd = full_offer(ProtocolVersion::tls1_3, server_name), rev = fwd;
      fwd.cipher_suites.clear();
      for (const auto& a : found) fwd.cipher_suites.push_back(a.suite);
      rev.cipher_suites.assign(fwd.cipher_suites.rbegin(), fwd.cipher_suites.rend());
      auto o = run({request("tls1_3_order_forward", fwd), request("tls1_3_order_reverse", rev)});
      spend(2);
      l.probes += 2;
      const ProbeServerHello* a = o.size() > 0 ? o[0].server_hello() : nullptr;
      const ProbeServerHello* b = o.size() > 1 ? o[1].server_hello() : nullptr;
      if (a && b) {
        l.server_order = a->cipher_suite == b->cipher_suite;
        if (*l.server_order) {
          std::vector<CipherSuite> order = {a->cipher_suite};
          std::vector<CipherSuite> rest;
          for (CipherSuite s : fwd.cipher_suites)
            if (s != a->cipher_suite) rest.push_back(s);
          HelloSpec base = full_offer(ProtocolVersion::tls1_3, server_name);
          order_by_elimination(run, "tls1_3", base, rest, order, l.probes);
          std::vector<AcceptedSuite> sorted;
          for (CipherSuite s : order)
            for (const auto& x : found)
              if (x.suite == s) sorted.push_back(x);
          found = sorted;
        }
      }
    }
    l.suites = found;
  }
  return lists;
}

GroupList enumerate_groups(const BatchRunner& run, const std::string& server_name,
                           ProtocolVersion version, const std::vector<CipherSuite>& suites) {
  GroupList g;
  g.version = version;
  HelloSpec base = full_offer(version, server_name);
  if (!suites.empty()) base.cipher_suites = suites;
  std::vector<ProbeRequest> batch;
  std::vector<NamedGroup> asked;
  if (version == ProtocolVersion::tls1_3) {
    for (NamedGroup grp : probe_groups(version)) {
      HelloSpec h = base;
      h.groups = {grp};
      h.key_shares = {grp};
      batch.push_back(request("tls1_3_group_" + group_name(grp), h));
      asked.push_back(grp);
    }
  } else {
    std::vector<CipherSuite> ecdhe, dhe;
    for (CipherSuite s : suites) {
      auto t = suite_traits(s);
      if (!t) continue;
      if (t->kex == KeyExchange::ecdhe || t->kex == KeyExchange::ecdh_anon) ecdhe.push_back(s);
      if (t->kex == KeyExchange::dhe || t->kex == KeyExchange::dh_anon) dhe.push_back(s);
    }
    for (NamedGroup grp : probe_groups(version)) {
      bool ff = is_ffdhe_group(grp);
      if ((ff && dhe.empty()) || (!ff && ecdhe.empty())) continue;
      HelloSpec h = base;
      h.cipher_suites = ff ? dhe : ecdhe;
      h.groups = {grp};
      batch.push_back(request(version_id(version) + "_group_" + group_name(grp), h));
      asked.push_back(grp);
    }
  }
  if (batch.empty()) return g;
  auto out = run(batch);
  g.probes += batch.size();
  for (size_t i = 0; i < out.size() && i < asked.size(); ++i) {
    const ProbeServerHello* sh = hello_of(out[i], version);
    if (!sh) continue;
    std::optional<NamedGroup> got = answer_group(out[i]);
    if (got == asked[i]) {
      g.groups.push_back(asked[i]);
    } else if (is_ffdhe_group(asked[i]) && out[i].answer.key_exchange &&
               out[i].answer.key_exchange->kind == KeyExchangeParams::Kind::dh && !g.dhe_params) {
      g.dhe_params = out[i].answer.key_exchange;  // DHE with the server's own prime
    }
  }
  if (g.groups.size() < 2) return g;
  // The order: all accepted groups, forward and reversed. TLS 1.3 without key shares, so the
  // HelloRetryRequest names the server's pick.
  HelloSpec fwd = base, rev = base;
  if (version != ProtocolVersion::tls1_3) {
    std::vector<CipherSuite> ec;
    for (CipherSuite s : fwd.cipher_suites) {
      auto t = suite_traits(s);
      if (t && (t->kex == KeyExchange::ecdhe || t->kex == KeyExchange::ecdh_anon)) ec.push_back(s);
    }
    if (ec.empty()) return g;
    fwd.cipher_suites = rev.cipher_suites = ec;
  }
  std::vector<NamedGroup> candidates;
  for (NamedGroup grp : g.groups)
    if (version == ProtocolVersion::tls1_3 || !is_ffdhe_group(grp)) candidates.push_back(grp);
  if (candidates.size() < 2) return g;
  fwd.groups = candidates;
  rev.groups.assign(candidates.rbegin(), candidates.rend());
  fwd.key_shares.clear();
  rev.key_shares.clear();
  auto o = run({request(version_id(version) + "_groups_forward", fwd),
                request(version_id(version) + "_groups_reverse", rev)});
  g.probes += 2;
  std::optional<NamedGroup> a = o.size() > 0 ? answer_group(o[0]) : std::nullopt;
  std::optional<NamedGroup> b = o.size() > 1 ? answer_group(o[1]) : std::nullopt;
  if (!a || !b) return g;
  g.server_order = *a == *b;
  if (!*g.server_order) return g;
  // Elimination: the server's order among the candidates (bounded by their number).
  std::vector<NamedGroup> order = {*a}, rest;
  for (NamedGroup grp : candidates)
    if (grp != *a) rest.push_back(grp);
  while (rest.size() > 1) {
    HelloSpec h = fwd;
    h.groups = rest;
    auto r = run({request(version_id(version) + "_groups_order_" + std::to_string(order.size() + 1), h)});
    ++g.probes;
    std::optional<NamedGroup> got = answer_group(r[0]);
    if (!got || !contains(rest, *got)) break;
    order.push_back(*got);
    rest.erase(std::remove(rest.begin(), rest.end(), *got), rest.end());
  }
  for (NamedGroup grp : rest) order.push_back(grp);
  for (NamedGroup grp : g.groups)
    if (!contains(order, grp)) order.push_back(grp);  // FFDHE in TLS 1.2: after the curves
  g.groups = order;
  return g;
}

SchemeList enumerate_signature_schemes(const BatchRunner& run, const std::string& server_name,
                                       ProtocolVersion version,
                                       const std::vector<CipherSuite>& suites) {
  SchemeList l;
  l.version = version;
  HelloSpec base = full_offer(version, server_name);
  if (version == ProtocolVersion::tls1_3) {
    std::vector<ProbeRequest> batch;
    std::vector<SignatureScheme> asked;
    for (SignatureScheme s : probe_signature_schemes()) {
      HelloSpec h = base;
      h.signature_schemes = {s};
      batch.push_back(request("tls1_3_sigalg_" + signature_scheme_name(s), h));
      asked.push_back(s);
    }
    auto out = run(batch);
    l.probes += batch.size();
    for (size_t i = 0; i < out.size() && i < asked.size(); ++i)
      if (hello_of(out[i], version)) l.schemes.push_back(asked[i]);
    return l;
  }
  if (version != ProtocolVersion::tls1_2) return l;  // signature_algorithms is TLS 1.2+
  std::vector<CipherSuite> signed_suites;
  for (CipherSuite s : suites) {
    auto t = suite_traits(s);
    if (t && (t->kex == KeyExchange::ecdhe || t->kex == KeyExchange::dhe)) signed_suites.push_back(s);
  }
  if (signed_suites.empty()) return l;
  base.cipher_suites = signed_suites;
  std::vector<SignatureScheme> rest = probe_signature_schemes();
  // Each pass removes one scheme or stops, so it is bounded by the scheme count.
  while (!rest.empty()) {
    HelloSpec h = base;
    h.signature_schemes = rest;
    auto out = run({request("tls1_2_sigalgs_" + std::to_string(l.schemes.size() + 1), h)});
    ++l.probes;
    const auto& k = out[0].answer.key_exchange;
    if (!hello_of(out[0], version) || !k || !k->scheme || !contains(rest, *k->scheme)) break;
    l.schemes.push_back(*k->scheme);
    rest.erase(std::remove(rest.begin(), rest.end(), *k->scheme), rest.end());
  }
  return l;
}

}  // namespace tlskit::probe
