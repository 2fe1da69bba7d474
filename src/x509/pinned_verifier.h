// A CertVerifier that requires one of the peer's certificates to carry a pinned public key
// (SHA-256 of its SubjectPublicKeyInfo), after an optional chain verifier.
#pragma once
#include <memory>
#include <vector>

#include "base/bytes.h"
#include "tlskit/verifier.h"

namespace tlskit::x509 {

// OpenSSL's X509_V_ERR_APPLICATION_VERIFICATION, the code a pin mismatch reports.
inline constexpr int kVerifyPinMismatch = 50;

// Pins over an optional chain verifier; thread-safe (immutable after construction).
class PinnedVerifier final : public CertVerifier {
 public:
  // pins: 32-byte SHA-256 digests of SubjectPublicKeyInfo DER. chain: checked first, or null.
  PinnedVerifier(std::vector<Bytes> pins, std::shared_ptr<const CertVerifier> chain);
  // The chain verifier's verdict when it fails; else ok only when a certificate of chain has a
  // pinned key (cause "pin_mismatch", code 50, alert bad_certificate otherwise).
  CertVerifyResult verify(std::span<const Bytes> chain, std::string_view host, CertPurpose purpose,
                          ByteView ocsp, int64_t now) const override;

 private:
  std::vector<Bytes> pins_;
  std::shared_ptr<const CertVerifier> chain_;
};

}  // namespace tlskit::x509
