// The trust store and certificate verifier of the client and of the server's client auth.
#include "cli/client_config.h"
#include "x509/verifier.h"

namespace tlskit::tools {

Result<TrustSetup> make_trust(const TrustOptions& t) {
  x509::VerifierOptions v;
  v.ca_file = t.ca_file;
  v.ca_path = t.ca_path;
  v.use_system_store = t.ca_file.empty() && t.ca_path.empty();
  if (t.verify_depth >= 0) v.max_intermediates = static_cast<size_t>(t.verify_depth);
  v.strict = t.strict;
  v.time = t.time;
  TK_ASSIGN(auto verifier, x509::make_x509_verifier(v));
  TrustSetup s;
  size_t n = verifier->store().size();
  std::string count = " (" + std::to_string(n) + (n == 1 ? " certificate)" : " certificates)");
  if (v.use_system_store) {
    s.description = "system bundle " + std::string(x509::kSystemBundle) + count;
  } else {
    if (!t.ca_file.empty()) s.description = "CAfile " + t.ca_file;
    if (!t.ca_path.empty())
      s.description += (s.description.empty() ? "" : " and ") + std::string("CApath ") + t.ca_path;
    s.description += count;
  }
  s.verifier = verifier;
  return s;
}

}  // namespace tlskit::tools
