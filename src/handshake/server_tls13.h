// The TLS 1.3 server handshake (RFC 8446 §2, §4): ClientHello negotiation (suite, group,
// certificate, ALPN), HelloRetryRequest, the server flight, and client authentication.
#pragma once
#include <optional>
#include <string>
#include <variant>

#include "handshake/certificate_selection.h"
#include "handshake/certificate_verify.h"
#include "handshake/finished.h"
#include "handshake/peer_certificate.h"
#include "handshake/tls13_common.h"
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
  };
  struct ExpectClientHello2 {
    Bytes ch1_body;               // ClientHello1, to check what ClientHello2 changed
    NamedGroup group{};
    Bytes cookie;
  };
  struct ExpectCertificate {};
  struct ExpectCertificateVerify {
    ChainChecked chain;
  };
  struct ExpectFinished {
    std::optional<SignatureVerified> client_signature;  // set when a client certificate came
  };
  struct Connected {
    FinishedVerified client_finished;
  };
  struct Start {};
  using State = std::variant<Start, ExpectClientHello2, ExpectCertificate,
                             ExpectCertificateVerify, ExpectFinished, Connected>;

  Result<Negotiated> negotiate(const ClientHello& ch, Step step);
  Result<void> send_hello_retry_request(const ClientHello& ch, const Negotiated& n,
                                        const record::HandshakeMessage& m);
  Result<void> on_second_client_hello(const record::HandshakeMessage& m, ExpectClientHello2& st);
  Result<void> send_server_flight(const ClientHello& ch, const Negotiated& n);
  Result<void> on_client_certificate(const record::HandshakeMessage& m);
  Result<void> on_client_certificate_verify(const record::HandshakeMessage& m,
                                            ExpectCertificateVerify& st);
  Result<void> on_client_finished(const record::HandshakeMessage& m, ExpectFinished& st);

  std::array<uint8_t, kMaxSessionIdSize> session_id_{};
  size_t session_id_size_ = 0;
  bool ccs_sent_ = false;
  std::vector<SignatureScheme> cr_schemes_;  // what our CertificateRequest accepted
  State state_;
};

}  // namespace tlskit::handshake
