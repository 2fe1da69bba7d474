// Test PKI generation with the openssl command, once per test binary.
#include "test_pki.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "crypto/provider.h"
#include "../pki_cache.h"

namespace tlskit::test {
namespace {

TestPki* g_pki = nullptr;

void run(const std::string& cmd) {
  std::string full = cmd + " >/dev/null 2>&1";
  int rc = std::system(full.c_str());
  if (rc != 0) {
    std::fprintf(stderr, "test PKI: command failed (%d): %s\n", rc, cmd.c_str());
    std::abort();
  }
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream f(path);
  f << text;
}

void concat(const std::string& a, const std::string& b, const std::string& out) {
  std::ifstream fa(a), fb(b);
  std::ofstream f(out);
  f << fa.rdbuf() << fb.rdbuf();
}

const char* kind_file(LeafKind k) {
  switch (k) {
    case LeafKind::ecdsa_p256: return "p256";
    case LeafKind::ecdsa_p384: return "p384";
    case LeafKind::rsa2048: return "rsa";
    case LeafKind::ed25519: return "ed25519";
  }
  return "x";
}

std::string genkey_args(LeafKind k) {
  switch (k) {
    case LeafKind::ecdsa_p256: return "-algorithm EC -pkeyopt ec_paramgen_curve:P-256";
    case LeafKind::ecdsa_p384: return "-algorithm EC -pkeyopt ec_paramgen_curve:P-384";
    case LeafKind::rsa2048: return "-algorithm RSA -pkeyopt rsa_keygen_bits:2048";
    case LeafKind::ed25519: return "-algorithm ED25519";
  }
  return "";
}

// Makes the PKI's files in dir with the openssl command (aborts on failure).
bool make_pki(const std::string& dir) {
  auto path = [&](const std::string& n) { return dir + "/" + n; };
  const std::string p256 = "-algorithm EC -pkeyopt ec_paramgen_curve:P-256";
  // A key (genpkey args) and a certificate for name, issued by ca with the extensions text.
  auto issue = [&](const std::string& name, const std::string& key_args, const std::string& cn,
                   const std::string& ca, int serial, int days, const std::string& ext) {
    write_file(path(name + ".ext"), ext);
    run("openssl genpkey " + key_args + " -out " + path(name + ".key"));
    run("openssl req -new -key " + path(name + ".key") + " -subj '/CN=" + cn + "' -out " +
        path(name + ".csr"));
    run("openssl x509 -req -in " + path(name + ".csr") + " -CA " + path(ca + ".pem") +
        " -CAkey " + path(ca + ".key") + " -set_serial " + std::to_string(serial) + " -days " +
        std::to_string(days) + " -extfile " + path(name + ".ext") + " -out " +
        path(name + (ca == "root" ? ".pem" : ".crt")));
  };
  // Root.
  run("openssl genpkey " + p256 + " -out " + path("root.key"));
  run("openssl req -x509 -new -key " + path("root.key") +
      " -subj '/CN=tlskit test root' -days 7300 -set_serial 1"
      " -addext basicConstraints=critical,CA:true -addext keyUsage=critical,keyCertSign,cRLSign"
      " -out " + path("root.pem"));
  // Intermediate.
  issue("int", p256, "tlskit test intermediate", "root", 2, 7000,
        "basicConstraints=critical,CA:true\nkeyUsage=critical,keyCertSign,cRLSign\n"
        "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n");
  // Leaves.
  int serial = 10;
  for (LeafKind k : kAllLeafKinds) {
    std::string n = kind_file(k);
    issue(n, genkey_args(k), leaf_host(k), "int", serial++, 3650,
          "basicConstraints=CA:false\nkeyUsage=critical,digitalSignature" +
              std::string(k == LeafKind::rsa2048 ? ",keyEncipherment" : "") +
              "\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:" + leaf_host(k) +
              ",DNS:localhost,DNS:*.wild.tlskit.test\n");
    concat(path(n + ".crt"), path("int.pem"), path(n + ".chain.pem"));
  }
  // Client certificate.
  issue("client", p256, "tlskit test client", "int", 50, 3650,
        "basicConstraints=CA:false\nkeyUsage=critical,digitalSignature\n"
        "extendedKeyUsage=clientAuth\n");
  concat(path("client.crt"), path("int.pem"), path("client.chain.pem"));
  return true;
}

class PkiEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    auto* p = new TestPki;
    // Made once per build and shared by the test processes (tests/pki_cache.h); version 2.
    p->dir = testcache::cached_pki("handshake", 2, make_pki);
    auto path = [&](const std::string& n) { return p->dir + "/" + n; };
    p->root_pem = path("root.pem");

    const auto& provider = crypto::default_provider();
    for (LeafKind k : kAllLeafKinds) {
      auto ck = CertifiedKey::load_pem_files(p->chain_path(k), p->key_path(k), provider);
      ASSERT_TRUE(ck) << ck.error().to_string();
      p->leaves_[static_cast<int>(k)] = std::make_shared<CertifiedKey>(std::move(*ck));
    }
    auto c = CertifiedKey::load_pem_files(p->client_chain_path(), p->client_key_path(), provider);
    ASSERT_TRUE(c) << c.error().to_string();
    p->client_ = std::make_shared<CertifiedKey>(std::move(*c));
    g_pki = p;
  }
  void TearDown() override {
    if (!g_pki) return;
    delete g_pki;
    g_pki = nullptr;
  }
};

// Registered before main() runs (gtest_main calls RUN_ALL_TESTS, which sets it up).
[[maybe_unused]] ::testing::Environment* const g_env =
    ::testing::AddGlobalTestEnvironment(new PkiEnvironment);

}  // namespace

const char* leaf_kind_name(LeafKind k) {
  switch (k) {
    case LeafKind::ecdsa_p256: return "ECDSA_P256";
    case LeafKind::ecdsa_p384: return "ECDSA_P384";
    case LeafKind::rsa2048: return "RSA2048";
    case LeafKind::ed25519: return "Ed25519";
  }
  return "unknown";
}

std::string leaf_host(LeafKind k) { return std::string(kind_file(k)) + ".tlskit.test"; }

std::shared_ptr<const CertifiedKey> TestPki::leaf(LeafKind k) const {
  return leaves_[static_cast<int>(k)];
}
std::string TestPki::chain_path(LeafKind k) const { return dir + "/" + kind_file(k) + ".chain.pem"; }
std::string TestPki::key_path(LeafKind k) const { return dir + "/" + kind_file(k) + ".key"; }
std::string TestPki::client_chain_path() const { return dir + "/client.chain.pem"; }
std::string TestPki::client_key_path() const { return dir + "/client.key"; }

const TestPki& pki() { return *g_pki; }

}  // namespace tlskit::test
