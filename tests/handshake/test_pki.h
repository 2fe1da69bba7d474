// A test PKI generated once per test binary with the `openssl` command (a GoogleTest
// environment): root CA, intermediate, server leaves for each key type, a client certificate.
#pragma once
#include <memory>
#include <string>

#include "tlskit/config.h"

namespace tlskit::test {

// Server certificate key types in the matrix.
enum class LeafKind { ecdsa_p256, ecdsa_p384, rsa2048, ed25519 };
inline constexpr LeafKind kAllLeafKinds[] = {LeafKind::ecdsa_p256, LeafKind::ecdsa_p384,
                                             LeafKind::rsa2048, LeafKind::ed25519};
const char* leaf_kind_name(LeafKind k);
// The DNS name in the leaf's subjectAltName ("p256.tlskit.test", ...); every leaf also
// carries "localhost" and "*.wild.tlskit.test".
std::string leaf_host(LeafKind k);

// Paths and loaded keys of the PKI.
struct TestPki {
  std::string dir;
  std::string root_pem;  // path of the root certificate
  std::shared_ptr<const CertifiedKey> leaf(LeafKind k) const;
  std::shared_ptr<const CertifiedKey> client() const { return client_; }
  std::string chain_path(LeafKind k) const;  // leaf + intermediate PEM
  std::string key_path(LeafKind k) const;
  std::string client_chain_path() const;
  std::string client_key_path() const;

  std::shared_ptr<const CertifiedKey> leaves_[4];
  std::shared_ptr<const CertifiedKey> client_;
};

// The PKI of this test binary (built by the environment before any test runs).
const TestPki& pki();

}  // namespace tlskit::test
