// The TLS 1.3 client handshake (RFC 8446 §2, §4): states as small structs in a variant, each
// holding only what is valid then and declaring the messages it accepts and the states it may
// go to (handshake/state_machine.h); checks that must not be skipped yield proof values
// (ChainChecked, SignatureVerified, FinishedVerified) that the next state requires and that
// are carried to Connected.
#pragma once
#include <optional>
#include <variant>
#include <vector>

#include "handshake/certificate_verify.h"
#include "handshake/finished.h"
#include "handshake/hello_front_end.h"
#include "handshake/peer_certificate.h"
#include "handshake/peer_proof.h"
#include "handshake/state_machine.h"
#include "handshake/tls13_common.h"
#include "wire/msg_encrypted_extensions.h"

namespace tlskit::handshake {

class ClientTls13 final : public Tls13Common {
 public:
  explicit ClientTls13(EngineEnv env);

  // Builds the ClientHello and commits it to the output, followed by early_data as 0-RTT
  // application data when the session allows it (RFC 8446 §2.3; info().early_data says what
  // was sent). Errors: config_invalid, crypto_failure.
  Result<void> start(ByteView early_data = {});

  Result<void> on_handshake(const record::HandshakeMessage& m) override;
  Step step() const override;
  bool handshake_complete() const override;
  bool ccs_allowed() const override;
  bool application_data_allowed() const override;
  std::unique_ptr<Engine> take_successor() override { return std::move(successor_); }
  // The last TLS 1.3 ticket received, as a session to resume with (RFC 8446 §4.6.1).
  std::optional<session::ClientSession> resumable_session() const override {
    if (!new_session_) return std::nullopt;
    return *new_session_;
  }
  Result<void> on_application_data(size_t bytes) override {
    heard_after_finished_ = true;
    return Tls13Common::on_application_data(bytes);
  }

 private:
  // What a CertificateRequest asked for (RFC 8446 §4.3.2).
  struct CertRequest {
    Bytes context;
    std::vector<SignatureScheme> schemes;
    std::optional<Extension> compression;  // its compress_certificate (RFC 8879 §3), if any
  };
  // How the server proved itself: a checked chain and CertificateVerify, or (resumption) the
  // PSK of a session whose chain was checked when it was made (RFC 8446 §2.2).
  using ServerAuthenticated = CertificateAuthenticated;
  struct PskResumed {};
  using ServerProof = std::variant<ServerAuthenticated, PskResumed>;

