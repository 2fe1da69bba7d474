// Server certificate selection by SNI and signature schemes.
#include "handshake/certificate_selection.h"

#include "handshake/name_list.h"
#include "handshake/signature_selection.h"
#include "handshake/sni_resolver.h"
#include "handshake/spki_extract.h"

namespace tlskit::handshake {
namespace {

std::string scheme_list(std::span<const SignatureScheme> s) {
  return name_list(s, [](SignatureScheme x) { return signature_scheme_name(x); });
}

}  // namespace

Result<std::vector<std::shared_ptr<const CertifiedKey>>> certificate_candidates(
    const Config& config, const ClientHelloInfo& hello, Step step) {
  if (config.certificate_resolver) {
    auto candidates = config.certificate_resolver->resolve(hello);
    if (candidates.empty())
      // RFC 6066 §3: a server that does not recognise the name may end with unrecognized_name.
      return make_error(ErrorCode::unrecognized_name, Alert::unrecognized_name, Party::peer, step,
                        hello.server_name.empty()
                            ? std::string("the certificate resolver has no certificate for a "
                                          "client that sent no server name")
                            : "the certificate resolver has no certificate for the server name '" +
                                  std::string(hello.server_name) + "'");
    return candidates;
  }
  if (config.certificates.empty())
    return make_error(ErrorCode::config_invalid, Alert::internal_error, Party::config,
                      Step::server_certificate, "the server has no certificate configured");
  std::vector<NamedCertificate> named;
  named.reserve(config.certificates.size());
  for (const auto& c : config.certificates) named.push_back(name_certificate(c));
  return order_by_server_name(named, hello.server_name, false);
}

Result<CertificateChoice> choose_certificate(
    std::span<const std::shared_ptr<const CertifiedKey>> candidates,
    std::span<const SignatureScheme> client_schemes) {
  for (const auto& ck : candidates) {
    if (!ck || !ck->key || ck->chain.empty()) continue;
    if (auto s = choose_tls13_scheme(*ck->key, client_schemes)) return CertificateChoice{ck, *s};
  }
  std::string keys;
  for (const auto& ck : candidates) {
    if (!ck || !ck->key) continue;
    if (!keys.empty()) keys += ", ";
    keys += crypto::key_type_name(ck->key->type());
  }
  // RFC 8446 §4.4.2.2 / §4.2.3: no certificate we can sign for with the client's schemes.
  return make_error(ErrorCode::no_common_signature, Alert::handshake_failure, Party::peer,
                    Step::client_hello,
                    "the client accepts only signature schemes [" + scheme_list(client_schemes) +
                        "] and our certificate keys (" + keys + ") can sign none of them");
}

std::optional<SignatureScheme> choose_client_scheme(const CertifiedKey& cert,
                                                    std::span<const SignatureScheme> server_schemes) {
  if (!cert.key) return std::nullopt;
  return choose_tls13_scheme(*cert.key, server_schemes);
}

}  // namespace tlskit::handshake
