// Server certificate choice: by SNI (the leaf's DNS names) and by the client's
// signature_algorithms (RFC 8446 §4.4.2.2, §4.4.3).
#pragma once
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "tlskit/config.h"

namespace tlskit::handshake {

// The certificate to send and the scheme to sign CertificateVerify with.
struct CertificateChoice {
  std::shared_ptr<const CertifiedKey> cert;
  SignatureScheme scheme{};
};

// Picks a certificate: among those whose leaf names match server_name (all of them when none
// matches or no name was sent), the first whose key can sign a TLS 1.3 scheme the client
// offered. Certificates whose chain is signed only with algorithms outside the client's
// signature_algorithms_cert are not excluded (RFC 8446 §4.4.2.2 lets a server send them).
// Fails with no_common_signature (handshake_failure) when no certificate fits the client's
// schemes, and with config_invalid (internal_error) when there are no certificates at all.
Result<CertificateChoice> choose_certificate(
    std::span<const std::shared_ptr<const CertifiedKey>> certificates,
    std::string_view server_name, std::span<const SignatureScheme> client_schemes);

// Picks the scheme for a client certificate's CertificateVerify (the server's
// CertificateRequest signature_algorithms); nullopt when the key can sign none of them.
std::optional<SignatureScheme> choose_client_scheme(const CertifiedKey& cert,
                                                    std::span<const SignatureScheme> server_schemes);

}  // namespace tlskit::handshake
