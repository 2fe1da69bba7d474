// A model TLS server for the strategy tests: answers ProbeRequests (no bytes, no sockets) the
// way a configured server would: versions, suites in its own or the client's order, groups
// (HelloRetryRequest when the offer has no share for its pick), signature schemes.
#pragma once
#include <algorithm>
#include <map>
#include <optional>
#include <vector>

#include "probe/enumerate.h"

namespace tlskit::probe::test {

inline CipherSuite cs(uint16_t v) { return static_cast<CipherSuite>(v); }

template <typename T>
bool has(const std::vector<T>& v, T x) { return std::find(v.begin(), v.end(), x) != v.end(); }

// A server that answers ProbeRequests the way a configured TLS server would.
struct ModelServer {
  std::map<ProtocolVersion, std::vector<CipherSuite>> suites;  // server preference order
  bool server_order = true;
  std::vector<NamedGroup> groups = {NamedGroup::x25519, NamedGroup::secp256r1};  // preference
  std::vector<SignatureScheme> schemes = {SignatureScheme::rsa_pss_rsae_sha256, SignatureScheme::rsa_pkcs1_sha256};
  size_t probes = 0;

  template <typename T>
  std::optional<T> pick(const std::vector<T>& server, const std::vector<T>& offer) const {
    if (server_order) {
      for (T x : server) if (has(offer, x)) return x;
    } else {
      for (T x : offer) if (has(server, x)) return x;
    }
    return std::nullopt;
  }

  ProbeOutcome refuse(Alert a) const {
    ProbeOutcome o;
    o.answer.alert = a;
    o.answer.alert_level = 2;
    o.answer.complete = true;
    return o;
  }

  ProbeOutcome answer(const ProbeRequest& r) {
    ++probes;
    const HelloSpec& h = r.hello;
    ProtocolVersion v = h.version;
    auto it = suites.find(v);
    if (it == suites.end()) return refuse(Alert::protocol_version);
    ProbeOutcome o;
    ProbeServerHello sh;
    sh.version = v;
    std::optional<NamedGroup> g = pick(groups, h.groups);
    std::vector<CipherSuite> usable;
    for (CipherSuite s : it->second) {
      auto t = suite_traits(s);
      bool needs_curve = t && t->kex == KeyExchange::ecdhe;
      if (v == ProtocolVersion::tls1_2 && needs_curve && !g) continue;
      usable.push_back(s);
    }
    auto s = pick(usable, h.cipher_suites);
    if (!s) return refuse(Alert::handshake_failure);
    sh.cipher_suite = *s;
    if (v == ProtocolVersion::tls1_3) {
      if (!g) return refuse(Alert::handshake_failure);
      if (h.signature_schemes.empty() || !pick(schemes, h.signature_schemes)) return refuse(Alert::handshake_failure);
      sh.key_share_group = g;
      sh.hello_retry_request = !has(h.key_shares, *g);
    } else {
      auto t = suite_traits(*s);
      if (t->kex == KeyExchange::ecdhe) {
        // signature_algorithms exists from TLS 1.2 on; older versions sign with fixed hashes.
        auto scheme = pick(schemes, h.signature_schemes);
        if (v == ProtocolVersion::tls1_2 && !scheme) return refuse(Alert::handshake_failure);
        KeyExchangeParams k;
        k.kind = KeyExchangeParams::Kind::ecdh;
        k.curve = *g;
        k.scheme = scheme;
        o.answer.key_exchange = k;
      } else if (t->kex == KeyExchange::dhe) {
        KeyExchangeParams k;
        k.kind = KeyExchangeParams::Kind::dh;
        k.dh_bits = 2048;
        k.dh_prime_name = "MODP group 14, 2048 bits (RFC 3526)";
        k.scheme = pick(schemes, h.signature_schemes);
        o.answer.key_exchange = k;
      }
    }
    o.answer.server_hello = sh;
    o.answer.complete = true;
    return o;
  }

  BatchRunner runner() {
    return [this](const std::vector<ProbeRequest>& batch) {
      std::vector<ProbeOutcome> out;
      for (const auto& r : batch) out.push_back(answer(r));
      return out;
    };
  }
};

}  // namespace tlskit::probe::test
