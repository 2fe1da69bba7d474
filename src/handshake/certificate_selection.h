// Server certificate choice: by SNI (the leaf's DNS names) and by the client's
// signature_algorithms (RFC 8446 §4.4.2.2, §4.4.3).
#pragma once
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "tlskit/certificate_resolver.h"
#include "tlskit/config.h"

namespace tlskit::handshake {

// The certificate to send and the scheme to sign CertificateVerify with.
struct CertificateChoice {
  std::shared_ptr<const CertifiedKey> cert;
  SignatureScheme scheme{};
};

// The certificates a ClientHello may be answered with, best first: what
// Config::certificate_resolver returns, or Config::certificates ordered by server name
// (sni_resolver.h). Errors: unrecognized_name (the resolver has no certificate for this
// client, RFC 6066 §3), config_invalid (internal_error: no certificate configured at all).
Result<std::vector<std::shared_ptr<const CertifiedKey>>> certificate_candidates(
    const Config& config, const ClientHelloInfo& hello, Step step);

// Picks the first candidate whose key can sign a TLS 1.3 scheme the client offered.
// Certificates whose chain is signed only with algorithms outside the client's
// signature_algorithms_cert are not excluded (RFC 8446 §4.4.2.2 lets a server send them).
// Fails with no_common_signature (handshake_failure) when no candidate fits the client's
// schemes.
Result<CertificateChoice> choose_certificate(
    std::span<const std::shared_ptr<const CertifiedKey>> candidates,
    std::span<const SignatureScheme> client_schemes);

// Picks the scheme for a client certificate's CertificateVerify (the server's
// CertificateRequest signature_algorithms); nullopt when the key can sign none of them.
std::optional<SignatureScheme> choose_client_scheme(const CertifiedKey& cert,
                                                    std::span<const SignatureScheme> server_schemes);

}  // namespace tlskit::handshake
