// Chromium (BoringSSL pki) chain-case harness: each .test file gives a chain (leaf first,
// anchor last), how the last certificate is trusted, a time and a key purpose; we compare
// only the verdict (no "ERROR:" line means the chain must verify).
#include <dirent.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "codec/der_reader.h"
#include "crypto/provider.h"
#include "harness_common.h"
#include "x509/path_builder.h"

using namespace tlskit;
using namespace tlskit::x509;

namespace {

std::vector<std::string> list_dir(const std::string& dir, bool want_dirs) {
  std::vector<std::string> out;
  DIR* d = opendir(dir.c_str());
  if (!d) return out;
  while (dirent* e = readdir(d)) {
    std::string n = e->d_name;
    if (n == "." || n == "..") continue;
    bool is_dir = e->d_type == DT_DIR;
    if (is_dir == want_dirs) out.push_back(n);
  }
  closedir(d);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string root = argc > 1 ? argv[1] : std::string(TLSKIT_TESTDATA) + "/x509/chromium-chains";
  conformance::Tally tally("x509_chromium",
                           conformance::load_divergences("chromium_divergences.txt"));
  const auto& provider = crypto::default_provider();
  bool verbose = std::getenv("X509_VERBOSE") != nullptr;
  for (const auto& dir : list_dir(root, true)) {
    for (const auto& file : list_dir(root + "/" + dir, false)) {
      if (file.size() < 5 || file.substr(file.size() - 5) != ".test") continue;
      std::string id = dir + "/" + file;
      if (!tally.should_run(id)) continue;
      std::ifstream in(root + "/" + id);
      std::map<std::string, std::string> kv;
      std::string line;
      bool expected_ok = true;
      bool in_errors = false;
      while (std::getline(in, line)) {
        if (in_errors) {
          if (line.find("ERROR: ") != std::string::npos) expected_ok = false;
          continue;
        }
        if (line.empty() || line[0] == '#') continue;
        size_t colon = line.find(':');
        if (colon == std::string::npos) continue;
        std::string k = line.substr(0, colon), v = line.substr(colon + 1);
        while (!v.empty() && v.front() == ' ') v.erase(v.begin());
        if (k == "expected_errors")
          in_errors = true;
        else
          kv[k] = v;
      }
      std::string purpose = kv["key_purpose"];
      ValidationParams p;
      if (purpose == "ANY_EKU")
        p.purpose = Purpose::any;
      else if (purpose.rfind("SERVER_AUTH", 0) == 0)
        p.purpose = Purpose::server;
      else if (purpose.rfind("CLIENT_AUTH", 0) == 0)
        p.purpose = Purpose::client;
      else {
        tally.skip(id, "key purpose " + purpose);
        continue;
      }
      if (purpose.find("STRICT_LEAF") != std::string::npos)
        p.eku_mode = EkuMode::strict_leaf;
      else if (purpose.find("STRICT") != std::string::npos)
        p.eku_mode = EkuMode::strict;
      std::string t = kv["utc_time"] == "DEFAULT" ? "211005120000Z" : kv["utc_time"];
      auto when = der::parse_time(der::kUtcTime, as_bytes(t));
      p.time = when ? *when : 0;
      p.allow_sha1 = kv["digest_policy"] != "STRONG";
      p.partial_chain = true;
      std::string trust = kv["last_cert_trust"];
      p.check_anchor_validity = trust.find("EXPIRATION") != std::string::npos;
      p.check_anchor_constraints = trust.find("WITH_CONSTRAINTS") != std::string::npos ||
                                   trust.find("AND_CONSTRAINTS") != std::string::npos;
      p.anchor_policy_processing = p.check_anchor_constraints;
      p.require_anchor_basic_constraints =
          trust.find("REQUIRE_BASIC_CONSTRAINTS") != std::string::npos;
      auto certs =
          parse_certificates(conformance::read_or_die(root + "/" + dir + "/" + kv["chain"]));
      bool actual_ok = false;
      std::string why;
      if (!certs || certs->empty()) {
        why = certs ? "no certificates" : certs.error().detail;
      } else {
        TrustStore store;
        bool leaf_trust = trust.rfind("TRUSTED_LEAF", 0) == 0 || trust == "TRUSTED_ANCHOR_OR_LEAF";
        bool anchor_trust = trust.rfind("TRUSTED_ANCHOR", 0) == 0;
        if (trust == "TRUSTED_LEAF_REQUIRE_SELF_SIGNED") {
          // Self-signed: self-issued and its signature verifies with its own key.
          const Certificate& c = *certs->back();
          auto params = provider_params(c.sig_alg);
          if (!c.self_issued || !params ||
              !provider.verify(*params, c.key.spki, c.tbs(), c.signature))
            leaf_trust = false;
        }
        p.trusted_leaf_ok = leaf_trust;
        if (anchor_trust || leaf_trust) store.add(certs->back());
        if (leaf_trust && !anchor_trust) {
          // A directly trusted leaf is not a CA: its own extensions still apply.
          p.check_anchor_constraints = true;
          p.check_anchor_validity = true;
        }
        if (leaf_trust && certs->size() > 1 && !anchor_trust) store = TrustStore();
        std::vector<CertPtr> inter(certs->begin() + 1, certs->end());
        ChainResult r = verify_chain(certs->front(), inter, store, p, provider);
        actual_ok = r.ok();
        why = "code " + std::to_string(r.code) + " at depth " + std::to_string(r.depth) + ": " +
              r.detail;
      }
      if (verbose) std::printf("%s %s: %s\n", actual_ok ? "OK  " : "FAIL", id.c_str(), why.c_str());
      tally.record(id, expected_ok, actual_ok, why);
    }
  }
  return tally.finish();
}
