// Peer chain verification through Config::verifier.
#include "handshake/peer_certificate.h"

namespace tlskit::handshake {

Result<ChainChecked> check_peer_chain(const Config& config, std::span<const Bytes> chain,
                                      std::string_view host, CertPurpose purpose, ByteView ocsp,
                                      int64_t now, HandshakeInfo& info) {
  const bool is_client_cert = purpose == CertPurpose::client;
  if (!is_client_cert && !config.verify_peer) {
    // Insecure mode: the chain and host name are NOT verified; CertificateVerify still is.
    info.peer_verified = false;
    info.peer_verify.reset();
    return ChainChecked(false);
  }
  if (!config.verifier)
    // Config::validate refuses this; fail closed anyway.
    return make_error(ErrorCode::config_invalid, Alert::internal_error, Party::config,
                      Step::certificate_validation,
                      "no certificate verifier is configured, so the peer's certificate cannot "
                      "be checked");
  CertVerifyResult v = config.verifier->verify(chain, host, purpose, ocsp, now);
  info.peer_verify = v;
  info.peer_verified = v.ok;
  if (v.ok) return ChainChecked(true);
  std::string detail = v.explanation.empty() ? v.code_text : v.explanation;
  if (detail.empty()) detail = "the certificate verifier rejected the chain";
  if (!v.subject.empty() && v.depth >= 0)
    detail += " (depth " + std::to_string(v.depth) + ": " + v.subject + ")";
  Error e = make_error(ErrorCode::certificate_invalid,
                       v.alert == Alert::none ? Alert::bad_certificate : v.alert, Party::peer,
                       Step::certificate_validation,
                       std::string(is_client_cert ? "client" : "server") + " certificate rejected: " +
                           detail);
  e.verify_code = v.code;
  e.verify_depth = v.depth;
  return e;
}

}  // namespace tlskit::handshake
