// The TLS 1.3 server handshake (RFC 8446 §2, §4): ClientHello negotiation (suite, group,
// certificate, ALPN), HelloRetryRequest, the server flight, and client authentication. States
// declare what they accept and where they go (handshake/state_machine.h); the proofs of the
// client's authentication and Finished are carried to Connected.
#pragma once
#include <optional>
#include <string>
#include <variant>

#include "handshake/certificate_selection.h"
#include "handshake/certificate_verify.h"
#include "handshake/finished.h"
#include "handshake/peer_certificate.h"
#include "handshake/peer_proof.h"
#include "handshake/psk_tls13.h"
#include "handshake/state_machine.h"
#include "handshake/tls13_common.h"
#include "wire/msg_certificate_request.h"
#include "wire/msg_client_hello.h"

namespace tlskit::handshake {

class ServerTls13 final : public Tls13Common {
 public:
  explicit ServerTls13(EngineEnv env);

  // Handles the first ClientHello (already parsed; TLS 1.3 was selected by the front end):
  // answers with a HelloRetryRequest or the whole server flight.
  Result<void> on_first_client_hello(const record::HandshakeMessage& m, const ClientHello& ch);

  Result<void> on_handshake(const record::HandshakeMessage& m) override;
  Step step() const override;
  bool handshake_complete() const override;
  bool ccs_allowed() const override;
  bool application_data_allowed() const override;
  // Counts early data against max_early_data_size while it is accepted (RFC 8446 §4.2.10).
  Result<void> on_application_data(size_t bytes) override;