  struct ExpectServerHello;
  struct ExpectServerHelloAfterRetry;
  struct HandedToTls12;
  struct ExpectEncryptedExtensions;
  struct ExpectCertificateOrCertificateRequest;
  struct ExpectCertificate;
  struct ExpectCertificateVerify;
  struct ExpectFinished;
  struct Connected;
  // Our ClientHello is out; the ServerHello (or a HelloRetryRequest) comes next.
  struct ExpectServerHello {
    static constexpr std::string_view kName = "ExpectServerHello";
    static constexpr Step kStep = Step::server_hello;
    using accepts = Accepts<HandshakeType::server_hello>;
    using next = GoesTo<ExpectServerHelloAfterRetry, ExpectEncryptedExtensions, HandedToTls12>;
  };
  // After a HelloRetryRequest and our second ClientHello (RFC 8446 §4.1.4): a second HRR is
  // unexpected_message, and the ServerHello must keep the HRR's suite and group.
  struct ExpectServerHelloAfterRetry {
    static constexpr std::string_view kName = "ExpectServerHelloAfterRetry";
    static constexpr Step kStep = Step::server_hello;
    using accepts = Accepts<HandshakeType::server_hello>;
    using next = GoesTo<ExpectEncryptedExtensions>;
    CipherSuite suite{};
    std::optional<NamedGroup> group;
  };
  // The server chose TLS 1.2: the TLS 1.2 client engine (take_successor()) takes over.
  struct HandedToTls12 {
    static constexpr std::string_view kName = "HandedToTls12";
    static constexpr Step kStep = Step::server_hello;
    using accepts = Accepts<>;
    using next = GoesTo<>;
  };
  struct ExpectEncryptedExtensions {
    static constexpr std::string_view kName = "ExpectEncryptedExtensions";
    static constexpr Step kStep = Step::encrypted_extensions;
    using accepts = Accepts<HandshakeType::encrypted_extensions>;
    using next = GoesTo<ExpectCertificateOrCertificateRequest, ExpectFinished>;
    bool resumed = false;  // the server accepted our PSK: no certificates follow
  };
  // Our 0-RTT data was accepted: EndOfEarlyData goes before our Finished (RFC 8446 §4.5).
  struct EarlyDataAccepted {};
  // RFC 8446 §4.4.2: without a PSK the server MUST authenticate with a certificate.
  struct ExpectCertificateOrCertificateRequest {
    static constexpr std::string_view kName = "ExpectCertificateOrCertificateRequest";
    static constexpr Step kStep = Step::server_certificate;
    // RFC 8879 §4: CompressedCertificate replaces Certificate (only after our offer).
    using accepts = Accepts<HandshakeType::certificate, HandshakeType::compressed_certificate,
                            HandshakeType::certificate_request>;
    using next = GoesTo<ExpectCertificate, ExpectCertificateVerify>;
  };
  struct ExpectCertificate {
    static constexpr std::string_view kName = "ExpectCertificate";
    static constexpr Step kStep = Step::server_certificate;
    using accepts = Accepts<HandshakeType::certificate, HandshakeType::compressed_certificate>;
    using next = GoesTo<ExpectCertificateVerify>;
    CertRequest request;
  };
  // RFC 8446 §4.4.3: a server Certificate is always followed by CertificateVerify.
  struct ExpectCertificateVerify {
    static constexpr std::string_view kName = "ExpectCertificateVerify";
    static constexpr Step kStep = Step::server_certificate_verify;
    using accepts = Accepts<HandshakeType::certificate_verify>;
    using next = GoesTo<ExpectFinished>;
    std::optional<CertRequest> request;
    ChainChecked chain;
  };
  struct ExpectFinished {
    static constexpr std::string_view kName = "ExpectFinished";
    static constexpr Step kStep = Step::server_finished;
    using accepts = Accepts<HandshakeType::finished>;
    using next = GoesTo<Connected>;
    std::optional<CertRequest> request;
    ServerProof proof;
    std::optional<EarlyDataAccepted> early_data;
  };
  // Both Finished exchanged. A CertificateRequest is post-handshake authentication (RFC 8446
  // §4.6.2), answered at once when we offered post_handshake_auth, else unexpected_message.
  struct Connected {
    static constexpr std::string_view kName = "Connected";
    static constexpr Step kStep = Step::post_handshake;
    using accepts = Accepts<HandshakeType::new_session_ticket, HandshakeType::key_update,
                            HandshakeType::certificate_request>;
    using next = GoesTo<Connected>;
    ServerProof proof;
    FinishedVerified server_finished;
    bool cert_requested = false;
  };
  using State = std::variant<ExpectServerHello, ExpectServerHelloAfterRetry, HandedToTls12,
                             ExpectEncryptedExtensions, ExpectCertificateOrCertificateRequest,
                             ExpectCertificate, ExpectCertificateVerify, ExpectFinished,
                             Connected>;

 public:
  // The state table (docs/state-machines.md).
  static std::vector<StateRow> describe_states() { return describe<State>(); }

  // The handlers, one per state that accepts a message (dispatch() calls them).
  Result<Next<ExpectServerHello>> handle(ExpectServerHello& s, const record::HandshakeMessage& m);
  Result<Next<ExpectServerHelloAfterRetry>> handle(ExpectServerHelloAfterRetry& s,
                                                   const record::HandshakeMessage& m);
  Result<Next<ExpectEncryptedExtensions>> handle(ExpectEncryptedExtensions& s,
                                                 const record::HandshakeMessage& m);
  Result<Next<ExpectCertificateOrCertificateRequest>> handle(
      ExpectCertificateOrCertificateRequest& s, const record::HandshakeMessage& m);
  Result<Next<ExpectCertificate>> handle(ExpectCertificate& s, const record::HandshakeMessage& m);
  Result<Next<ExpectCertificateVerify>> handle(ExpectCertificateVerify& s,
                                               const record::HandshakeMessage& m);
  Result<Next<ExpectFinished>> handle(ExpectFinished& s, const record::HandshakeMessage& m);
  Result<Next<Connected>> handle(Connected& s, const record::HandshakeMessage& m);

