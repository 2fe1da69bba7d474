// NIST PKITS harness: validates every path of pkits.json at 2011-04-15 with the per-test
// RFC 5280 §6.1.1 inputs and the supplied CRLs, and compares the verdict (and, for valid
// paths, the user-constrained policy set) with the expected one.
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>

#include "codec/der_reader.h"
#include "crypto/provider.h"
#include "harness_common.h"
#include "x509/crl.h"
#include "x509/path_builder.h"

using namespace tlskit;
using namespace tlskit::x509;
using nlohmann::json;

int main(int argc, char** argv) {
  std::string dir = argc > 1 ? argv[1] : std::string(TLSKIT_TESTDATA) + "/x509/pkits";
  Bytes data = conformance::read_or_die(dir + "/pkits.json");
  json doc = json::parse(data.begin(), data.end());
  conformance::Tally tally("x509_pkits", conformance::load_divergences("pkits_divergences.txt"));
  const auto& provider = crypto::default_provider();
  bool verbose = std::getenv("X509_VERBOSE") != nullptr;
  auto when = parse_time_text(doc["default_validation_time"].get<std::string>());
  std::map<std::string, std::string> oids;
  for (auto& [k, v] : doc["policy_oids"].items()) oids[k] = v.get<std::string>();
  const json& defaults = doc["default_settings"];
  for (const auto& tc : doc["tests"]) {
    std::string id = tc["name"];
    if (!tally.should_run(id)) continue;
    if (tc.value("uses_dsa", false)) {
      tally.skip(id, "DSA");
      continue;
    }
    json settings = defaults;
    if (tc.contains("settings"))
      for (auto& [k, v] : tc["settings"].items()) settings[k] = v;
    std::vector<CertPtr> certs;
    std::string err;
    for (const auto& name : tc["certs"]) {
      auto c = Certificate::parse(
          conformance::read_or_die(dir + "/certs/" + name.get<std::string>() + ".crt"));
      if (!c) {
        err = name.get<std::string>() + ": " + c.error().detail;
        break;
      }
      certs.push_back(std::move(*c));
    }
    bool expected_ok = tc["should_validate"];
    bool actual_ok = false;
    std::string why = err;
    if (err.empty()) {
      ValidationParams p;
      p.time = *when;
      p.purpose = Purpose::any;
      p.partial_chain = false;
      p.check_anchor_validity = true;
      p.check_anchor_constraints = false;
      p.crl_check_all = true;
      for (const auto& name : tc["crls"]) {
        auto crl =
            Crl::parse(conformance::read_or_die(dir + "/crls/" + name.get<std::string>() + ".crl"));
        if (crl)
          p.crls.push_back(std::move(*crl));
        else
          why = name.get<std::string>() + ": " + crl.error().detail;
      }
      for (const auto& pol : settings["initial_policy_set"]) {
        auto oid = der::oid_from_string(oids.at(pol.get<std::string>()));
        if (oid) p.policy.initial_policy_set.push_back(*oid);
      }
      p.policy.initial_explicit_policy = settings["initial_explicit_policy"];
      p.policy.initial_policy_mapping_inhibit = settings["initial_policy_mapping_inhibit"];
      p.policy.initial_any_policy_inhibit = settings["initial_inhibit_any_policy"];
      TrustStore store;
      store.add(certs.front());
      std::vector<CertPtr> inter(certs.begin() + 1, certs.end() - 1);
      ChainResult r = verify_chain(certs.back(), inter, store, p, provider);
      actual_ok = r.ok();
      why = "code " + std::to_string(r.code) + " at depth " + std::to_string(r.depth) + ": " +
            r.detail;
      if (actual_ok && expected_ok) {
        // Compare the user-constrained policy set output (RFC 5280 §6.1.6).
        std::set<std::string> want, got(r.policy_set.begin(), r.policy_set.end());
        for (const auto& pol : settings["user_constrained_policy_set"])
          want.insert(oids.at(pol.get<std::string>()));
        if (want != got) {
          actual_ok = false;
          why = "valid, but the user-constrained policy set differs: got {";
          for (const auto& g : got) why += g + " ";
          why += "}";
        }
      }
    }
    if (verbose) std::printf("%s %s: %s\n", actual_ok ? "OK  " : "FAIL", id.c_str(), why.c_str());
    tally.record(id, expected_ok, actual_ok, why);
  }
  return tally.finish();
}
