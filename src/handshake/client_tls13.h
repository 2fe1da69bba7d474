// The TLS 1.3 client handshake (RFC 8446 §2, §4): states as small structs in a variant, each
// holding only what is valid then; checks that must not be skipped yield proof values
// (ChainChecked, SignatureVerified, FinishedVerified) that the next state requires.
#pragma once
#include <optional>
#include <variant>
#include <vector>

#include "handshake/certificate_verify.h"
#include "handshake/finished.h"
#include "handshake/hello_front_end.h"
#include "handshake/peer_certificate.h"
#include "handshake/tls13_common.h"

namespace tlskit::handshake {

class ClientTls13 final : public Tls13Common {
 public:
  explicit ClientTls13(EngineEnv env);

  // Builds the ClientHello and commits it to the output. Errors: config_invalid,
  // crypto_failure.
  Result<void> start();

  Result<void> on_handshake(const record::HandshakeMessage& m) override;
  Step step() const override;
  bool handshake_complete() const override;
  bool ccs_allowed() const override;
  bool application_data_allowed() const override;
  std::unique_ptr<Engine> take_successor() override { return std::move(successor_); }
  void on_application_data() override {
    Tls13Common::on_application_data();
    heard_after_finished_ = true;
  }

 private:
  // What a CertificateRequest asked for (RFC 8446 §4.3.2).
  struct CertRequest {
    Bytes context;
    std::vector<SignatureScheme> schemes;
  };
  struct ExpectServerHello {};
  struct ExpectEncryptedExtensions {};
  struct ExpectCertificateOrCertificateRequest {};
  struct ExpectCertificate {
    CertRequest request;
  };
  struct ExpectCertificateVerify {
    std::optional<CertRequest> request;
    ChainChecked chain;
  };
  struct ExpectFinished {
    std::optional<CertRequest> request;
    SignatureVerified signature;
  };
  struct Connected {
    FinishedVerified server_finished;
    bool cert_requested = false;
  };
  using State = std::variant<ExpectServerHello, ExpectEncryptedExtensions,
                             ExpectCertificateOrCertificateRequest, ExpectCertificate,
                             ExpectCertificateVerify, ExpectFinished, Connected>;

  Result<void> on_server_hello(const record::HandshakeMessage& m);
  Result<void> on_hello_retry_request(const record::HandshakeMessage& m, const ServerHello& hrr);
  Result<void> on_encrypted_extensions(const record::HandshakeMessage& m);
  Result<void> on_certificate_request(const record::HandshakeMessage& m);
  Result<void> on_certificate(const record::HandshakeMessage& m, std::optional<CertRequest> cr);
  Result<void> on_certificate_verify(const record::HandshakeMessage& m, ExpectCertificateVerify& s);
  Result<void> on_finished(const record::HandshakeMessage& m, ExpectFinished& s);
  Result<void> on_post_handshake(const record::HandshakeMessage& m);
  // Checks the fields a ServerHello and a HelloRetryRequest share (RFC 8446 §4.1.3, §4.1.4).
  Result<void> check_common_hello(const ServerHello& sh, Step step) const;

  ClientOffer offer_;
  Bytes client_hello_;                    // ClientHello1 as sent, kept when TLS 1.2 is offered
  std::unique_ptr<Engine> successor_;     // the TLS 1.2 engine, when the server chose TLS 1.2
  std::vector<ExtensionType> offered_types_;
  bool retried_ = false;                  // a HelloRetryRequest was handled
  std::optional<CipherSuite> hrr_suite_;  // RFC 8446 §4.1.4: ServerHello must keep it
  std::optional<NamedGroup> hrr_group_;
  bool ccs_sent_ = false;
  bool heard_after_finished_ = false;     // a record arrived after our Finished
  State state_;
};

}  // namespace tlskit::handshake
