// The public verifier factories (include/tlskit/trust.h) over X509Verifier and PinnedVerifier.
#include "tlskit/trust.h"
#include "x509/pinned_verifier.h"
#include "x509/verifier.h"

namespace tlskit {

Result<std::shared_ptr<const CertVerifier>> make_verifier(const VerifierSettings& settings) {
  x509::VerifierOptions o;
  o.use_system_store = settings.system_store;
  o.ca_file = settings.ca_file;
  o.ca_path = settings.ca_dir;
  o.roots = settings.ca_certificates;
  o.allow_sha1 = settings.allow_sha1;
  o.strict = settings.strict;
  return x509::make_verifier(std::move(o));
}

Result<std::shared_ptr<const CertVerifier>> make_system_verifier() {
  VerifierSettings s;
  s.system_store = true;
  return make_verifier(s);
}

Result<std::shared_ptr<const CertVerifier>> make_ca_file_verifier(const std::string& path) {
  VerifierSettings s;
  s.ca_file = path;
  return make_verifier(s);
}

Result<std::shared_ptr<const CertVerifier>> make_ca_dir_verifier(const std::string& path) {
  VerifierSettings s;
  s.ca_dir = path;
  return make_verifier(s);
}

Result<std::shared_ptr<const CertVerifier>> make_pinned_verifier(
    std::vector<Bytes> spki_sha256, std::shared_ptr<const CertVerifier> chain) {
  if (spki_sha256.empty())
    return make_error(ErrorCode::config_invalid, Alert::none, Party::config, Step::config,
                      "make_pinned_verifier: no pin given; give the SHA-256 of at least one "
                      "SubjectPublicKeyInfo");
  for (const auto& pin : spki_sha256)
    if (pin.size() != 32)
      return make_error(ErrorCode::config_invalid, Alert::none, Party::config, Step::config,
                        "make_pinned_verifier: a pin has " + std::to_string(pin.size()) +
                            " bytes; a SHA-256 pin has 32");
  return std::shared_ptr<const CertVerifier>(
      std::make_shared<const x509::PinnedVerifier>(std::move(spki_sha256), std::move(chain)));
}

}  // namespace tlskit
