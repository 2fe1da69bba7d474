// The debugger's crafted probes: versions, suites and groups tlskit cannot offer itself.
#include "inspector/crafted_probes.h"

#include <algorithm>

#include "crypto/registry.h"
#include "probe/enumerate.h"
#include "probe/key_shares.h"
#include "probe/prober.h"
#include "probe/suite_traits.h"

namespace tlskit::tools {
namespace {

using probe::HelloSpec;
using probe::ProbeOutcome;
using probe::ProbeRequest;

// Timeouts of one crafted probe (the first handshake already showed the server answers).
constexpr int kCraftedIoTimeoutMs = 3000;
constexpr int kCraftedAnswerTimeoutMs = 4000;

// "DHE with a 2048-bit prime, ffdhe2048 (RFC 7919), signed with rsa_pss_rsae_sha256".
std::string key_exchange_detail(const ProbeOutcome& o) {
  const probe::ProbeServerHello* sh = o.server_hello();
  if (!sh) return "";
  if (sh->hello_retry_request)
    return sh->key_share_group ? "HelloRetryRequest asking for " + group_name(*sh->key_share_group)
                               : "HelloRetryRequest";
  if (sh->key_share_group) return "key share " + group_name(*sh->key_share_group);
  const auto& k = o.answer.key_exchange;
  if (!k) return "";
  std::string d;
  switch (k->kind) {
    case probe::KeyExchangeParams::Kind::dh:
      d = "DHE with a " + std::to_string(k->dh_bits) + "-bit prime";
      if (!k->dh_prime_name.empty()) d += ", " + k->dh_prime_name;
      break;
    case probe::KeyExchangeParams::Kind::ecdh:
      d = "ECDHE over " + group_name(k->curve);
      break;
    case probe::KeyExchangeParams::Kind::rsa:
      d = "RSA export key of " + std::to_string(k->rsa_bits) + " bits";
      break;
    case probe::KeyExchangeParams::Kind::psk_hint_only:
      d = "PSK";
      break;
  }
  if (k->scheme) d += ", signed with " + signature_scheme_name(*k->scheme);
  return d;
}

// A ProbeResult for one crafted probe that asked for exactly version `want`.
ProbeResult result_of(const std::string& id, const std::string& description, const HelloSpec& h,
                      const ProbeOutcome& o, ProtocolVersion want) {
  ProbeResult p;
  p.id = kCraftedPrefix + id;
  p.description = description;
  p.crafted = true;
  p.versions = {want};
  for (CipherSuite s : h.cipher_suites)
    if (s != CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV) p.cipher_suites.push_back(s);
  p.groups = h.groups;
  const probe::ProbeServerHello* sh = o.server_hello();
  if (sh && sh->version == want) {
    p.accepted = true;
    p.version = sh->version;
    p.cipher_suite = sh->cipher_suite;
    p.group = probe::answer_group(o);
    std::string d = key_exchange_detail(o);
    if (!d.empty()) p.detail = d;
    return p;
  }
  if (sh) {
    p.error = make_error(ErrorCode::protocol_version, Alert::none, Party::peer, Step::server_hello,
                         "the server answered with " + version_name(sh->version) + ", not " + version_name(want));
  } else if (o.answer.alert) {
    p.error = make_error(ErrorCode::peer_alert, *o.answer.alert, Party::peer, Step::server_hello,
                         std::string("the server answered with a ") +
                             (o.answer.alert_level == 1 ? "warning " : "fatal ") +
                             alert_name(*o.answer.alert) + " alert");
  } else if (o.error) {
    p.error = o.error;
  } else {
    p.error = make_error(ErrorCode::peer_closed, Alert::none, Party::network, Step::server_hello,
                         "no ServerHello");
  }
  return p;
}

ProbeRequest request(std::string label, HelloSpec h) {
  ProbeRequest r;
  r.label = std::move(label);
  r.hello = std::move(h);
  return r;
}

}  // namespace

bool version_implemented(ProtocolVersion v) {
  return v == ProtocolVersion::tls1_2 || v == ProtocolVersion::tls1_3;
}

std::string suite_not_offered_reason(CipherSuite s, ProtocolVersion v) {
  if (crypto::find_suite(s) != nullptr) return "";
  auto t = probe::suite_traits(s);
  if (!t) return "a suite tlskit does not know";
  if (!version_implemented(v))
    return "accepted in " + version_name(v) + ", which tlskit does not implement (deprecated by RFC 8996)";
  if (t->kex == probe::KeyExchange::any_tls13)
    return "a TLS 1.3 suite tlskit does not offer because it implements only the five RFC 8446 suites";
  using probe::KeyExchange;
  std::string what;
  switch (t->kex) {
    case KeyExchange::dhe:
    case KeyExchange::dh_anon:
      what = "a finite-field DHE suite tlskit does not offer because its TLS 1.2 does ECDHE key exchange "
             "only (with FFDHE the server picks the group, often a weak one: Logjam; docs/tls12.md)";
      break;
    case KeyExchange::rsa:
    case KeyExchange::rsa_export:
      what = "an RSA key transport suite tlskit does not offer because it has no forward secrecy "
             "(docs/tls12.md)";
      break;
    case KeyExchange::dh:
    case KeyExchange::ecdh:
      what = "a static (EC)DH suite tlskit does not offer because it has no forward secrecy (docs/tls12.md)";
      break;
    case KeyExchange::ecdhe:
      break;
    default:
      what = std::string("a ") + probe::key_exchange_name(t->kex) + " suite tlskit does not implement";
      break;
  }
  if (what.empty()) {
    if (t->cbc)
      what = "a CBC suite tlskit does not offer because its TLS 1.2 allows AEAD suites only (CBC's "
             "MAC-then-encrypt led to padding-oracle attacks: Lucky Thirteen, POODLE; docs/tls12.md)";
    else
      what = "an ECDHE suite with " + t->cipher + ", a cipher tlskit does not implement (it does AES-GCM "
             "and ChaCha20-Poly1305)";
  } else if (t->cbc) {
    what += "; it is also a CBC suite (tlskit allows AEAD suites only)";
  }
  return what;
}

std::string group_not_offered_reason(NamedGroup g) {
  for (NamedGroup x : crypto::kDefaultGroups)
    if (x == g) return "";
  std::string implemented = "tlskit implements " + join_groups({crypto::kDefaultGroups.begin(),
                                                                crypto::kDefaultGroups.end()});
  if (probe::is_ffdhe_group(g))
    return "a finite-field (RFC 7919) group tlskit does not offer because it does ECDHE and ML-KEM key "
           "exchange only (" + implemented + ")";
  return "a group tlskit does not implement (" + implemented + ")";
}

bool crafted_probes_wanted(ProbeNeed need, const std::vector<ProbeResult>& native) {
  if (need == ProbeNeed::none) return false;
  // The post-quantum plan stops after its one probe when the server answers nothing at all (a
  // silent server or path): more hellos would only wait for more timeouts.
  if (need == ProbeNeed::post_quantum && native.size() <= 1) return false;
  for (const ProbeResult& p : native)
    if (p.accepted) return false;
  return true;
}

std::vector<ProbeResult> run_crafted_probe_plan(const Report& r, const probe::BatchRunner& run) {
  std::vector<ProbeResult> results;
  size_t budget = kMaxCraftedProbes;
  auto run_bounded = [&](const std::vector<ProbeRequest>& batch) {
    std::vector<ProbeRequest> b(batch.begin(), batch.begin() + static_cast<long>(std::min(batch.size(), budget)));
    budget -= b.size();
    return b.empty() ? std::vector<ProbeOutcome>{} : run(b);
  };
  const std::string& sni = r.settings.server_name;

  // 1. Each version alone with everything registered for it.
  std::vector<ProtocolVersion> versions = probe::probe_versions();
  std::vector<ProbeRequest> batch;
  for (ProtocolVersion v : versions) batch.push_back(request(version_id(v), probe::full_offer(v, sni)));
  auto out = run_bounded(batch);
  std::vector<ProtocolVersion> accepted;
  std::vector<std::pair<ProtocolVersion, CipherSuite>> first;
  for (size_t i = 0; i < out.size(); ++i) {
    ProtocolVersion v = versions[i];
    results.push_back(result_of(version_id(v), "crafted ClientHello: " + version_name(v) +
                                                      " only, every registered cipher suite and group for it",
                                batch[i].hello, out[i], v));
    if (results.back().accepted && results.back().cipher_suite) {
      accepted.push_back(v);
      first.emplace_back(v, *results.back().cipher_suite);
    }
  }

  // 2. The suites of each accepted version, by elimination (bounded per version).
  for (auto [v, chosen] : first) {
    std::vector<CipherSuite> rest = probe::suites_for_version(v);
    rest.erase(std::remove(rest.begin(), rest.end(), chosen), rest.end());
    for (size_t i = 1; i < kMaxCraftedSuitesPerVersion && !rest.empty() && budget > 0; ++i) {
      HelloSpec h = probe::full_offer(v, sni);
      h.cipher_suites = rest;
      std::string id = version_id(v) + "_suites_" + std::to_string(i + 1);
      auto o = run_bounded({request(id, h)});
      if (o.empty()) break;
      results.push_back(result_of(id, "crafted ClientHello: " + version_name(v) +
                                           ", every registered suite but those already accepted",
                                  h, o[0], v));
      const ProbeResult& p = results.back();
      if (!p.accepted || !p.cipher_suite) break;
      size_t before = rest.size();
      rest.erase(std::remove(rest.begin(), rest.end(), *p.cipher_suite), rest.end());
      if (rest.size() == before) break;  // not one of those offered: stop
    }
  }

  // 3. TLS 1.3 groups, each alone with its key share; the accepted ones are reported.
  if (std::find(accepted.begin(), accepted.end(), ProtocolVersion::tls1_3) != accepted.end() && budget > 0) {
    std::vector<NamedGroup> groups = probe::probe_groups(ProtocolVersion::tls1_3);
    std::vector<ProbeRequest> gb;
    for (NamedGroup g : groups) {
      HelloSpec h = probe::full_offer(ProtocolVersion::tls1_3, sni);
      h.groups = {g};
      h.key_shares = {g};
      gb.push_back(request("tls1_3_group_" + group_name(g), h));
    }
    auto go = run_bounded(gb);
    for (size_t i = 0; i < go.size(); ++i) {
      ProbeResult p = result_of(gb[i].label, "crafted ClientHello: TLSv1.3, only the group " +
                                                 group_name(groups[i]) + " (with its key share)",
                                gb[i].hello, go[i], ProtocolVersion::tls1_3);
      if (p.accepted && p.group == groups[i]) results.push_back(std::move(p));
    }
  }
  return results;
}

std::vector<ProbeResult> run_crafted_probes(const Report& r, const Connector& connector,
                                            const Clock& clock) {
  if (!connector) return {};
  // The inspector's connector already dials probe streams (one Transport type serves both).
  probe::Dialer dial = connector;
  probe::ProberOptions o;
  o.io_timeout_ms = kCraftedIoTimeoutMs;
  o.answer_timeout_ms = kCraftedAnswerTimeoutMs;
  o.max_connections = kMaxCraftedProbes * 2;  // retries included
  probe::Prober prober(dial, o, crypto::default_provider().system_rng(), clock);
  return run_crafted_probe_plan(r, prober.runner());
}

}  // namespace tlskit::tools
