// Generation of the TLS 1.2 test PKI (a GoogleTest environment running a shell script).
#include "tls12_pki.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "crypto/provider.h"
#include "../pki_cache.h"

namespace tlskit::tls12test {
namespace {

std::string g_dir;
std::shared_ptr<const CertifiedKey> g_server[4];
std::shared_ptr<const CertifiedKey> g_client_p256, g_client_rsa;

const char* genkey(Key k) {
  switch (k) {
    case Key::p256: return "-algorithm EC -pkeyopt ec_paramgen_curve:P-256";
    case Key::p384: return "-algorithm EC -pkeyopt ec_paramgen_curve:P-384";
    case Key::rsa: return "-algorithm RSA -pkeyopt rsa_keygen_bits:2048";
    case Key::ed25519: return "-algorithm ED25519";
  }
  return "";
}

std::shared_ptr<const CertifiedKey> load(const std::string& name) {
  auto ck = CertifiedKey::load_pem_files(g_dir + "/" + name + ".pem", g_dir + "/" + name + ".key",
                                         crypto::default_provider());
  if (!ck) {
    std::fprintf(stderr, "tls12 PKI: %s\n", ck.error().to_string().c_str());
    std::abort();
  }
  return std::make_shared<CertifiedKey>(std::move(*ck));
}

// Makes the PKI's files in dir with a shell script of openssl commands (make.sh, kept there).
bool make_pki(const std::string& dir) {
  std::string s = "set -e; cd '" + dir + "'\n";
  s += "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ca.key\n";
  s += "openssl req -x509 -new -key ca.key -subj '/CN=tlskit tls12 test CA' -days 3650 "
       "-addext basicConstraints=critical,CA:true -addext keyUsage=critical,keyCertSign "
       "-out ca.pem\n";
  int serial = 100;
  auto leaf = [&](const std::string& name, const char* args, const std::string& ext) {
    s += "openssl genpkey " + std::string(args) + " -out " + name + ".key\n";
    s += "openssl req -new -key " + name + ".key -subj '/CN=" + name + "' -out " + name +
         ".csr\n";
    s += "printf '" + ext + "' > " + name + ".ext\n";
    s += "openssl x509 -req -in " + name + ".csr -CA ca.pem -CAkey ca.key -set_serial " +
         std::to_string(serial++) + " -days 365 -extfile " + name + ".ext -out " + name +
         ".pem\n";
  };
  for (Key k : kServerKeys)
    leaf(key_name(k), genkey(k),
         "basicConstraints=CA:false\\nextendedKeyUsage=serverAuth\\nsubjectAltName=DNS:" +
             host_of(k) + ",DNS:localhost\\n");
  leaf("client-p256", genkey(Key::p256), "basicConstraints=CA:false\\nextendedKeyUsage=clientAuth\\n");
  leaf("client-rsa", genkey(Key::rsa), "basicConstraints=CA:false\\nextendedKeyUsage=clientAuth\\n");
  std::ofstream(dir + "/make.sh") << s;
  std::string cmd = "sh '" + dir + "/make.sh' >/dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

class Tls12Pki : public ::testing::Environment {
 public:
  void SetUp() override {
    // Made once per build and shared by the test processes (tests/pki_cache.h); version 1.
    g_dir = testcache::cached_pki("tls12", 1, make_pki);
    for (Key k : kServerKeys) g_server[static_cast<int>(k)] = load(key_name(k));
    g_client_p256 = load("client-p256");
    g_client_rsa = load("client-rsa");
  }
  void TearDown() override {}
};

[[maybe_unused]] ::testing::Environment* const g_env =
    ::testing::AddGlobalTestEnvironment(new Tls12Pki);

}  // namespace

const char* key_name(Key k) {
  switch (k) {
    case Key::p256: return "p256";
    case Key::p384: return "p384";
    case Key::rsa: return "rsa";
    case Key::ed25519: return "ed25519";
  }
  return "?";
}

std::string host_of(Key k) { return std::string(key_name(k)) + ".tls12.test"; }
std::shared_ptr<const CertifiedKey> server_cert(Key k) { return g_server[static_cast<int>(k)]; }
std::shared_ptr<const CertifiedKey> client_cert(Key k) {
  return k == Key::rsa ? g_client_rsa : g_client_p256;
}
const std::string& pki_dir() { return g_dir; }

}  // namespace tlskit::tls12test
