// Ordering certificates by server name (RFC 6066 §3): the SNI resolver behind
// make_sni_resolver() and the default choice among Config::certificates.
#pragma once
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tlskit/certificate_resolver.h"

namespace tlskit::handshake {

// A certificate with its leaf's subjectAltName DNS names, read once.
struct NamedCertificate {
  std::shared_ptr<const CertifiedKey> cert;
  std::vector<std::string> names;
};

// Reads the leaf's DNS names (none when the leaf cannot be parsed).
NamedCertificate name_certificate(std::shared_ptr<const CertifiedKey> cert);

// The certificates whose names match server_name first (in their order), then, unless
// reject_unknown (and a name was sent), the others. Unusable entries (no key or chain) are
// skipped.
std::vector<std::shared_ptr<const CertifiedKey>> order_by_server_name(
    std::span<const NamedCertificate> certificates, std::string_view server_name,
    bool reject_unknown);

}  // namespace tlskit::handshake
