// The trust store and certificate verifier of the client and of the server's client auth.
#include "cli/client_config.h"
#include "x509/system_roots.h"
#include "x509/verifier.h"

namespace tlskit::tools {

Result<TrustSetup> make_trust(const TrustOptions& t) {
  x509::VerifierOptions v;
  v.ca_file = t.ca_file;
  v.ca_path = t.ca_path;
  v.use_system_store = t.ca_file.empty() && t.ca_path.empty();
  // Without a system store the client still connects and shows the chain; the diagnosis says
  // what is missing (cause no_trust_store).
  v.allow_empty_system_store = true;
  if (t.verify_depth >= 0) v.max_intermediates = static_cast<size_t>(t.verify_depth);
  v.strict = t.strict;
  v.time = t.time;
  TK_ASSIGN(auto verifier, x509::make_x509_verifier(v));
  TrustSetup s;
  size_t n = verifier->store().size();
  std::string count = " (" + std::to_string(n) + (n == 1 ? " certificate)" : " certificates)");
  if (v.use_system_store) {
    x509::SystemRoots roots = x509::find_system_roots();
    if (n == 0) {
      std::string tried;
      for (const auto& p : roots.tried) tried += (tried.empty() ? "" : ", ") + p;
      s.description = "no system trust store (looked at " +
                      (tried.empty() ? std::string("nothing") : tried) + ")";
      s.no_trust_store = true;
    } else {
      s.description = "system bundle " + roots.describe() + count;
    }
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
