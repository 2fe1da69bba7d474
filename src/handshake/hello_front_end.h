// The hello front end: the one place that builds our ClientHello (for every version we
// offer) and that picks the protocol version from a ClientHello / ServerHello, before a
// version-specific engine (TLS 1.3 now, TLS 1.2 later) takes over.
#pragma once
#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "crypto/provider.h"
#include "handshake/engine.h"
#include "tlskit/events.h"
#include "handshake/psk_tls13.h"
#include "wire/extensions.h"
#include "wire/msg_client_hello.h"
#include "wire/msg_server_hello.h"

namespace tlskit::handshake {

// TLS 1.2 is offered and accepted (handshake/client_tls12.h, server_tls12.h).
inline constexpr bool kTls12Implemented = true;

// Everything a client offered in its ClientHello (kept until the ServerHello is handled).
struct ClientOffer {
  bool tls13 = false;
  bool tls12 = false;
  std::array<uint8_t, kRandomSize> random{};
  std::array<uint8_t, kMaxSessionIdSize> session_id{};
  size_t session_id_size = 0;
  std::vector<CipherSuite> suites;
  std::vector<NamedGroup> groups;                          // supported_groups
  std::vector<std::unique_ptr<crypto::KeyShare>> shares;   // our key shares (private keys)
  std::vector<SignatureScheme> signature_algorithms;
  std::vector<std::string> alpn;
  std::string sni;                                          // sent server_name, or empty
  ExtensionList extensions;                                 // as in the last ClientHello sent
  std::optional<ResumptionOffer> psk;                       // the ticket offered (TLS 1.3)
  bool early_data = false;                                  // early_data offered (0-RTT)
  EarlyDataReason early_data_reason = EarlyDataReason::none;  // why not, when asked for

  ByteView session_id_view() const { return {session_id.data(), session_id_size}; }
  // The share we hold for group g, or nullptr.
  crypto::KeyShare* share_for(NamedGroup g) const;
};

// Builds the client's offer from the configuration: versions, suites, groups with key shares
// for the first key_share_count groups, signature schemes, SNI (not for IP literals,
// RFC 6066 §3), ALPN, middlebox compatibility session id (RFC 8446 §D.4).
// early_data_size > 0 asks for 0-RTT: the early_data extension is offered when the session
// allows that much (handshake/early_data.h), else early_data_reason says why not.
// Errors: config_invalid (nothing to offer), crypto_failure (key generation).
Result<ClientOffer> make_client_offer(const EngineEnv& env, size_t early_data_size = 0);

// Writes the ClientHello message (header + body) for offer into w.
void write_client_offer(const ClientOffer& offer, ByteWriter& w);

// Rewrites offer for the second ClientHello after a HelloRetryRequest (RFC 8446 §4.1.2):
// the key shares become one share for new_group (when given), early_data is removed and the
// cookie (when given) is added. Errors: crypto_failure.
Result<void> retry_client_offer(const EngineEnv& env, ClientOffer& offer,
                                std::optional<NamedGroup> new_group, const Bytes* cookie);

// True for an IPv4 or IPv6 literal (never sent as SNI, RFC 6066 §3).
bool is_ip_literal(std::string_view host);

// Client: the version a ServerHello (or HelloRetryRequest) selects, checked against what we
// offered. RFC 8446 §4.2.1: a selected_version we did not offer -> illegal_parameter; a
// ServerHello without supported_versions selects legacy_version (TLS 1.2 or below) ->
// protocol_version unless we offered TLS 1.2. RFC 8446 §4.1.3: a TLS 1.2 ServerHello with the
// downgrade sentinel while we offered TLS 1.3 -> illegal_parameter (downgrade_detected).
Result<ProtocolVersion> client_version_from_server_hello(const ClientOffer& offer,
                                                         const ServerHello& sh, Step step);

// Server: picks the version from a ClientHello (RFC 8446 §4.2.1: supported_versions when
// present, else legacy_version). Errors: protocol_version (no version in common, or TLS 1.2
// while it is not implemented), decode_error (malformed supported_versions).
Result<ProtocolVersion> server_choose_version(const Config& config, const ClientHello& ch);

// The server's first engine: waits for the ClientHello, picks the version and hands over to
// the engine for it (take_successor()).
class ServerHelloFrontEnd final : public Engine {
 public:
  explicit ServerHelloFrontEnd(EngineEnv env) : env_(std::move(env)) {}
  Result<void> on_handshake(const record::HandshakeMessage& m) override;
  std::unique_ptr<Engine> take_successor() override { return std::move(next_); }
  Step step() const override { return Step::client_hello; }
  bool handshake_complete() const override { return false; }
  bool ccs_allowed() const override { return false; }
  bool application_data_allowed() const override { return false; }
  Result<void> send_key_update(bool) override;

 private:
  EngineEnv env_;
  std::unique_ptr<Engine> next_;
};

}  // namespace tlskit::handshake
