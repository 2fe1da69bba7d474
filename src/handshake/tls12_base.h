// What the TLS 1.2 client and server engines share: suite and transcript, master secret (with
// the extended master secret, RFC 7627), key block and record keys (RFC 5246 §6.3, RFC 5288,
// RFC 7905), Finished (RFC 5246 §7.4.9), ChangeCipherSpec ordering, key logging, resumption
// options, and the refusal of renegotiation after the handshake (RFC 5746, RFC 5246 §7.2.2).
#pragma once
#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>

#include "crypto/registry.h"
#include "handshake/engine.h"
#include "handshake/prf_tls12.h"
#include "handshake/transcript.h"
#include "session/client_session_cache.h"
#include "session/server_session_store.h"
#include "session/session_state.h"
#include "session/ticket_keys.h"
#include "wire/msg_client_hello.h"

namespace tlskit::handshake {

// TLS 1.2 settings beyond Config (resumption stores, strictness). Defaults: EMS and secure
// renegotiation required, no resumption.
struct Tls12Options {
  // RFC 7627: refuse peers without the extended master secret (tlskit's default).
  bool require_extended_master_secret = true;
  // Client: refuse servers without renegotiation_info (RFC 5746), as OpenSSL 3 does.
  bool require_secure_renegotiation = true;
  // Lifetime of sessions we create (seconds, at most 7 days).
  uint32_t session_lifetime = session::kDefaultSessionLifetime;

  // Server: ticket keys (RFC 5077 tickets are issued to clients that ask when set).
  std::shared_ptr<session::TicketKeys> ticket_keys;
  // Server: the session-ID store (session IDs are issued when set).
  std::shared_ptr<session::ServerSessionStore> session_store;

  // Client: the session to offer (its session ID and/or ticket), if any.
  std::optional<session::ClientSession> resume;
  // Client: ask for a ticket (send an empty session_ticket extension) when not resuming one.
  bool request_ticket = true;
};

// The TLS 1.2 options a Config asks for (resumption stores, EMS, the session to offer).
Tls12Options tls12_options(const Config& config, bool is_server);

// Labels RFC 5705 §4 forbids for exporters (they are the PRF's own).
bool reserved_exporter_label(std::string_view label);

// Base of ClientTls12 and ServerTls12.
class Tls12Base : public Engine {
 public:
  Tls12Base(EngineEnv env, Tls12Options options, bool is_server);

  bool handshake_complete() const override { return complete_; }
  Result<void> send_key_update(bool request_peer) override;

  // Until the handshake completes every ChangeCipherSpec goes to on_change_cipher_spec(),
  // which names what was expected instead (RFC 5246 §7.1); afterwards none is allowed.
  bool ccs_allowed() const override { return !complete_; }
  // A ChangeCipherSpec record arrived (its payload already checked to be 0x01). Installs the
  // peer's write keys when one is expected; otherwise unexpected_message (RFC 5246 §7.1: a CCS
  // only right before Finished).
  Result<void> on_change_cipher_spec() override = 0;

  // The session to resume with later (client: for the cache / --sess-out; server: nothing),
  // available once the handshake completed; nullopt when the server gave no way to resume.
  const std::optional<session::ClientSession>& new_session() const { return new_session_; }
  std::optional<session::ClientSession> resumable_session() const override { return new_session_; }

  // RFC 5705 §4: PRF(master_secret, label, client_random + server_random [+ uint16 length +
  // context]) over length bytes. An empty context is taken as "no context" (as OpenSSL's
  // s_client -keymatexport). Errors: unexpected_message before the handshake completed,
  // internal_error for a reserved label (RFC 5705 §4) or a length over 65535.
  Result<Bytes> export_keying_material(std::string_view label, ByteView context,
                                       size_t length) const override;

 protected:
  // Fixes the suite: transcript hash, info (version TLS 1.2, suite).
  Result<void> set_suite(const crypto::SuiteInfo& suite);
  // Stages a message written by fn(ByteWriter&) (header + body) and adds it to the transcript.
  template <typename Fn>
  void stage_message(HandshakeType t, Fn&& fn) {
    Bytes& buf = env_.channel.stage();
    const size_t start = buf.size();
    ByteWriter w(buf);
    fn(w);
    transcript_->add(ByteView(buf).subspan(start));
    env_.channel.end_message(start, t);
  }
  // master_secret from the pre-master secret: RFC 7627 §4 with the session hash (transcript
  // through ClientKeyExchange) when ems, else RFC 5246 §8.1. Logs CLIENT_RANDOM.
  Result<void> derive_master_secret(ByteView pre_master_secret, bool ems);
  // Uses a resumed session's master secret. Logs CLIENT_RANDOM.
  void use_master_secret(const SecretBytes& master);
  // Computes the key block (RFC 5246 §6.3) into pending keys for both directions.
  Result<void> derive_keys();
  // Stages our ChangeCipherSpec, switches our write keys and stages our Finished
  // (verify_data over the transcript so far).
  Result<void> stage_ccs_and_finished();
  // Installs the peer's write keys for reading (on its ChangeCipherSpec).
  Result<void> install_peer_keys();
  // Checks the peer's Finished (whole message m) against the transcript before it, then adds
  // it. Errors: decode_error (length), bad_finished / decrypt_error (RFC 5246 §7.4.9).
  Result<FinishedVerified> check_peer_finished(const record::HandshakeMessage& m);
  // Post-handshake handshake messages: HelloRequest / ClientHello get a warning
  // no_renegotiation; anything else is unexpected_message.
  Result<void> on_post_handshake(const record::HandshakeMessage& m);
  // Marks the handshake complete: event, frees handshake state.
  void finish_handshake();
  // The session state of this connection (after the master secret is known).
  session::SessionState make_session_state() const;
  int64_t now() const { return env_.clock.unix_seconds(); }

  EngineEnv env_;
  Tls12Options options_;
  bool is_server_;
  const crypto::SuiteInfo* suite_ = nullptr;
  std::optional<Transcript> transcript_;
  std::array<uint8_t, kRandomSize> client_random_{};
  std::array<uint8_t, kRandomSize> server_random_{};
  SecretBytes master_;
  bool ems_ = false;
  std::optional<KeyBlock12> key_block_;
  bool complete_ = false;
  uint32_t renegotiations_refused_ = 0;
  // Facts kept for the session state.
  std::vector<Bytes> peer_chain_;
  bool peer_verified_ = false;
  int64_t session_created_ = 0;
  std::optional<session::ClientSession> new_session_;
};

}  // namespace tlskit::handshake
