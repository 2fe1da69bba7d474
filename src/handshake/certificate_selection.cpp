// Server certificate selection by SNI and signature schemes.
#include "handshake/certificate_selection.h"

#include "handshake/name_list.h"
#include "handshake/signature_selection.h"
#include "handshake/spki_extract.h"

namespace tlskit::handshake {
namespace {

bool leaf_matches(const CertifiedKey& ck, std::string_view name) {
  if (ck.chain.empty()) return false;
  auto names = extract_dns_names(ck.chain.front());
  if (!names) return false;
  for (const auto& n : *names)
    if (dns_name_matches(n, name)) return true;
  return false;
}

std::string scheme_list(std::span<const SignatureScheme> s) {
  return name_list(s, [](SignatureScheme x) { return signature_scheme_name(x); });
}

}  // namespace

Result<CertificateChoice> choose_certificate(
    std::span<const std::shared_ptr<const CertifiedKey>> certificates,
    std::string_view server_name, std::span<const SignatureScheme> client_schemes) {
  if (certificates.empty())
    return make_error(ErrorCode::config_invalid, Alert::internal_error, Party::config,
                      Step::server_certificate, "the server has no certificate configured");
  // Two passes: certificates for the requested name first, then any (default certificate).
  for (int pass = 0; pass < 2; ++pass) {
    for (const auto& ck : certificates) {
      if (!ck || !ck->key || ck->chain.empty()) continue;
      if (pass == 0 && (server_name.empty() || !leaf_matches(*ck, server_name))) continue;
      if (auto s = choose_tls13_scheme(*ck->key, client_schemes))
        return CertificateChoice{ck, *s};
    }
  }
  std::string keys;
  for (const auto& ck : certificates) {
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
