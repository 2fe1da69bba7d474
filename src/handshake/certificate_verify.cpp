// CertificateVerify content construction, signing and verification (RFC 8446 §4.4.3).
#include "handshake/certificate_verify.h"

#include "handshake/signature_selection.h"

namespace tlskit::handshake {

void certificate_verify_content(bool signer_is_server, ByteView transcript_hash, Bytes& out) {
  std::string_view ctx = signer_is_server ? kServerCertVerifyContext : kClientCertVerifyContext;
  out.clear();
  out.reserve(64 + ctx.size() + 1 + transcript_hash.size());
  out.insert(out.end(), 64, 0x20);
  out.insert(out.end(), ctx.begin(), ctx.end());
  out.push_back(0);
  out.insert(out.end(), transcript_hash.begin(), transcript_hash.end());
}

Result<Bytes> sign_certificate_verify(const crypto::PrivateKey& key, SignatureScheme scheme,
                                      bool signer_is_server, ByteView transcript_hash,
                                      Step step) {
  Bytes content;
  certificate_verify_content(signer_is_server, transcript_hash, content);
  auto sig = key.sign(scheme, content);
  if (!sig) {
    Error e = std::move(sig).error();
    e.code = ErrorCode::crypto_failure;
    e.alert = Alert::internal_error;
    e.party = Party::us;
    e.step = step;
    e.detail = "signing CertificateVerify with " + signature_scheme_name(scheme) +
               " failed: " + e.detail;
    return e;
  }
  return std::move(*sig);
}

Result<SignatureVerified> verify_certificate_verify(const crypto::Provider& provider,
                                                    SignatureScheme scheme, ByteView spki,
                                                    bool signer_is_server,
                                                    ByteView transcript_hash, ByteView signature,
                                                    Step step) {
  const char* who = signer_is_server ? "server" : "client";
  auto info = provider.public_key_info(spki);
  if (!info)
    return make_error(ErrorCode::bad_signature, Alert::bad_certificate, Party::peer, step,
                      std::string("the ") + who + " certificate's public key is unusable: " +
                          info.error().detail);
  // RFC 8446 §4.4.3: the scheme must be one the key can produce (curve matches for ECDSA,
  // rsa_pss_rsae for rsaEncryption keys, rsa_pss_pss for RSASSA-PSS keys).
  if (!scheme_fits_key(scheme, info->type))
    return make_error(ErrorCode::illegal_parameter, Alert::illegal_parameter, Party::peer, step,
                      std::string("the ") + who + " signed with " + signature_scheme_name(scheme) +
                          " but its certificate holds a " + crypto::key_type_name(info->type) +
                          " key");
  auto params = crypto::signature_params(scheme);
  if (!params)
    return make_error(ErrorCode::illegal_parameter, Alert::illegal_parameter, Party::peer, step,
                      std::string("the ") + who + " used signature scheme " +
                          signature_scheme_name(scheme) + ", which we do not implement");
  Bytes content;
  certificate_verify_content(signer_is_server, transcript_hash, content);
  auto r = provider.verify(*params, spki, content, signature);
  if (!r)
    // RFC 8446 §4.4.3: a CertificateVerify that does not verify aborts with decrypt_error.
    return make_error(ErrorCode::bad_signature, Alert::decrypt_error, Party::peer, step,
                      std::string("the ") + who + "'s CertificateVerify signature (" +
                          signature_scheme_name(scheme) +
                          ") does not verify with its certificate's key: " + r.error().detail);
  return SignatureVerified(scheme);
}

}  // namespace tlskit::handshake
