// The TLS 1.2 client handshake (RFC 5246 §7.3, RFC 8422, RFC 7627, RFC 5746, RFC 5077):
// full handshake with ECDHE and an optional client certificate, and the abbreviated handshake
// for a session ID or ticket. It takes over from the hello front end once a ServerHello
// selects TLS 1.2. States are small structs in a variant; the checks that must not be skipped
// yield proof values (ChainChecked, ServerKeyExchangeVerified) the next state requires.
#pragma once
#include <memory>
#include <optional>
#include <variant>
#include <vector>

#include "handshake/hello_front_end.h"
#include "handshake/peer_certificate.h"
#include "handshake/tls12_base.h"
#include "handshake/tls12_common.h"
#include "wire/msg_server_hello.h"

namespace tlskit::handshake {

// Adds what a ClientHello needs for TLS 1.2 to an offer that includes TLS 1.2 (call after
// make_client_offer when offer.tls12): extended_master_secret (RFC 7627), an empty
// renegotiation_info (RFC 5746 §3.4), ec_point_formats {uncompressed} (RFC 8422 §5.1.2),
// session_ticket (the ticket of options.resume, or empty when options.request_ticket), and
// the legacy_session_id: the resumed session's ID, or 32 random bytes when offering a ticket
// (RFC 5077 §3.4, so the server's echo tells that it accepted). A TLS 1.3 session in
// options.resume is left to the TLS 1.3 engine. Never fails.
void add_tls12_offer(const EngineEnv& env, const Tls12Options& options, ClientOffer& offer);

class ClientTls12 final : public Tls12Base {
 public:
  // Takes over after a ServerHello that selected TLS 1.2 (already parsed into sh, and its
  // version checked by the front end). client_hello is the ClientHello message we sent
  // (header included); server_hello the ServerHello message. Checks the ServerHello
  // (RFC 5246 §7.4.1.3; suite, compression, extensions offered, EMS, renegotiation_info,
  // ALPN, downgrade sentinel, resumption) and, when the server resumes, derives the keys.
  // Errors carry Step::server_hello and the alert to send.
  static Result<std::unique_ptr<ClientTls12>> start(EngineEnv env, Tls12Options options,
                                                    const ClientOffer& offer,
                                                    ByteView client_hello,
                                                    const record::HandshakeMessage& server_hello,
                                                    const ServerHello& sh);

  Result<void> on_handshake(const record::HandshakeMessage& m) override;
  Result<void> on_change_cipher_spec() override;
  Step step() const override;
  bool application_data_allowed() const override { return complete_; }
  // True when the server resumed the offered session (abbreviated handshake).
  bool resumed() const { return resumed_; }

 private:
  ClientTls12(EngineEnv env, Tls12Options options);

  // What a TLS 1.2 CertificateRequest asked for (RFC 5246 §7.4.4).
  struct CertRequest {
    std::vector<uint8_t> types;
    std::vector<SignatureScheme> schemes;
  };
  struct ExpectCertificate {};
  struct ExpectServerKeyExchange {
    bool status_allowed = false;  // a CertificateStatus may come first (RFC 6066 §8)
  };
  struct ExpectCertificateRequestOrDone {
    ChainChecked chain;
    ServerKeyExchangeVerified ske;
  };
  struct ExpectServerHelloDone {
    ChainChecked chain;
    ServerKeyExchangeVerified ske;
    CertRequest request;
  };
  struct ExpectNewSessionTicket {};
  struct ExpectChangeCipherSpec {};
  struct ExpectFinished {};
  struct Connected {};
  using State = std::variant<ExpectCertificate, ExpectServerKeyExchange,
                             ExpectCertificateRequestOrDone, ExpectServerHelloDone,
                             ExpectNewSessionTicket, ExpectChangeCipherSpec, ExpectFinished,
                             Connected>;

  Result<void> on_server_hello(const ClientOffer& offer, ByteView client_hello,
                               const record::HandshakeMessage& m, const ServerHello& sh);
  Result<void> on_certificate(const record::HandshakeMessage& m);
  Result<void> on_certificate_status(const record::HandshakeMessage& m);
  Result<void> on_server_key_exchange(const record::HandshakeMessage& m);
  Result<void> on_certificate_request(const record::HandshakeMessage& m,
                                      ExpectCertificateRequestOrDone& s);
  Result<void> on_server_hello_done(const record::HandshakeMessage& m,
                                    std::optional<CertRequest> request);
  Result<void> on_new_session_ticket(const record::HandshakeMessage& m);
  Result<void> on_finished(const record::HandshakeMessage& m);
  // The state after the server's first flight (and our second, in a full handshake).
  State after_server_flight() const;
  // Builds new_session_ (for the cache) once the handshake completed.
  void remember_session();

  // From the offer.
  std::vector<NamedGroup> offered_groups_;
  std::vector<SignatureScheme> offered_schemes_;
  std::vector<std::string> offered_alpn_;
  Bytes sent_session_id_;
  std::string host_;  // the name we check the certificate against

  // From the server.
  bool resumed_ = false;
  bool expect_ticket_ = false;
  bool expect_status_after_cert_ = false;  // status_request acknowledged (RFC 6066 §8)
  Bytes session_id_;
  Bytes leaf_spki_;
  Bytes server_point_;
  NamedGroup group_{};
  Bytes ticket_;
  uint32_t ticket_lifetime_ = 0;
  bool ticket_received_ = false;
  State state_;
};

}  // namespace tlskit::handshake