 private:
  // The outcome of negotiating one ClientHello.
  struct Negotiated {
    const crypto::SuiteInfo* suite = nullptr;
    NamedGroup group{};
    Bytes client_share;           // empty: a HelloRetryRequest for `group` is needed
    CertificateChoice cert;
    bool sni_matched = false;     // the certificate was chosen by the client's server_name
    std::optional<std::string> alpn;
    bool ocsp_requested = false;
    std::optional<AcceptedPsk> psk;  // the ticket the client resumes (RFC 8446 §4.2.11)
    bool early_data = false;  // the client's 0-RTT data is accepted (RFC 8446 §4.2.10)
    bool group_chosen = false;  // a common group was found (a psk_ke ClientHello may have none)
  };
  struct Start;
  struct ExpectClientHello2;
  struct ExpectEndOfEarlyData;
  struct ExpectCertificate;
  struct ExpectCertificateVerify;
  struct ExpectFinished;
  struct Connected;
  struct PhaExpectCertificate;
  struct PhaExpectCertificateVerify;
  struct PhaExpectFinished;
  // Before the first ClientHello (handed over by the hello front end, already parsed).
  struct Start {
    static constexpr std::string_view kName = "Start";
    static constexpr Step kStep = Step::client_hello;
    static constexpr std::string_view kEnteredBy = "from the hello front end";
    using accepts = Accepts<HandshakeType::client_hello>;
    using next = GoesTo<ExpectClientHello2, ExpectEndOfEarlyData, ExpectCertificate, ExpectFinished>;
  };
  // Our HelloRetryRequest is out (RFC 8446 §4.1.4).
  struct ExpectClientHello2 {
    static constexpr std::string_view kName = "ExpectClientHello2";
    static constexpr Step kStep = Step::client_hello;
    using accepts = Accepts<HandshakeType::client_hello>;
    using next = GoesTo<ExpectCertificate, ExpectFinished>;
    Bytes ch1_body;               // ClientHello1, to check what ClientHello2 changed
    NamedGroup group{};
    Bytes cookie;
  };
  // 0-RTT accepted (RFC 8446 §4.2.10): early application data under the client's early keys,
  // ended by EndOfEarlyData; then the client's handshake keys. Never with client
  // authentication (a resumption, RFC 8446 §4.3.2).
  struct ExpectEndOfEarlyData {
    static constexpr std::string_view kName = "ExpectEndOfEarlyData";
    static constexpr Step kStep = Step::end_of_early_data;
    using accepts = Accepts<HandshakeType::end_of_early_data>;
    using next = GoesTo<ExpectFinished>;
  };
  // Our CertificateRequest is out; an empty Certificate means none (RFC 8446 §4.4.2.4).
  struct ExpectCertificate {
    static constexpr std::string_view kName = "ExpectCertificate";
    static constexpr Step kStep = Step::client_certificate;
    // RFC 8879 §4: CompressedCertificate replaces Certificate (only after our offer).
    using accepts = Accepts<HandshakeType::certificate, HandshakeType::compressed_certificate>;
    using next = GoesTo<ExpectCertificateVerify, ExpectFinished>;
  };
  struct ExpectCertificateVerify {
    static constexpr std::string_view kName = "ExpectCertificateVerify";
    static constexpr Step kStep = Step::client_certificate_verify;
    using accepts = Accepts<HandshakeType::certificate_verify>;
    using next = GoesTo<ExpectFinished>;
    ChainChecked chain;
  };
  // The proofs of a client certificate, when one came.
  using ClientAuthenticated = CertificateAuthenticated;
  struct ExpectFinished {
    static constexpr std::string_view kName = "ExpectFinished";
    static constexpr Step kStep = Step::client_finished;
    using accepts = Accepts<HandshakeType::finished>;
    using next = GoesTo<Connected>;
    std::optional<ClientAuthenticated> client;  // set when a client certificate came
  };
  struct Connected {
    static constexpr std::string_view kName = "Connected";
    static constexpr Step kStep = Step::post_handshake;
    // request_client_certificate() moves it to PhaExpectCertificate (kEnteredBy there).
    using accepts = Accepts<HandshakeType::key_update>;
    using next = GoesTo<Connected>;
    std::optional<ClientAuthenticated> client;
    FinishedVerified client_finished;
  };
  // Post-handshake authentication (RFC 8446 §4.6.2): our CertificateRequest is out; the
  // client's Certificate (a KeyUpdate it sent before seeing the request may come first) must
  // echo its context. The transcript is the one through the client Finished plus our request
  // (RFC 8446 §4.4), forked for this request.
  struct PhaExpectCertificate {
    static constexpr std::string_view kName = "PhaExpectCertificate";
    static constexpr Step kStep = Step::post_handshake;
    static constexpr std::string_view kEnteredBy = "request_client_certificate()";
    using accepts = Accepts<HandshakeType::certificate, HandshakeType::compressed_certificate,
                            HandshakeType::key_update>;
    using next = GoesTo<PhaExpectCertificate, PhaExpectCertificateVerify, PhaExpectFinished>;
    Connected connected;  // the state to go back to
    Bytes context;
  };
  struct PhaExpectCertificateVerify {
    static constexpr std::string_view kName = "PhaExpectCertificateVerify";
    static constexpr Step kStep = Step::post_handshake;
    using accepts = Accepts<HandshakeType::certificate_verify>;
    using next = GoesTo<PhaExpectFinished>;
    Connected connected;
    ChainChecked chain;
  };
  // The Finished of a post-handshake authentication, keyed with the client's current
  // application traffic secret (RFC 8446 §4.4).
  struct PhaExpectFinished {
    static constexpr std::string_view kName = "PhaExpectFinished";
    static constexpr Step kStep = Step::post_handshake;
    using accepts = Accepts<HandshakeType::finished>;
    using next = GoesTo<Connected>;
    Connected connected;
    std::optional<ClientAuthenticated> client;  // set when a certificate came
  };
  using State = std::variant<Start, ExpectClientHello2, ExpectEndOfEarlyData, ExpectCertificate,
                             ExpectCertificateVerify, ExpectFinished, Connected,
                             PhaExpectCertificate, PhaExpectCertificateVerify, PhaExpectFinished>;

 public:
  // The state table (docs/state-machines.md).
  static std::vector<StateRow> describe_states() { return describe<State>(); }

  // The handlers, one per state that accepts a message (dispatch() calls them).
  Result<Next<Start>> handle(Start& s, const record::HandshakeMessage& m);
  Result<Next<ExpectClientHello2>> handle(ExpectClientHello2& s, const record::HandshakeMessage& m);
  Result<Next<ExpectEndOfEarlyData>> handle(ExpectEndOfEarlyData& s,
                                            const record::HandshakeMessage& m);
  Result<Next<ExpectCertificate>> handle(ExpectCertificate& s, const record::HandshakeMessage& m);
  Result<Next<ExpectCertificateVerify>> handle(ExpectCertificateVerify& s,
                                               const record::HandshakeMessage& m);
  Result<Next<ExpectFinished>> handle(ExpectFinished& s, const record::HandshakeMessage& m);
  Result<Next<Connected>> handle(Connected& s, const record::HandshakeMessage& m);
  Result<Next<PhaExpectCertificate>> handle(PhaExpectCertificate& s,
                                            const record::HandshakeMessage& m);
  Result<Next<PhaExpectCertificateVerify>> handle(PhaExpectCertificateVerify& s,
                                                  const record::HandshakeMessage& m);
  Result<Next<PhaExpectFinished>> handle(PhaExpectFinished& s, const record::HandshakeMessage& m);

