// The peer's certificate chain: running Config::verifier (fail closed) or recording that it
// was not verified (insecure mode), with a proof value CertificateVerify handling requires.
#pragma once
#include <span>
#include <string_view>

#include "base/bytes.h"
#include "base/result.h"
#include "tlskit/config.h"
#include "tlskit/events.h"

namespace tlskit::handshake {

// Proof that the peer's chain went through check_peer_chain(): either the verifier accepted
// it, or the configuration explicitly skips verification (verified() false then).
class ChainChecked {
 public:
  bool verified() const { return verified_; }

 private:
  explicit ChainChecked(bool v) : verified_(v) {}
  bool verified_;
  friend Result<ChainChecked> check_peer_chain(const Config&, std::span<const Bytes>,
                                               std::string_view, CertPurpose, ByteView, int64_t,
                                               HandshakeInfo&);
};

// Checks a non-empty peer chain. With a verifier (always for client certificates; for server
// certificates when config.verify_peer), calls it with host (the server name, empty for client
// certificates), purpose, the stapled OCSP response and now (Unix seconds), and stores the
// verdict in info.peer_verify / info.peer_verified. Without verification (client,
// verify_peer = false) records peer_verified = false and no peer_verify.
// Errors: certificate_invalid at Step::certificate_validation with the verifier's alert
// (bad_certificate if it gave none), verify_code, verify_depth and its explanation.
Result<ChainChecked> check_peer_chain(const Config& config, std::span<const Bytes> chain,
                                      std::string_view host, CertPurpose purpose, ByteView ocsp,
                                      int64_t now, HandshakeInfo& info);

}  // namespace tlskit::handshake
