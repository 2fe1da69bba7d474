// PinnedVerifier: the chain verdict first, then one pinned SubjectPublicKeyInfo in the chain.
#include "x509/pinned_verifier.h"

#include <algorithm>

#include "crypto/provider.h"
#include "x509/certificate.h"

namespace tlskit::x509 {

PinnedVerifier::PinnedVerifier(std::vector<Bytes> pins, std::shared_ptr<const CertVerifier> chain)
    : pins_(std::move(pins)), chain_(std::move(chain)) {}

CertVerifyResult PinnedVerifier::verify(std::span<const Bytes> chain, std::string_view host,
                                        CertPurpose purpose, ByteView ocsp, int64_t now) const {
  CertVerifyResult r;
  if (chain_) {
    r = chain_->verify(chain, host, purpose, ocsp, now);
    if (!r.ok) return r;
  }
  const crypto::Provider& p = crypto::default_provider();
  for (size_t i = 0; i < chain.size(); ++i) {
    auto cert = Certificate::parse(chain[i]);
    if (!cert) continue;
    Bytes digest(32);
    p.hash(crypto::HashAlg::sha256, (*cert)->key.spki, digest);
    if (std::find(pins_.begin(), pins_.end(), digest) != pins_.end()) {
      r.ok = true;
      r.summary += std::string(r.summary.empty() ? "" : "; ") + "pinned key found at depth " +
                   std::to_string(i);
      return r;
    }
  }
  CertVerifyResult bad;
  bad.ok = false;
  bad.code = kVerifyPinMismatch;
  bad.code_text = "application verification failure";
  bad.depth = 0;
  bad.cause = "pin_mismatch";
  bad.explanation = "none of the " + std::to_string(chain.size()) +
                    " certificates the peer sent has a pinned public key; the peer's key changed "
                    "or this is not the expected peer: update the pins if the key was rotated";
  bad.alert = Alert::bad_certificate;
  bad.verified_host = r.verified_host;
  bad.summary = "no pinned public key in the chain";
  return bad;
}

}  // namespace tlskit::x509
