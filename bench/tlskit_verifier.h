// The certificate verifier the tlskit client uses in the benchmark.
#pragma once
#include <memory>
#include <string>

#include "tlskit/verifier.h"

namespace bench {

// The x509 module's verifier trusting the roots in the PEM file root_path: per handshake it
// parses the chain, builds and validates the path (RFC 5280 §6.1, signatures included) and
// matches the host name. nullptr with *error set on failure.
std::shared_ptr<const tlskit::CertVerifier> make_tlskit_verifier(const std::string& root_path,
                                                                 std::string* error);

}  // namespace bench
