// CertificateVerify (RFC 8446 §4.4.3): the signed content, signing, and verification that
// yields a proof value the next handshake state requires.
#pragma once
#include "base/bytes.h"
#include "base/result.h"
#include "crypto/provider.h"
#include "base/iana_registry.h"

namespace tlskit::handshake {

// Proof that a peer's CertificateVerify signature verified with the leaf's key. Only
// verify_certificate_verify() can create one; states after CertificateVerify hold one.
class SignatureVerified {
 public:
  SignatureScheme scheme() const { return scheme_; }

 private:
  explicit SignatureVerified(SignatureScheme s) : scheme_(s) {}
  SignatureScheme scheme_;
  friend Result<SignatureVerified> verify_certificate_verify(const crypto::Provider&,
                                                             SignatureScheme, ByteView, bool,
                                                             ByteView, ByteView, Step);
  friend Result<SignatureVerified> verify_certificate_verify12(const crypto::Provider&,
                                                               SignatureScheme,
                                                               std::span<const SignatureScheme>,
                                                               ByteView, ByteView, ByteView);
};

// Context strings of RFC 8446 §4.4.3.
inline constexpr std::string_view kServerCertVerifyContext = "TLS 1.3, server CertificateVerify";
inline constexpr std::string_view kClientCertVerifyContext = "TLS 1.3, client CertificateVerify";

// Writes the content covered by the signature into out (cleared first): 64 bytes of 0x20,
// the context string for the signer's side, a 0 byte, then the transcript hash.
void certificate_verify_content(bool signer_is_server, ByteView transcript_hash, Bytes& out);

// Signs the CertificateVerify content with key; crypto_failure / internal_error on failure.
Result<Bytes> sign_certificate_verify(const crypto::PrivateKey& key, SignatureScheme scheme,
                                      bool signer_is_server, ByteView transcript_hash,
                                      Step step);

// Verifies a peer's CertificateVerify signature with the DER SubjectPublicKeyInfo spki.
// Errors: bad_signature / decrypt_error (did not verify), illegal_parameter (the scheme does not
// fit the key type, e.g. an ECDSA scheme with an RSA key, or the curve does not match).
Result<SignatureVerified> verify_certificate_verify(const crypto::Provider& provider,
                                                    SignatureScheme scheme, ByteView spki,
                                                    bool signer_is_server,
                                                    ByteView transcript_hash, ByteView signature,
                                                    Step step);

}  // namespace tlskit::handshake
