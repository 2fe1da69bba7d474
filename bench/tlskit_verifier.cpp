// The benchmark's CertVerifier: the x509 module's own verifier (x509::make_verifier), exactly
// what applications and the tlskit tool use, trusting one root file.
#include "tlskit_verifier.h"

#include "x509/verifier.h"

namespace bench {

std::shared_ptr<const tlskit::CertVerifier> make_tlskit_verifier(const std::string& root_path,
                                                                 std::string* error) {
  tlskit::x509::VerifierOptions o;
  o.ca_file = root_path;
  auto v = tlskit::x509::make_verifier(o);
  if (!v) {
    *error = v.error().to_string();
    return nullptr;
  }
  return *v;
}

}  // namespace bench