  std::optional<Error> cannot_request_client_certificate() const override;
  Result<void> request_client_certificate() override;

 private:
  // Our CertificateRequest with `context` (empty in the handshake, RFC 8446 §4.3.2):
  // signature_algorithms and compress_certificate; remembers both for the answer.
  CertificateRequest13 our_certificate_request(ByteView context);
  // The client's Certificate or CompressedCertificate for our CertificateRequest, in the
  // handshake or after it: decompressed within our bound, its context equal to ours
  // (RFC 8446 §4.4.2), the chain checked. nullopt for an empty Certificate, which is
  // certificate_required when client_auth is require (RFC 8446 §4.4.2.4). Adds it to the
  // transcript.
  Result<std::optional<ChainChecked>> accept_client_certificate(const record::HandshakeMessage& m,
                                                                ByteView context, Step s);
  // The client's CertificateVerify: a scheme our request listed, the signature over the
  // transcript by the leaf's key (RFC 8446 §4.4.3). Adds it to the transcript.
  Result<SignatureVerified> accept_client_certificate_verify(const record::HandshakeMessage& m,
                                                             Step s);
  // True once our handshake is over (Connected or a post-handshake authentication).
  bool after_handshake() const;
  // The first ClientHello: a HelloRetryRequest or the server flight.
  Result<Next<Start>> first_client_hello(const record::HandshakeMessage& m, const ClientHello& ch);
  // The state after our flight: the client's Certificate when we asked for one (never in a
  // resumption, RFC 8446 §4.3.2), else Finished.
  template <class N>
  N after_server_flight() const {
    if (!resumed_ && env_.config.client_auth != ClientAuth::none) return ExpectCertificate{};
    return ExpectFinished{};
  }
  // A handshake with (EC)DHE (full, or psk_dhe_ke) needs a common group and, when not resumed, a
  // certificate: what negotiate() could not check before the PSK was known.
  Result<void> check_full_key_exchange(const Negotiated& n, Step s) const;
  // Decides on the 0-RTT data a ClientHello offers (handshake/early_data.h), records the
  // outcome in info().early_data, and skips the early data records when refused.
  void decide_early_data(const ClientHello& ch, Negotiated& n, bool hello_retry);
  // Chooses the PSK (when the ClientHello offers one) before the ClientHello joins the
  // transcript: the binder covers the transcript before it plus the truncated ClientHello.
  Result<void> choose_psk(Negotiated& n, const ClientHello& ch, const record::HandshakeMessage& m);
  // Sends tls13_tickets NewSessionTickets (RFC 8446 §4.6.1) after the client's Finished joined
  // the transcript; a ticket that cannot be sealed is skipped.
  Result<void> send_session_tickets();
  // Size of a stateful ticket (a random id into the session cache).
  static constexpr size_t kStatefulTicketSize = 32;
  Result<Negotiated> negotiate(const ClientHello& ch, Step step);
  Result<ExpectClientHello2> send_hello_retry_request(const ClientHello& ch, const Negotiated& n,
                                                      const record::HandshakeMessage& m);
  Result<void> send_server_flight(const ClientHello& ch, const Negotiated& n);

  std::array<uint8_t, kMaxSessionIdSize> session_id_{};
  size_t session_id_size_ = 0;
  bool ccs_sent_ = false;
  bool resumed_ = false;                     // the server flight resumed a ticket's session
  int64_t session_created_ = 0;              // when the (resumed) session was first made
  std::vector<SignatureScheme> cr_schemes_;  // what our CertificateRequest accepted
  std::vector<CertCompressionAlgorithm> cr_compression_;  // what it offered (RFC 8879 §3)
  // The transcript through the client Finished, kept when the client offered
  // post_handshake_auth and our config allows it (RFC 8446 §4.6.2).
  std::optional<Transcript> pha_base_;
  State state_;
};

}  // namespace tlskit::handshake
