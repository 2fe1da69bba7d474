// x509-limbo harness: runs every SERVER testcase of limbo-2023-12.json through the path
// builder and validator with the strict (RFC 5280 + CA/B profile) options.
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>
#include <set>

#include "codec/der_reader.h"
#include "crypto/provider.h"
#include "harness_common.h"
#include "x509/oid.h"
#include "x509/path_builder.h"

using namespace tlskit;
using namespace tlskit::x509;
using nlohmann::json;

namespace {

// Feature tags we implement; cases with any other tag are skipped.
const std::set<std::string> kSupported = {"max-chain-depth", "name-constraint-dn",
                                          "pedantic-serial-number", "pedantic-webpki"};

std::vector<CertPtr> certs_of(const json& list, std::string& err) {
  std::vector<CertPtr> out;
  for (const auto& pem : list) {
    std::string s = pem.get<std::string>();
    auto r = parse_certificates(as_bytes(s));
    if (!r) {
      err = r.error().detail;
      continue;
    }
    for (auto& c : *r) out.push_back(std::move(c));
  }
  return out;
}

uint16_t ku_bit(const std::string& name) {
  if (name == "digitalSignature") return kKuDigitalSignature;
  if (name == "contentCommitment" || name == "nonRepudiation") return kKuNonRepudiation;
  if (name == "keyEncipherment") return kKuKeyEncipherment;
  if (name == "dataEncipherment") return kKuDataEncipherment;
  if (name == "keyAgreement") return kKuKeyAgreement;
  if (name == "keyCertSign") return kKuKeyCertSign;
  if (name == "cRLSign") return kKuCrlSign;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string path =
      argc > 1 ? argv[1] : std::string(TLSKIT_TESTDATA) + "/x509/limbo/limbo-2023-12.json";
  Bytes data = conformance::read_or_die(path);
  json doc = json::parse(data.begin(), data.end());
  conformance::Tally tally("x509_limbo", conformance::load_divergences("limbo_divergences.txt"));
  const auto& provider = crypto::default_provider();
  bool verbose = std::getenv("X509_VERBOSE") != nullptr;
  for (const auto& tc : doc["testcases"]) {
    std::string id = tc["id"];
    if (!tally.should_run(id)) continue;
    std::string unsupported;
    if (tc.contains("features") && tc["features"].is_array())
      for (const auto& f : tc["features"])
        if (!kSupported.count(f.get<std::string>())) unsupported = f.get<std::string>();
    if (!unsupported.empty()) {
      tally.skip(id, "feature " + unsupported);
      continue;
    }
    if (tc["validation_kind"] != "SERVER") {
      tally.skip(id, "client validation");
      continue;
    }
    bool expected_ok = tc["expected_result"] == "SUCCESS";
    std::string err;
    TrustStore store;
    for (auto& c : certs_of(tc["trusted_certs"], err)) store.add(c);
    auto inter = certs_of(tc["untrusted_intermediates"], err);
    std::string leaf_pem = tc["peer_certificate"];
    auto leaf = parse_certificates(as_bytes(leaf_pem));
    bool actual_ok = false;
    std::string why;
    if (!leaf || leaf->empty()) {
      why = leaf ? "no leaf" : leaf.error().detail;
    } else {
      ValidationParams p;
      p.strict = true;
      p.partial_chain = true;
      p.purpose = Purpose::server;
      p.time = std::time(nullptr);
      if (tc["validation_time"].is_string()) {
        auto t = parse_time_text(tc["validation_time"].get<std::string>());
        if (t) p.time = *t;
      }
      if (tc["expected_peer_name"].is_object()) {
        std::string kind = tc["expected_peer_name"]["kind"];
        std::string value = tc["expected_peer_name"]["value"];
        if (kind == "RFC822")
          p.email = value;
        else
          p.host = value;
      }
      if (tc["max_chain_depth"].is_number())
        p.max_intermediates = tc["max_chain_depth"].get<size_t>();
      if (tc["key_usage"].is_array()) {
        uint16_t bits = 0;
        for (const auto& k : tc["key_usage"]) bits |= ku_bit(k.get<std::string>());
        p.required_leaf_key_usage = bits;
      }
      if (tc["extended_key_usage"].is_array())
        for (const auto& e : tc["extended_key_usage"]) {
          std::string s = e;
          if (s == "serverAuth")
            p.required_ekus.emplace_back(std::begin(kOidServerAuth), std::end(kOidServerAuth));
          else if (s == "clientAuth")
            p.required_ekus.emplace_back(std::begin(kOidClientAuth), std::end(kOidClientAuth));
          else if (auto oid = der::oid_from_string(s))
            p.required_ekus.push_back(*oid);
        }
      ChainResult r = verify_chain((*leaf)[0], inter, store, p, provider);
      actual_ok = r.ok();
      why = "code " + std::to_string(r.code) + " at depth " + std::to_string(r.depth) + ": " +
            r.detail;
    }
    if (verbose) std::printf("%s %s: %s\n", actual_ok ? "OK  " : "FAIL", id.c_str(), why.c_str());
    tally.record(id, expected_ok, actual_ok, why);
  }
  return tally.finish();
}
