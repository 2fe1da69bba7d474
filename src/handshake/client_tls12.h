// The TLS 1.2 client handshake (RFC 5246 §7.3, RFC 8422, RFC 7627, RFC 5746, RFC 5077):
// full handshake with ECDHE and an optional client certificate, and the abbreviated handshake
// for a session ID or ticket. It takes over from the hello front end once a ServerHello
// selects TLS 1.2. States are small structs in a variant that declare what they accept and where
// they go (handshake/state_machine.h); the checks that must not be skipped yield proof values
// (ChainChecked, ServerKeyExchangeVerified, FinishedVerified) carried to Connected.
#pragma once
#include <memory>
#include <optional>
#include <variant>
#include <vector>

#include "handshake/hello_front_end.h"
#include "handshake/peer_certificate.h"
#include "handshake/state_machine.h"
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
  // How the server proved itself: a checked chain and a signed key exchange (full handshake),
  // or its knowledge of the resumed session's master secret (proven by its Finished).
  struct ServerAuthenticated {
    ChainChecked chain;
    ServerKeyExchangeVerified key_exchange;
  };
  struct SessionResumed {};
  using ServerProof = std::variant<ServerAuthenticated, SessionResumed>;

  struct Start;
  struct ExpectCertificate;
  struct ExpectCertificateStatusOrServerKeyExchange;
  struct ExpectServerKeyExchange;
  struct ExpectCertificateRequestOrDone;
  struct ExpectServerHelloDone;
  struct ExpectNewSessionTicket;
  struct ExpectChangeCipherSpec;
  struct ExpectFinished;
  struct Connected;
  // Before the ServerHello that selected TLS 1.2 (handled by start()).
  struct Start {
    static constexpr std::string_view kName = "Start";
    static constexpr Step kStep = Step::server_hello;
    static constexpr std::string_view kEnteredBy =
        "the ServerHello selecting TLS 1.2, from the TLS 1.3 client";
    using accepts = Accepts<>;
    using next = GoesTo<ExpectCertificate, ExpectNewSessionTicket, ExpectChangeCipherSpec>;
  };
  // RFC 5246 §7.4.2: every suite we offer authenticates the server with a certificate.
  struct ExpectCertificate {
    static constexpr std::string_view kName = "ExpectCertificate";
    static constexpr Step kStep = Step::server_certificate;
    using accepts = Accepts<HandshakeType::certificate>;
    using next = GoesTo<ExpectCertificateStatusOrServerKeyExchange, ExpectServerKeyExchange>;
  };
  // The server acknowledged status_request: a CertificateStatus may come (RFC 6066 §8).
  struct ExpectCertificateStatusOrServerKeyExchange {
    static constexpr std::string_view kName = "ExpectCertificateStatusOrServerKeyExchange";
    static constexpr Step kStep = Step::server_key_exchange;
    using accepts = Accepts<HandshakeType::certificate_status, HandshakeType::server_key_exchange>;
    using next = GoesTo<ExpectServerKeyExchange, ExpectCertificateRequestOrDone>;
  };
  // Every suite we offer is (EC)DHE: a ServerKeyExchange always comes (RFC 8422 §5.4).
  struct ExpectServerKeyExchange {
    static constexpr std::string_view kName = "ExpectServerKeyExchange";
    static constexpr Step kStep = Step::server_key_exchange;
    using accepts = Accepts<HandshakeType::server_key_exchange>;
    using next = GoesTo<ExpectCertificateRequestOrDone>;
  };
  struct ExpectCertificateRequestOrDone {
    static constexpr std::string_view kName = "ExpectCertificateRequestOrDone";
    static constexpr Step kStep = Step::server_hello_done;
    using accepts = Accepts<HandshakeType::certificate_request, HandshakeType::server_hello_done>;
    using next = GoesTo<ExpectServerHelloDone, ExpectNewSessionTicket, ExpectChangeCipherSpec>;
    ServerAuthenticated auth;
  };
  struct ExpectServerHelloDone {
    static constexpr std::string_view kName = "ExpectServerHelloDone";
    static constexpr Step kStep = Step::server_hello_done;
    using accepts = Accepts<HandshakeType::server_hello_done>;
    using next = GoesTo<ExpectNewSessionTicket, ExpectChangeCipherSpec>;
    ServerAuthenticated auth;
    CertRequest request;
  };
  // The server announced a ticket (RFC 5077 §3.3: it comes before its ChangeCipherSpec).
  struct ExpectNewSessionTicket {
    static constexpr std::string_view kName = "ExpectNewSessionTicket";
    static constexpr Step kStep = Step::new_session_ticket;
    using accepts = Accepts<HandshakeType::new_session_ticket>;
    using next = GoesTo<ExpectChangeCipherSpec>;
    ServerProof proof;
  };
  // RFC 5246 §7.4.9: Finished must be preceded by ChangeCipherSpec.
  struct ExpectChangeCipherSpec {
    static constexpr std::string_view kName = "ExpectChangeCipherSpec";
    static constexpr Step kStep = Step::change_cipher_spec;
    static constexpr bool kAcceptsCcs = true;
    using accepts = Accepts<>;
    using next = GoesTo<ExpectFinished>;
    ServerProof proof;
  };
  struct ExpectFinished {
    static constexpr std::string_view kName = "ExpectFinished";
    static constexpr Step kStep = Step::server_finished;
    using accepts = Accepts<HandshakeType::finished>;
    using next = GoesTo<Connected>;
    ServerProof proof;
  };
  // After the handshake only a HelloRequest may come, which we refuse (RFC 5746 §4.2).
  struct Connected {
    static constexpr std::string_view kName = "Connected";
    static constexpr Step kStep = Step::post_handshake;
    static constexpr std::string_view kUnexpectedNote =
        "after the TLS 1.2 handshake only a renegotiation request may come";
    using accepts = Accepts<HandshakeType::hello_request>;
    using next = GoesTo<Connected>;
    ServerProof proof;
    FinishedVerified server_finished;
  };
  using State = std::variant<Start, ExpectCertificate, ExpectCertificateStatusOrServerKeyExchange,
                             ExpectServerKeyExchange, ExpectCertificateRequestOrDone,
                             ExpectServerHelloDone, ExpectNewSessionTicket,
                             ExpectChangeCipherSpec, ExpectFinished, Connected>;

 public:
  // The state table (docs/state-machines.md).
  static std::vector<StateRow> describe_states() { return describe<State>(); }

  // The handlers, one per state that accepts a message (dispatch() calls them).
  Result<Next<ExpectCertificate>> handle(ExpectCertificate& s, const record::HandshakeMessage& m);
  Result<Next<ExpectCertificateStatusOrServerKeyExchange>> handle(
      ExpectCertificateStatusOrServerKeyExchange& s, const record::HandshakeMessage& m);
  Result<Next<ExpectServerKeyExchange>> handle(ExpectServerKeyExchange& s,
                                               const record::HandshakeMessage& m);
  Result<Next<ExpectCertificateRequestOrDone>> handle(ExpectCertificateRequestOrDone& s,
                                                      const record::HandshakeMessage& m);
  Result<Next<ExpectServerHelloDone>> handle(ExpectServerHelloDone& s,
                                             const record::HandshakeMessage& m);
  Result<Next<ExpectNewSessionTicket>> handle(ExpectNewSessionTicket& s,
                                              const record::HandshakeMessage& m);
  Result<Next<ExpectChangeCipherSpec>> handle_ccs(ExpectChangeCipherSpec& s);
  Result<Next<ExpectFinished>> handle(ExpectFinished& s, const record::HandshakeMessage& m);
  Result<Next<Connected>> handle(Connected& s, const record::HandshakeMessage& m);

 private:
  // The ServerHello (start()): checks, and the keys when the server resumes.
  Result<Next<Start>> on_server_hello(const ClientOffer& offer, ByteView client_hello,
                                      const record::HandshakeMessage& m, const ServerHello& sh);
  // The ServerKeyExchange, after checking the chain (RFC 8422 §5.4).
  Result<ExpectCertificateRequestOrDone> on_server_key_exchange(const record::HandshakeMessage& m);
  // The ServerHelloDone: our second flight (RFC 5246 §7.4.5 .. §7.4.9).
  Result<void> on_server_hello_done(const record::HandshakeMessage& m,
                                    const std::optional<CertRequest>& request);
  // The state after the server's first flight (and our second, in a full handshake).
  template <class N>
  N after_server_flight(ServerProof proof) const {
    if (expect_ticket_) return ExpectNewSessionTicket{std::move(proof)};
    return ExpectChangeCipherSpec{std::move(proof)};
  }
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
