// The SNI certificate resolver (tlskit/certificate_resolver.h).
#include "handshake/sni_resolver.h"

#include "handshake/spki_extract.h"

namespace tlskit::handshake {
namespace {

bool usable(const std::shared_ptr<const CertifiedKey>& ck) {
  return ck && ck->key && !ck->chain.empty();
}

bool matches(const NamedCertificate& c, std::string_view server_name) {
  if (server_name.empty()) return false;
  for (const auto& n : c.names)
    if (dns_name_matches(n, server_name)) return true;
  return false;
}

// make_sni_resolver(): the names are read once, at construction.
class SniResolver final : public CertificateResolver {
 public:
  SniResolver(std::vector<std::shared_ptr<const CertifiedKey>> certificates, bool reject_unknown)
      : reject_unknown_(reject_unknown) {
    for (auto& c : certificates) named_.push_back(name_certificate(std::move(c)));
  }
  std::vector<std::shared_ptr<const CertifiedKey>> resolve(
      const ClientHelloInfo& hello) const override {
    return order_by_server_name(named_, hello.server_name, reject_unknown_);
  }

 private:
  std::vector<NamedCertificate> named_;
  bool reject_unknown_;
};

}  // namespace

NamedCertificate name_certificate(std::shared_ptr<const CertifiedKey> cert) {
  NamedCertificate c{std::move(cert), {}};
  if (usable(c.cert))
    if (auto names = extract_dns_names(c.cert->chain.front())) c.names = std::move(*names);
  return c;
}

std::vector<std::shared_ptr<const CertifiedKey>> order_by_server_name(
    std::span<const NamedCertificate> certificates, std::string_view server_name,
    bool reject_unknown) {
  std::vector<std::shared_ptr<const CertifiedKey>> out;
  for (const auto& c : certificates)
    if (usable(c.cert) && matches(c, server_name)) out.push_back(c.cert);
  if (reject_unknown && !server_name.empty()) return out;
  for (const auto& c : certificates)
    if (usable(c.cert) && !matches(c, server_name)) out.push_back(c.cert);
  return out;
}

}  // namespace tlskit::handshake

namespace tlskit {

std::shared_ptr<const CertificateResolver> make_sni_resolver(
    std::vector<std::shared_ptr<const CertifiedKey>> certificates, bool reject_unknown_names) {
  return std::make_shared<handshake::SniResolver>(std::move(certificates), reject_unknown_names);
}

}  // namespace tlskit
