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
  write_file(path("ca.ext"),
             "basicConstraints=critical,CA:true\nkeyUsage=critical,keyCertSign,cRLSign\n"
             "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n");
  // Root.
  run("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out " + path("root.key"));
  run("openssl req -x509 -new -key " + path("root.key") +
      " -subj '/CN=tlskit test root' -days 7300 -set_serial 1"
      " -addext basicConstraints=critical,CA:true -addext keyUsage=critical,keyCertSign,cRLSign"
      " -out " + path("root.pem"));
  // Intermediate.
  run("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out " + path("int.key"));
  run("openssl req -new -key " + path("int.key") + " -subj '/CN=tlskit test intermediate' -out " +
      path("int.csr"));
  run("openssl x509 -req -in " + path("int.csr") + " -CA " + path("root.pem") + " -CAkey " +
      path("root.key") + " -set_serial 2 -days 7000 -extfile " + path("ca.ext") + " -out " +
      path("int.pem"));
  // Leaves.
  int serial = 10;
  for (LeafKind k : kAllLeafKinds) {
    std::string n = kind_file(k);
    write_file(path(n + ".ext"),
               "basicConstraints=CA:false\nkeyUsage=critical,digitalSignature" +
                   std::string(k == LeafKind::rsa2048 ? ",keyEncipherment" : "") +
                   "\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:" + leaf_host(k) +
                   ",DNS:localhost,DNS:*.wild.tlskit.test\n");
    run("openssl genpkey " + genkey_args(k) + " -out " + path(n + ".key"));
    run("openssl req -new -key " + path(n + ".key") + " -subj '/CN=" + leaf_host(k) + "' -out " +
        path(n + ".csr"));
    run("openssl x509 -req -in " + path(n + ".csr") + " -CA " + path("int.pem") + " -CAkey " +
        path("int.key") + " -set_serial " + std::to_string(serial++) + " -days 3650 -extfile " +
        path(n + ".ext") + " -out " + path(n + ".crt"));
    concat(path(n + ".crt"), path("int.pem"), path(n + ".chain.pem"));
  }
  // Client certificate.
  write_file(path("client.ext"),
             "basicConstraints=CA:false\nkeyUsage=critical,digitalSignature\n"
             "extendedKeyUsage=clientAuth\n");
  run("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out " + path("client.key"));
  run("openssl req -new -key " + path("client.key") + " -subj '/CN=tlskit test client' -out " +
      path("client.csr"));
  run("openssl x509 -req -in " + path("client.csr") + " -CA " + path("int.pem") + " -CAkey " +
      path("int.key") + " -set_serial 50 -days 3650 -extfile " + path("client.ext") + " -out " +
      path("client.crt"));
  concat(path("client.crt"), path("int.pem"), path("client.chain.pem"));
  return true;
}

class PkiEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    auto* p = new TestPki;
    // Made once per build and shared by the test processes (tests/pki_cache.h); version 1.
    p->dir = testcache::cached_pki("handshake", 1, make_pki);
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
