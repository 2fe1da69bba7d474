// Certificates for the TLS 1.2 tests, made once per test binary with the openssl command:
// a root CA and leaves of each key type (ECDSA P-256 / P-384, RSA-2048, Ed25519), plus client
// certificates (ECDSA P-256 and RSA-2048).
#pragma once
#include <memory>
#include <string>

#include "tlskit/config.h"

namespace tlskit::tls12test {

enum class Key { p256, p384, rsa, ed25519 };
inline constexpr Key kServerKeys[] = {Key::p256, Key::p384, Key::rsa, Key::ed25519};
const char* key_name(Key k);
// The leaf's DNS name ("p256.tls12.test"); every leaf also has "localhost".
std::string host_of(Key k);

// The server certificate (chain + key) of a key type.
std::shared_ptr<const CertifiedKey> server_cert(Key k);
// Client certificates.
std::shared_ptr<const CertifiedKey> client_cert(Key k);  // p256 or rsa
// Directory with the PEM files (ca.pem, <name>.pem / <name>.key, client-<name>.pem/.key).
const std::string& pki_dir();

}  // namespace tlskit::tls12test
