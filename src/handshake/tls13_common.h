// What the TLS 1.3 client and server engines share: the negotiated suite, the transcript,
// the key schedule and traffic secrets, key logging, staging of messages, and the
// post-handshake KeyUpdate machinery (RFC 8446 §4.6.3, §5.5, §7.2).
#pragma once
#include <array>
#include <optional>

#include "crypto/registry.h"
#include "handshake/engine.h"
#include "handshake/key_schedule_tls13.h"
#include "handshake/transcript.h"
#include "wire/extensions.h"
#include "wire/msg_client_hello.h"

namespace tlskit::handshake {

// KeyUpdates accepted in a row without application data in between (as BoringSSL); more is
// treated as a flood (unexpected_message).
inline constexpr uint32_t kMaxKeyUpdatesWithoutData = 32;
// Largest amount of rejected 0-RTT data a server skips (RFC 8446 §4.2.10).
inline constexpr uint32_t kMaxSkippedEarlyData = 16384 + 256;

// Base of ClientTls13 and ServerTls13.
class Tls13Common : public Engine {
 public:
  explicit Tls13Common(EngineEnv env, bool is_server);

  Result<void> send_key_update(bool request_peer) override;
  Result<void> before_application_write() override;
  Result<void> on_application_data(size_t) override {
    key_updates_in_a_row_ = 0;
    return ok();
  }
  // The compatibility CCS (RFC 8446 §D.4): each side sends at most one, so a second one from
  // the peer is unexpected_message (as OpenSSL and BoringSSL treat it).
  Result<void> on_change_cipher_spec() override;
  Result<Bytes> export_keying_material(std::string_view label, ByteView context,
                                       size_t length) const override;

 protected:
  // Fixes the suite: sets the transcript hash, fills info.
  Result<void> set_suite(CipherSuite s);
  crypto::HashAlg hash() const { return suite_->hash; }
  // Stages a message: fn(ByteWriter&) writes header + body; the message is added to the
  // transcript and marked for the trace.
  template <typename Fn>
  void stage_message(HandshakeType t, Fn&& fn) {
    Bytes& buf = env_.channel.stage();
    const size_t start = buf.size();
    ByteWriter w(buf);
    fn(w);
    transcript_->add(ByteView(buf).subspan(start));
    env_.channel.end_message(start, t);
  }
  // Record protection for a traffic secret with the negotiated suite.
  Result<record::ProtectionKeys> keys_for(ByteView secret) const;
  // Derives the early secrets of a PSK over Transcript-Hash(ClientHello) with hash h
  // (RFC 8446 §7.1): client_early_traffic_secret (kept in client_early_) and the early
  // exporter secret; logs both (CLIENT_EARLY_TRAFFIC_SECRET, EARLY_EXPORTER_SECRET).
  Result<void> derive_early_secrets(crypto::HashAlg h, ByteView psk, ByteView ch_hash);
  // Derives the handshake traffic secrets from shared_secret and the transcript (CH..SH),
  // logs them, and returns nothing; secrets are kept in client_hs_ / server_hs_. psk: the
  // resumed session's PSK (RFC 8446 §7.1 early secret), empty for a full handshake.
  Result<void> derive_handshake_secrets(ByteView shared_secret, ByteView psk = {});
  // resumption_master_secret over the transcript so far (through the client's Finished,
  // RFC 8446 §7.1).
  Result<SecretBytes> resumption_master_secret() const;
  // Derives the application traffic secrets and the exporter secret over the transcript up
  // to the server Finished; logs them.
  Result<void> derive_application_secrets();
  // Handles a received KeyUpdate (post-handshake): updates the read key and answers
  // update_requested (RFC 8446 §4.6.3).
  Result<void> on_key_update(const record::HandshakeMessage& m);
  // The peer's / our current application traffic secret.
  SecretBytes& peer_app_secret() { return is_server_ ? client_app_ : server_app_; }
  SecretBytes& own_app_secret() { return is_server_ ? server_app_ : client_app_; }
  // Drops handshake-only state (transcript, key schedule, handshake secrets).
  void release_handshake_state();

  EngineEnv env_;
  bool is_server_;
  const crypto::SuiteInfo* suite_ = nullptr;
  std::optional<Transcript> transcript_;  // reset when the handshake is over
  std::optional<KeySchedule13> ks_;
  std::array<uint8_t, kRandomSize> client_random_{};
  SecretBytes client_early_, client_hs_, server_hs_, client_app_, server_app_, exporter_;
  bool owe_key_update_ = false;
  uint32_t key_updates_in_a_row_ = 0;
  uint32_t ccs_received_ = 0;  // compatibility ChangeCipherSpec records from the peer
};

// The first cipher suite of ours (in order) that is a TLS 1.3 suite and is offered.
const crypto::SuiteInfo* first_tls13_suite(std::span<const CipherSuite> ours,
                                           std::span<const CipherSuite> offered);

}  // namespace tlskit::handshake