 private:
  // The ServerHello after the version and HRR checks: suite, extensions, key share, handshake
  // keys (RFC 8446 §4.1.3, §4.2.8). retry: what a HelloRetryRequest fixed, if one came.
  Result<void> accept_server_hello(const record::HandshakeMessage& m, const ServerHello& sh,
                                   const ExpectServerHelloAfterRetry* retry);
  // protocol_version unless the ServerHello selected TLS 1.3.
  Result<void> check_tls13_selected(ProtocolVersion version, Step step) const;
  // Handles a HelloRetryRequest: checks it, sends the second ClientHello (RFC 8446 §4.1.4).
  Result<ExpectServerHelloAfterRetry> on_hello_retry_request(const record::HandshakeMessage& m,
                                                             const ServerHello& hrr);
  // The server's Certificate or CompressedCertificate (RFC 8879 §4), for a CertificateRequest
  // or none (RFC 8446 §4.4.2).
  Result<ExpectCertificateVerify> on_certificate(const record::HandshakeMessage& m,
                                                 std::optional<CertRequest> cr);
  // The CertificateRequest (RFC 8446 §4.3.2).
  Result<ExpectCertificate> on_certificate_request(const record::HandshakeMessage& m);
  // What a CertificateRequest asks for, in the handshake or after it (its context unchecked).
  Result<CertRequest> parse_our_certificate_request(const record::HandshakeMessage& m,
                                                    Step s) const;
  // Stages our Certificate (empty when we have no certificate our key can sign for the
  // request) and, with a certificate, CertificateVerify (RFC 8446 §4.4.2, §4.4.3). Returns
  // whether a certificate was sent.
  Result<bool> stage_our_certificate(const CertRequest& request, Step cert_step,
                                     Step verify_step);
  // Answers a post-handshake CertificateRequest with Certificate, CertificateVerify and
  // Finished under the application keys (RFC 8446 §4.6.2, §4.4).
  Result<void> answer_post_handshake_request(const record::HandshakeMessage& m);
  // Writes our ClientHello into the output (and the transcript), with the PSK binder computed
  // over the truncated message when a ticket is offered (RFC 8446 §4.2.11.2).
  Result<void> stage_client_hello();
  // The server's PSK choice in its ServerHello (RFC 8446 §4.2.11): true when it resumes.
  Result<bool> accepted_psk(const ServerHello& sh, Step step) const;
  // Sends the 0-RTT data after the ClientHello under the early keys (RFC 8446 §2.3).
  Result<void> send_early_data(ByteView data);
  // The server's answer to our early data in EncryptedExtensions (RFC 8446 §4.2.10): checks
  // an acceptance, records the outcome, and when refused moves our writes to the handshake
  // keys. Returns whether it was accepted.
  Result<bool> early_data_answer(const EncryptedExtensions& ee, Step step);
  // Keeps a NewSessionTicket as the session to resume with (RFC 8446 §4.6.1).
  Result<void> keep_ticket(const record::HandshakeMessage& m);
  // Checks the fields a ServerHello and a HelloRetryRequest share (RFC 8446 §4.1.3, §4.1.4).
  Result<void> check_common_hello(const ServerHello& sh, Step step) const;

  // The transcript through our Finished, kept when we offered post_handshake_auth.
  std::optional<Transcript> pha_base_;
  // What our ClientHello offered; on the heap and dropped once the handshake is done, so an
  // established connection does not carry it (docs/testing.md, memory per connection).
  std::unique_ptr<ClientOffer> offer_;
  Bytes client_hello_;                    // ClientHello1 as sent, kept when TLS 1.2 is offered
  std::unique_ptr<Engine> successor_;     // the TLS 1.2 engine, when the server chose TLS 1.2
  std::vector<ExtensionType> offered_types_;
  bool ccs_sent_ = false;
  bool heard_after_finished_ = false;     // a record arrived after our Finished
  bool resumed_ = false;                  // the server accepted our ticket
  bool early_data_sent_ = false;          // 0-RTT data went out after the ClientHello
  SecretBytes resumption_secret_;         // resumption_master_secret, for tickets
  std::unique_ptr<const session::ClientSession> new_session_;  // from the last ticket
  State state_;
};

}  // namespace tlskit::handshake
