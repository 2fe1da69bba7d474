/// @file
/// Factories for the certificate verifier tlskit ships (a Config::verifier): the system trust
/// store, a CA file or directory, in-memory CAs, and public-key pinning.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "tlskit/bytes.h"
#include "tlskit/export.h"
#include "tlskit/result.h"
#include "tlskit/verifier.h"

namespace tlskit {

/// What the default verifier trusts and how strict it is.
struct VerifierSettings {
  /// Trust the system store, found as OpenSSL and Go find it: SSL_CERT_FILE / SSL_CERT_DIR, then
  /// the CA bundle of Debian, Fedora/RHEL, openSUSE, Alpine (docs/cli.md). Also used when no CA
  /// is given below.
  bool system_store = false;
  /// A PEM (or DER) file of trusted CA certificates (openssl -CAfile).
  std::string ca_file;
  /// A directory of CA certificate files (openssl -CApath: *.pem, *.crt, hashed links).
  std::string ca_dir;
  /// Trusted CA certificates held in memory, PEM text or DER each.
  std::vector<Bytes> ca_certificates;
  /// Accept SHA-1 signatures in the chain (MD5 is always refused).
  bool allow_sha1 = false;
  /// Also apply the RFC 5280 / CA-Browser Forum profile checks (docs/x509.md).
  bool strict = false;
};

/// Builds the default X.509 verifier (RFC 5280 path validation, RFC 6125 host names, OCSP
/// staples); the trust store is read and indexed once, here. Fails with file_error naming the
/// file that cannot be read, or, for the system store, when this machine has none ("install
/// ca-certificates, or set SSL_CERT_FILE").
TLSKIT_API Result<std::shared_ptr<const CertVerifier>> make_verifier(
    const VerifierSettings& settings);

/// make_verifier() over the system trust store.
TLSKIT_API Result<std::shared_ptr<const CertVerifier>> make_system_verifier();

/// make_verifier() over the CA certificates of one file (PEM bundle or DER).
TLSKIT_API Result<std::shared_ptr<const CertVerifier>> make_ca_file_verifier(
    const std::string& path);

/// make_verifier() over a directory of CA certificate files.
TLSKIT_API Result<std::shared_ptr<const CertVerifier>> make_ca_dir_verifier(
    const std::string& path);

/// A verifier that also requires a pinned public key: the SHA-256 of the SubjectPublicKeyInfo of
/// at least one certificate the peer sent must be in spki_sha256 (32 bytes each; e.g.
/// `openssl x509 -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256`).
/// chain: the verifier that checks the chain and host name first (e.g. make_system_verifier());
/// nullptr pins alone, without chain or host name checks (for self-signed peers known in
/// advance). A missing pin fails with cause "pin_mismatch" (verify code 50, alert
/// bad_certificate). config_invalid when a pin is not 32 bytes or none is given.
TLSKIT_API Result<std::shared_ptr<const CertVerifier>> make_pinned_verifier(
    std::vector<Bytes> spki_sha256, std::shared_ptr<const CertVerifier> chain);

}  // namespace tlskit
