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
#include "handshake/peer_proof.h"
#include "handshake/state_machine.h"
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
    std::optional<Bytes> record_size_limit;  // the client's record_size_limit (RFC 8449)
  };

  // The proofs of a client certificate, when one came.
  using ClientAuthenticated = CertificateAuthenticated;
  struct Start;
  struct ExpectCertificate;
  struct ExpectClientKeyExchange;
  struct ExpectCertificateVerify;
  struct ExpectChangeCipherSpec;
  struct ExpectFinished;
  struct Connected;
  // Before the ClientHello that selected TLS 1.2 (handled by start()).
  struct Start {
    static constexpr std::string_view kName = "Start";
    static constexpr Step kStep = Step::client_hello;
    static constexpr std::string_view kEnteredBy =
        "the ClientHello selecting TLS 1.2, from the hello front end";
    using accepts = Accepts<>;
    using next = GoesTo<ExpectCertificate, ExpectClientKeyExchange, ExpectChangeCipherSpec>;
  };
  // RFC 5246 §7.4.6: after a CertificateRequest the client always sends Certificate.
  struct ExpectCertificate {
    static constexpr std::string_view kName = "ExpectCertificate";
    static constexpr Step kStep = Step::client_certificate;
    using accepts = Accepts<HandshakeType::certificate>;
    using next = GoesTo<ExpectClientKeyExchange>;
  };
  struct ExpectClientKeyExchange {
    static constexpr std::string_view kName = "ExpectClientKeyExchange";
    static constexpr Step kStep = Step::client_key_exchange;
    using accepts = Accepts<HandshakeType::client_key_exchange>;
    using next = GoesTo<ExpectCertificateVerify, ExpectChangeCipherSpec>;
    std::optional<ChainChecked> chain;  // set when the client sent a certificate
  };
  // RFC 5246 §7.4.8: a client that sent a certificate with signing capability MUST send
  // CertificateVerify.
  struct ExpectCertificateVerify {
    static constexpr std::string_view kName = "ExpectCertificateVerify";
    static constexpr Step kStep = Step::client_certificate_verify;
    using accepts = Accepts<HandshakeType::certificate_verify>;
    using next = GoesTo<ExpectChangeCipherSpec>;
    ChainChecked chain;
  };
  // RFC 5246 §7.4.9: Finished must be preceded by ChangeCipherSpec.
  struct ExpectChangeCipherSpec {
    static constexpr std::string_view kName = "ExpectChangeCipherSpec";
    static constexpr Step kStep = Step::change_cipher_spec;
    static constexpr bool kAcceptsCcs = true;
    using accepts = Accepts<>;
    using next = GoesTo<ExpectFinished>;
    std::optional<ClientAuthenticated> client;
  };
  struct ExpectFinished {
    static constexpr std::string_view kName = "ExpectFinished";
    static constexpr Step kStep = Step::client_finished;
    using accepts = Accepts<HandshakeType::finished>;
    using next = GoesTo<Connected>;
    std::optional<ClientAuthenticated> client;
  };
  // After the handshake only a ClientHello (renegotiation, refused) may come (RFC 5746 §4.4).
  struct Connected {
    static constexpr std::string_view kName = "Connected";
    static constexpr Step kStep = Step::post_handshake;
    static constexpr std::string_view kUnexpectedNote =
        "after the TLS 1.2 handshake only a renegotiation request may come";
    using accepts = Accepts<HandshakeType::client_hello>;
    using next = GoesTo<Connected>;
    std::optional<ClientAuthenticated> client;
    FinishedVerified client_finished;
  };
  using State = std::variant<Start, ExpectCertificate, ExpectClientKeyExchange,
                             ExpectCertificateVerify, ExpectChangeCipherSpec, ExpectFinished,
                             Connected>;

 public:
  // The state table (docs/state-machines.md).
  static std::vector<StateRow> describe_states() { return describe<State>(); }

  // The handlers, one per state that accepts a message (dispatch() calls them).
  Result<Next<ExpectCertificate>> handle(ExpectCertificate& s, const record::HandshakeMessage& m);
  Result<Next<ExpectClientKeyExchange>> handle(ExpectClientKeyExchange& s,
                                               const record::HandshakeMessage& m);
  Result<Next<ExpectCertificateVerify>> handle(ExpectCertificateVerify& s,
                                               const record::HandshakeMessage& m);
  Result<Next<ExpectChangeCipherSpec>> handle_ccs(ExpectChangeCipherSpec& s);
  Result<Next<ExpectFinished>> handle(ExpectFinished& s, const record::HandshakeMessage& m);
  Result<Next<Connected>> handle(Connected& s, const record::HandshakeMessage& m);

 private:
  // The ClientHello (start()): a resumption or a full handshake.
  Result<Next<Start>> on_client_hello(const record::HandshakeMessage& m, const ClientHello& ch);
  Result<Offer> read_offer(const ClientHello& ch) const;
  // Tries the ticket, then the session ID. nullopt: do a full handshake.
  std::optional<session::SessionState> find_session(const ClientHello& ch, const Offer& o,
                                                    bool& renew_ticket) const;
  Result<ExpectChangeCipherSpec> resume(const record::HandshakeMessage& m, const ClientHello& ch,
                                        const Offer& o, session::SessionState st,
                                        bool renew_ticket);
  Result<Next<Start>> full_handshake(const record::HandshakeMessage& m, const ClientHello& ch,
                                     const Offer& o);
  // The ServerHello extensions common to both handshakes.
  void add_common_extensions(const Offer& o, ExtensionList& ext) const;
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
