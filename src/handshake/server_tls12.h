// The TLS 1.2 server handshake (RFC 5246 §7.3, RFC 8422, RFC 7627, RFC 5746, RFC 5077):
// negotiation of suite, group, certificate and ALPN; the full handshake with ECDHE and
// optional client authentication; the abbreviated handshake for a session ID or a ticket.
// It takes over from the hello front end once TLS 1.2 is selected for a ClientHello.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "handshake/peer_certificate.h"
#include "handshake/tls12_base.h"
#include "handshake/tls12_common.h"
#include "wire/msg_client_hello.h"

namespace tlskit::handshake {

class ServerTls12 final : public Tls12Base {
 public:
  // Handles the ClientHello (parsed into ch; the front end selected TLS 1.2 with
  // server_select_version or its equivalent); m is the whole message. Sends the server's
  // first flight: ServerHello .. ServerHelloDone (full), or ServerHello, [NewSessionTicket],
  // ChangeCipherSpec, Finished (resumption). Errors carry Step::client_hello and the alert.
  static Result<std::unique_ptr<ServerTls12>> start(EngineEnv env, Tls12Options options,
                                                    const record::HandshakeMessage& m,
                                                    const ClientHello& ch);

  Result<void> on_handshake(const record::HandshakeMessage& m) override;
  Result<void> on_change_cipher_spec() override;
  Step step() const override;
  bool application_data_allowed() const override { return complete_; }
  bool resumed() const { return resumed_; }

 private:
  ServerTls12(EngineEnv env, Tls12Options options);

  // What the ClientHello offered, decoded once.
  struct Offer {
    std::string sni;
    std::optional<std::vector<NamedGroup>> groups;
    std::optional<std::vector<SignatureScheme>> schemes;
    std::optional<std::vector<std::string>> alpn;
    bool ems = false;
    bool secure_renegotiation = false;
    bool point_formats = false;   // ec_point_formats sent
    bool tickets = false;         // session_ticket sent (empty or not)
    Bytes ticket;                 // its contents
    bool status_request = false;  // OCSP stapling asked for
    Bytes session_id;
  };

  struct ExpectCertificate {};
  struct ExpectClientKeyExchange {
    std::optional<ChainChecked> chain;  // set when the client sent a certificate
  };
  struct ExpectCertificateVerify {
    ChainChecked chain;
  };
  struct ExpectChangeCipherSpec {};
  struct ExpectFinished {};
  struct Connected {};
  using State = std::variant<ExpectCertificate, ExpectClientKeyExchange, ExpectCertificateVerify,
                             ExpectChangeCipherSpec, ExpectFinished, Connected>;

  Result<void> on_client_hello(const record::HandshakeMessage& m, const ClientHello& ch);
  Result<Offer> read_offer(const ClientHello& ch) const;
  // Tries the ticket, then the session ID. nullopt: do a full handshake.
  std::optional<session::SessionState> find_session(const ClientHello& ch, const Offer& o,
                                                    bool& renew_ticket) const;
  Result<void> resume(const record::HandshakeMessage& m, const ClientHello& ch, const Offer& o,
                      session::SessionState st, bool renew_ticket);
  Result<void> full_handshake(const record::HandshakeMessage& m, const ClientHello& ch,
                              const Offer& o);
  // The ServerHello extensions common to both handshakes.
  void add_common_extensions(const Offer& o, ExtensionList& ext) const;
  Result<void> on_client_certificate(const record::HandshakeMessage& m);
  Result<void> on_client_key_exchange(const record::HandshakeMessage& m,
                                      std::optional<ChainChecked> chain);
  Result<void> on_certificate_verify(const record::HandshakeMessage& m);
  Result<void> on_finished(const record::HandshakeMessage& m);
  // Stages a NewSessionTicket for the current session (RFC 5077 §3.3); an empty ticket when
  // sealing fails (the handshake goes on, the client just cannot resume).
  void stage_new_session_ticket();

  bool resumed_ = false;
  bool issue_ticket_ = false;
  Bytes session_id_;                          // in our ServerHello (stored when non-empty)
  std::unique_ptr<crypto::KeyShare> share_;   // our ECDHE key until ClientKeyExchange
  std::vector<SignatureScheme> cr_schemes_;   // what our CertificateRequest accepted
  Bytes client_spki_;
  State state_;
};

}  // namespace tlskit::handshake
