// Differential test: generates certificate chains with the `openssl` CLI in a temporary
// directory, verifies each with `openssl verify` and with tlskit's verifier, and compares the
// verify code and depth. Prints "N passed, N failed, N skipped".
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "x509/trust_store.h"
#include "x509/verifier.h"

using namespace tlskit;
using namespace tlskit::x509;

namespace {

std::string g_dir;

bool run(const std::string& cmd) {
  std::string full = "cd '" + g_dir + "' && " + cmd + " >>gen.log 2>&1";
  return std::system(full.c_str()) == 0;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write(const std::string& name, const std::string& text) {
  std::ofstream(g_dir + "/" + name) << text;
}

// Key + self-signed CA.
bool make_root(const std::string& name, const std::string& cn) {
  return run("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " +
             name + ".key -out " + name + ".pem -subj '/CN=" + cn +
             "' -days 3650 -addext basicConstraints=critical,CA:TRUE -addext "
             "keyUsage=critical,keyCertSign,cRLSign");
}

// Key + certificate signed by issuer with the extensions in section `ext` of ext.cnf.
bool make_cert(const std::string& name, const std::string& cn, const std::string& issuer,
               const std::string& ext, int days) {
  return run("openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " + name +
             ".key -out " + name + ".csr -subj '/CN=" + cn + "'") &&
         run("openssl x509 -req -in " + name + ".csr -CA " + issuer + ".pem -CAkey " + issuer +
             ".key -CAcreateserial -out " + name + ".pem -days " + std::to_string(days) +
             " -extfile ext.cnf -extensions " + ext);
}

struct Case {
  std::string name;
  std::string leaf;
  std::vector<std::string> untrusted;
  std::string ca_file;
  std::string host;
  bool host_is_ip = false;
  std::string purpose = "server";
  int64_t at = 0;
};

// Runs `openssl verify`; returns (code, depth) of the first error, or (0, -1) when OK.
std::pair<int, int> openssl_verify(const Case& c) {
  std::string cmd = "openssl verify -CAfile " + c.ca_file;
  if (!c.untrusted.empty()) {
    std::string bundle = c.name + "-untrusted.pem";
    std::string text;
    for (const auto& u : c.untrusted) text += slurp(g_dir + "/" + u + ".pem");
    write(bundle, text);
    cmd += " -untrusted " + bundle;
  }
  if (!c.host.empty()) cmd += (c.host_is_ip ? " -verify_ip " : " -verify_hostname ") + c.host;
  cmd += std::string(" -purpose ") + (c.purpose == "client" ? "sslclient" : "sslserver");
  cmd += " -attime " + std::to_string(c.at) + " " + c.leaf + ".pem";
  std::string out = g_dir + "/" + c.name + ".out";
  std::system(("cd '" + g_dir + "' && " + cmd + " >'" + out + "' 2>&1").c_str());
  std::string text = slurp(out);
  size_t pos = text.find("error ");
  while (pos != std::string::npos) {
    int code = 0, depth = 0;
    if (std::sscanf(text.c_str() + pos, "error %d at %d depth", &code, &depth) == 2)
      return {code, depth};
    pos = text.find("error ", pos + 1);
  }
  if (text.find(": OK") != std::string::npos) return {0, -1};
  return {-1, -1};
}

std::pair<int, int> tlskit_verify(const Case& c) {
  VerifierOptions o;
  o.ca_file = g_dir + "/" + c.ca_file;
  o.time = c.at;
  auto v = make_x509_verifier(o);
  if (!v) return {-2, -1};
  std::vector<Bytes> chain;
  auto add = [&](const std::string& name) {
    auto certs = parse_certificates(*read_file_bytes(g_dir + "/" + name + ".pem"));
    if (certs)
      for (const auto& cert : *certs) chain.emplace_back(cert->der().begin(), cert->der().end());
  };
  add(c.leaf);
  for (const auto& u : c.untrusted) add(u);
  auto r = (*v)->verify(
      chain, c.host, c.purpose == "client" ? CertPurpose::client : CertPurpose::server, {}, c.at);
  return {r.code, r.ok ? -1 : r.depth};
}

}  // namespace

int main() {
  char tmpl[] = "/tmp/tlskit-x509-diff-XXXXXX";
  if (!mkdtemp(tmpl)) {
    std::perror("mkdtemp");
    return 2;
  }
  g_dir = tmpl;
  if (std::system("openssl version >/dev/null 2>&1") != 0) {
    std::printf("x509_openssl_diff: openssl not found\n0 passed, 0 failed, 1 skipped\n");
    return 0;
  }
  write(
      "ext.cnf",
      "[ca]\nbasicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n"
      "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"
      "[ca0]\nbasicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n"
      "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"
      "[notca]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,"
      "keyCertSign\n"
      "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"
      "[leaf]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
      "extendedKeyUsage=serverAuth\nsubjectAltName=DNS:good.example,IP:192.0.2.7\n"
      "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"
      "[client]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
      "extendedKeyUsage=clientAuth\nsubjectAltName=DNS:good.example\n"
      "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n");
  bool ok = make_root("root", "Diff Root") && make_root("other", "Other Root") &&
            make_cert("inter", "Diff Intermediate", "root", "ca", 3000) &&
            make_cert("leaf", "good.example", "inter", "leaf", 365) &&
            make_cert("shortleaf", "good.example", "inter", "leaf", 1) &&
            make_cert("shortinter", "Short Intermediate", "root", "ca", 1) &&
            make_cert("leaf_si", "good.example", "shortinter", "leaf", 365) &&
            make_cert("clientleaf", "good.example", "inter", "client", 365) &&
            make_cert("inter0", "Pathlen0 Intermediate", "root", "ca0", 3000) &&
            make_cert("sub", "Sub Intermediate", "inter0", "ca", 3000) &&
            make_cert("leaf_deep", "good.example", "sub", "leaf", 365) &&
            make_cert("notca", "Not A CA", "root", "notca", 3000) &&
            make_cert("leaf_nc", "good.example", "notca", "leaf", 365) &&
            run("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "
                "self.key -out self.pem "
                "-subj /CN=good.example -days 365 -addext subjectAltName=DNS:good.example");
  if (!ok) {
    std::printf("x509_openssl_diff: generating chains with openssl failed; see %s/gen.log\n",
                g_dir.c_str());
    std::printf("x509_openssl_diff: 0 passed, 1 failed, 0 skipped\n");
    return 1;
  }
  int64_t now = std::time(nullptr);
  std::vector<Case> cases = {
      {"good", "leaf", {"inter"}, "root.pem", "good.example", false, "server", now},
      {"good_ip", "leaf", {"inter"}, "root.pem", "192.0.2.7", true, "server", now},
      {"missing_intermediate", "leaf", {}, "root.pem", "good.example", false, "server", now},
      {"expired_leaf",
       "shortleaf",
       {"inter"},
       "root.pem",
       "good.example",
       false,
       "server",
       now + 10 * 86400},
      {"expired_intermediate",
       "leaf_si",
       {"shortinter"},
       "root.pem",
       "good.example",
       false,
       "server",
       now + 10 * 86400},
      {"not_yet_valid",
       "leaf",
       {"inter"},
       "root.pem",
       "good.example",
       false,
       "server",
       now - 10 * 86400},
      {"wrong_host", "leaf", {"inter"}, "root.pem", "other.example", false, "server", now},
      {"wrong_ip", "leaf", {"inter"}, "root.pem", "192.0.2.8", true, "server", now},
      {"self_signed", "self", {}, "root.pem", "good.example", false, "server", now},
      {"untrusted_root",
       "leaf",
       {"inter", "root"},
       "other.pem",
       "good.example",
       false,
       "server",
       now},
      {"wrong_eku", "clientleaf", {"inter"}, "root.pem", "good.example", false, "server", now},
      {"client_ok", "clientleaf", {"inter"}, "root.pem", "", false, "client", now},
      {"client_wrong_eku", "leaf", {"inter"}, "root.pem", "", false, "client", now},
      {"path_length_exceeded",
       "leaf_deep",
       {"sub", "inter0"},
       "root.pem",
       "good.example",
       false,
       "server",
       now},
      {"not_a_ca", "leaf_nc", {"notca"}, "root.pem", "good.example", false, "server", now},
      {"extras_any_order",
       "leaf",
       {"other", "root", "inter", "inter"},
       "root.pem",
       "good.example",
       false,
       "server",
       now},
  };
  int passed = 0, failed = 0;
  for (const auto& c : cases) {
    auto theirs = openssl_verify(c);
    auto ours = tlskit_verify(c);
    bool same = theirs == ours;
    std::printf("%s %-24s openssl: code %d depth %d | tlskit: code %d depth %d\n",
                same ? "ok  " : "DIFF", c.name.c_str(), theirs.first, theirs.second, ours.first,
                ours.second);
    (same ? passed : failed)++;
  }
  std::system(("rm -rf '" + g_dir + "'").c_str());
  std::printf("x509_openssl_diff: %d passed, %d failed, 0 skipped\n", passed, failed);
  return failed ? 1 : 0;
}
