// Connection and ConnectionImpl: the sans-I/O loop (records in, engine, bytes out), alerts
// received and sent, application data, sticky errors.
#include <algorithm>
#include <cstring>

#include "conn/connection_impl.h"

#include "base/default_alert.h"
#include "handshake/client_tls13.h"
#include "handshake/hello_front_end.h"
#include "tlskit/resumption.h"
#include "wire/alert_record.h"

namespace tlskit {
namespace {

const crypto::Provider& pick_provider(const Config& c) {
  return c.provider ? *c.provider : crypto::default_provider();
}

// Application data kept buffered before its memory is returned once drained.
constexpr size_t kKeptReadCapacity = 64 * 1024;

const char* waiting_for(Step s) {
  switch (s) {
    case Step::client_hello: return "while waiting for the ClientHello";
    case Step::server_hello: return "in answer to our ClientHello";
    case Step::hello_retry_request: return "after its HelloRetryRequest";
    case Step::encrypted_extensions: return "while we waited for EncryptedExtensions";
    case Step::server_certificate: return "while we waited for the server Certificate";
    case Step::server_certificate_verify: return "while we waited for CertificateVerify";
    case Step::server_finished: return "while we waited for the server Finished";
    case Step::client_certificate: return "in answer to our (or our missing) client certificate";
    case Step::client_certificate_verify: return "while we waited for the client CertificateVerify";
    case Step::client_finished: return "after our Finished";
    case Step::post_handshake: return "after the handshake";
    default: return "";
  }
}

}  // namespace

ConnectionImpl::ConnectionImpl(std::shared_ptr<const Config> config, bool is_server)
    : config_(std::move(config)),
      provider_(pick_provider(*config_)),
      rng_(config_->rng ? *config_->rng : provider_.system_rng()),
      clock_(config_->clock ? *config_->clock : SystemClock::instance()),
      is_server_(is_server),
      channel_(clock_, config_->record_events, config_->max_fragment) {}

Result<void> ConnectionImpl::start(const ConnectOptions* options) {
  handshake::EngineEnv env{*config_, provider_, rng_, clock_, channel_,
                           handshake::KeyLogger(config_->key_log)};
  if (is_server_) {
    engine_ = std::make_unique<handshake::ServerHelloFrontEnd>(std::move(env));
    return ok();
  }
  auto client = std::make_unique<handshake::ClientTls13>(std::move(env));
  const ByteView early = options ? ByteView(options->early_data) : ByteView();
  if (options && options->resend_rejected_early_data) early_data_to_resend_ = options->early_data;
  auto r = client->start(early);
  engine_ = std::move(client);
  if (!r) return fail(std::move(r).error());
  return ok();
}

Error ConnectionImpl::fail(Error e) {
  if (error_) return *error_;
  channel_.discard();
  // The one place a failure that named no alert (the crypto layer's) gets one by its kind.
  if (e.alert == Alert::none) e.alert = default_alert(e.code);
  // RFC 8446 §6: send the alert for our error (never answer the peer's alert with one).
  if (e.code != ErrorCode::peer_alert && e.alert != Alert::none && !closed_)
    (void)channel_.send_alert(e.alert);
  error_ = e;
  WireBuffer().swap(app_in_);
  app_start_ = 0;
  return e;
}

Result<void> ConnectionImpl::feed(ByteView in) {
  if (error_) return *error_;
  // RFC 8446 §6.1: data received after close_notify is ignored.
  if (peer_closed_) return ok();
  // Whole records are decoded straight from in; only a trailing partial record is copied.
  channel_.decoder().begin_input(in);
  auto r = pump();
  channel_.decoder().end_input();
  if (r && !is_server_ && config_->client_session_cache) remember_session();
  if (r && !early_data_to_resend_.empty()) r = resend_early_data();
  return r;
}

Result<void> ConnectionImpl::resend_early_data() {
  if (!handshake_complete()) return ok();
  Bytes data;
  data.swap(early_data_to_resend_);
  if (channel_.info().early_data.accepted) return ok();
  return write(data);
}

void ConnectionImpl::compact_read_buffer() {
  if (app_start_ == 0) return;
  if (app_start_ == app_in_.size()) {
    app_in_.clear();
    app_start_ = 0;
  } else if (app_start_ >= app_in_.size() / 2) {
    app_in_.erase(app_in_.begin(), app_in_.begin() + static_cast<ptrdiff_t>(app_start_));
    app_start_ = 0;
  }
}

Result<void> ConnectionImpl::pump() {
  // Each pass consumes one whole record; the loop ends when none is complete.
  for (;;) {
    // After the handshake, records are decrypted straight into the read buffer.
    compact_read_buffer();
    channel_.decoder().set_plaintext_sink(engine_->handshake_complete() ? &app_in_ : nullptr);
    auto st = channel_.decoder().next();
    if (!st) return fail(std::move(st).error());
    if (!st->has_record) return ok();
    const record::Record& rec = st->record;
    auto r = handle_record(rec);
    // Only application data stays in the read buffer (post-handshake messages and alerts
    // were decrypted there too).
    if (rec.in_sink && rec.type != ContentType::application_data)
      app_in_.resize(app_in_.size() - rec.fragment.size());
    if (!r) return fail(std::move(r).error());
    if (peer_closed_) return ok();
  }
}

Result<void> ConnectionImpl::handle_record(const record::Record& rec) {
  auto& deframer = channel_.deframer();
  switch (rec.type) {
    case ContentType::handshake:
      return handle_handshake(rec);
    case ContentType::change_cipher_spec: {
      TK_TRY(deframer.check_interleave(rec.type));
      channel_.received_record(rec.type, rec.fragment, rec.wire_size, rec.was_protected);
      // RFC 8446 §5: an unprotected CCS is tolerated only between the first ClientHello and
      // the peer's Finished; otherwise unexpected_message.
      if (!engine_->ccs_allowed())
        return make_error(ErrorCode::unexpected_message, Alert::unexpected_message, Party::peer,
                          engine_->step(),
                          "a ChangeCipherSpec record arrived outside the handshake (RFC 8446 §5)");
      return engine_->on_change_cipher_spec();
    }
    case ContentType::alert:
      TK_TRY(deframer.check_interleave(rec.type));
      return handle_alert(rec);
    case ContentType::application_data: {
      TK_TRY(deframer.check_interleave(rec.type));
      channel_.info().bytes_read += rec.wire_size;
      if (!engine_->application_data_allowed())
        return make_error(ErrorCode::unexpected_message, Alert::unexpected_message, Party::peer,
                          engine_->step(),
                          "application data arrived before the handshake completed");
      // Decrypted into app_in_ already when it came through the sink.
      if (!rec.in_sink && !rec.fragment.empty())
        app_in_.insert(app_in_.end(), rec.fragment.begin(), rec.fragment.end());
      return engine_->on_application_data(rec.fragment.size());
    }
    default:
      return make_error(ErrorCode::unexpected_message, Alert::unexpected_message, Party::peer,
                        engine_->step(), "record of unexpected content type " +
                                             content_type_name(rec.type));
  }
}

Result<void> ConnectionImpl::handle_handshake(const record::Record& rec) {
  auto& deframer = channel_.deframer();
  channel_.note_handshake_record(rec.fragment.size(), rec.wire_size, rec.was_protected);
  auto added = deframer.add(rec.fragment);
  if (!added) {
    Error e = std::move(added).error();
    e.step = engine_->step();
    return e;
  }
  // Every message the fragment completes; bounded by the fragment's size.
  for (;;) {
    auto next = deframer.next();
    if (!next) {
      Error e = std::move(next).error();
      e.step = engine_->step();
      return e;
    }
    if (!*next) return ok();
    const record::HandshakeMessage& m = **next;
    channel_.received_message(m.bytes, m.type);
    TK_TRY(engine_->on_handshake(m));
    if (auto succ = engine_->take_successor()) engine_ = std::move(succ);
  }
}

Result<void> ConnectionImpl::handle_alert(const record::Record& rec) {
  channel_.received_record(rec.type, rec.fragment, rec.wire_size, rec.was_protected);
  const Step step = engine_->step();
  TK_ASSIGN(AlertRecord a, parse_alert_record(rec.fragment, step));
  auto& info = channel_.info();
  info.alert_received = a.description;
  info.alert_received_step = step;
  const char* peer = is_server_ ? "client" : "server";
  if (a.description == Alert::close_notify) {
    peer_closed_ = true;
    if (!engine_->handshake_complete())
      return make_error(ErrorCode::peer_closed, Alert::none, Party::peer, step,
                        std::string("the ") + peer + " closed the connection (close_notify) " +
                            waiting_for(step) + " before the handshake completed");
    return ok();
  }
  // RFC 8446 §6.1: user_canceled is followed by close_notify; not an error by itself.
  if (a.description == Alert::user_canceled) return ok();
  // RFC 5246 §7.2: in TLS 1.2 (and before a version is known) a warning alert is not fatal,
  // e.g. no_renegotiation or an unrecognized_name warning; a peer that keeps sending them is.
  if (a.level == AlertLevel::warning && info.version != ProtocolVersion::tls1_3) {
    if (++warning_alerts_ <= kMaxWarningAlerts) return ok();
    return make_error(ErrorCode::limit_exceeded, Alert::unexpected_message, Party::peer, step,
                      std::string("the ") + peer + " sent more than " +
                          std::to_string(kMaxWarningAlerts) + " warning alerts");
  }
  // RFC 5246 §7.2: in TLS 1.2 a warning-level alert (e.g. no_renegotiation) is not fatal.
  if (a.level == AlertLevel::warning && info.version == ProtocolVersion::tls1_2) return ok();
  // RFC 8446 §6.2: every other alert is fatal, whatever its level.
  Error e = make_error(ErrorCode::peer_alert, a.description, Party::peer, step,
                       std::string("the ") + peer + " sent a fatal " + alert_name(a.description) +
                           " alert " + waiting_for(step) + ": " + alert_meaning(a.description));
  return e;
}

Result<void> ConnectionImpl::feed_eof() {
  if (error_) return *error_;
  if (peer_closed_) return ok();
  const Step step = engine_->step();
  const char* peer = is_server_ ? "client" : "server";
  if (!engine_->handshake_complete()) {
    error_ = make_error(ErrorCode::peer_closed, Alert::none, Party::network, step,
                        std::string("the ") + peer + " closed the connection " +
                            waiting_for(step) + " before the handshake completed");
  } else {
    error_ = make_error(ErrorCode::peer_closed, Alert::none, Party::network, step,
                        std::string("the ") + peer +
                            " closed the connection without close_notify; data may be truncated");
  }
  return *error_;
}

Result<void> ConnectionImpl::write(ByteView plaintext) {
  if (error_) return *error_;
  if (closed_)
    return make_error(ErrorCode::internal_error, Alert::none, Party::us, Step::application_data,
                      "write() after close()");
  if (!engine_->handshake_complete())
    return make_error(ErrorCode::unexpected_message, Alert::none, Party::us, engine_->step(),
                      "application data can only be written after the handshake completed");
  const size_t chunk = config_->max_fragment * kWriteChunkRecords;
  size_t off = 0;
  while (off < plaintext.size()) {
    const size_t n = std::min(chunk, plaintext.size() - off);
    auto r = engine_->before_application_write();
    if (r) r = channel_.send_application_data(plaintext.subspan(off, n));
    if (!r) return fail(std::move(r).error());
    off += n;
  }
  return ok();
}

size_t ConnectionImpl::read(MutableByteView out) {
  const size_t n = std::min(out.size(), readable());
  if (n) std::memcpy(out.data(), app_in_.data() + app_start_, n);
  consume_read(n);
  return n;
}

void ConnectionImpl::consume_read(size_t n) {
  app_start_ += std::min(n, readable());
  if (app_start_ == app_in_.size()) {
    app_in_.clear();
    app_start_ = 0;
    if (app_in_.capacity() > kKeptReadCapacity) WireBuffer().swap(app_in_);
  }
}

Result<void> ConnectionImpl::key_update(bool request_peer) {
  if (error_) return *error_;
  if (!engine_->handshake_complete())
    return make_error(ErrorCode::unexpected_message, Alert::none, Party::us, engine_->step(),
                      "a KeyUpdate can only be sent after the handshake completed");
  auto r = engine_->send_key_update(request_peer);
  if (!r) return fail(std::move(r).error());
  return ok();
}

Result<void> ConnectionImpl::request_client_certificate() {
  if (error_) return *error_;
  if (!engine_)
    return make_error(ErrorCode::unexpected_message, Alert::none, Party::us, Step::client_hello,
                      "a certificate can be requested only after the handshake completed");
  if (auto why = engine_->cannot_request_client_certificate()) return *why;
  auto r = engine_->request_client_certificate();
  if (!r) return fail(std::move(r).error());
  return ok();
}

void ConnectionImpl::close() {
  if (closed_ || error_) return;
  closed_ = true;
  auto r = channel_.send_alert(Alert::close_notify);
  if (!r) fail(std::move(r).error());
}

std::optional<Session> ConnectionImpl::session() const {
  if (!engine_ || !engine_->handshake_complete()) return std::nullopt;
  auto s = engine_->resumable_session();
  if (!s) return std::nullopt;
  return Session(std::move(*s));
}

std::optional<Event> ConnectionImpl::next_event() { return channel_.take_event(); }

// ---- Connection: the public face ---------------------------------------------------------

Connection::Connection(std::unique_ptr<ConnectionImpl> impl) : impl_(std::move(impl)) {}
Connection::~Connection() = default;

void ConnectionImpl::remember_session() {
  if (!handshake_complete()) return;
  // Copying the session (with the peer's chain) is done only when it can have changed: once
  // after the handshake, then when a new ticket arrived; not on every record.
  const uint32_t tickets = channel_.info().tickets_received;
  if (remember_checked_ && tickets == remembered_tickets_) return;
  remember_checked_ = true;
  remembered_tickets_ = tickets;
  auto s = engine_->resumable_session();
  if (!s) return;
  const Bytes& key = s->ticket.empty() ? s->session_id : s->ticket;
  if (key.empty() || key == remembered_ticket_) return;
  remembered_ticket_ = key;
  config_->client_session_cache->put(config_->server_name, config_->server_port,
                                     Session(std::move(*s)));
}

Result<std::unique_ptr<Connection>> Connection::client(std::shared_ptr<const Config> config) {
  return client(std::move(config), ConnectOptions{});
}

namespace {

// A client connection; `validated`: the config passed ClientConfig::build, so only a copy
// that per-connection options changed is checked again.
Result<std::unique_ptr<ConnectionImpl>> make_client(std::shared_ptr<const Config> config,
                                                   const ConnectOptions& options, bool validated) {
  if (!config)
    return make_error(ErrorCode::config_invalid, Alert::none, Party::config, Step::config,
                      "no configuration given");
  // Per-connection settings override the shared config in a copy of it.
  if (!options.server_name.empty() || options.resume_session || !options.alpn.empty()) {
    auto own = std::make_shared<Config>(*config);
    if (!options.server_name.empty()) own->server_name = options.server_name;
    if (options.resume_session) own->resume_session = options.resume_session;
    if (!options.alpn.empty()) own->alpn = options.alpn;
    config = std::move(own);
    validated = false;
  }
  if (!validated) TK_TRY(config->validate(false));
  // The session cache: offer its newest session for this server (RFC 8446 §C.4: a TLS 1.3
  // ticket is handed out once). The config is shared, so a hit gets its own copy.
  if (config->client_session_cache && !config->resume_session)
    if (auto s = config->client_session_cache->take(config->server_name, config->server_port,
                                                    (config->clock ? *config->clock : SystemClock::instance()).unix_seconds())) {
      auto own = std::make_shared<Config>(*config);
      own->resume_session = std::make_shared<const Session>(std::move(*s));
      config = std::move(own);
    }
  auto impl = std::make_unique<ConnectionImpl>(std::move(config), false);
  TK_TRY(impl->start(&options));
  return impl;
}

// A server connection; `validated` as for make_client.
Result<std::unique_ptr<ConnectionImpl>> make_server(std::shared_ptr<const Config> config,
                                                   bool validated) {
  if (!config)
    return make_error(ErrorCode::config_invalid, Alert::none, Party::config, Step::config,
                      "no configuration given");
  if (!validated) TK_TRY(config->validate(true));
  auto impl = std::make_unique<ConnectionImpl>(std::move(config), true);
  TK_TRY(impl->start());
  return impl;
}

}  // namespace

Result<std::shared_ptr<const ClientConfig>> ClientConfig::build(Config settings) {
  TK_TRY(settings.validate(false));
  return std::shared_ptr<const ClientConfig>(new ClientConfig(std::move(settings)));
}

Result<std::shared_ptr<const ServerConfig>> ServerConfig::build(Config settings) {
  TK_TRY(settings.validate(true));
  return std::shared_ptr<const ServerConfig>(new ServerConfig(std::move(settings)));
}

Result<std::unique_ptr<Connection>> Connection::client(std::shared_ptr<const Config> config,
                                                       const ConnectOptions& options) {
  TK_ASSIGN(auto impl, make_client(std::move(config), options, false));
  return std::unique_ptr<Connection>(new Connection(std::move(impl)));
}

Result<std::unique_ptr<Connection>> Connection::client(std::shared_ptr<const ClientConfig> config,
                                                       const ConnectOptions& options) {
  // The aliasing constructor: the settings live as long as the ClientConfig, no copy.
  std::shared_ptr<const Config> settings =
      config ? std::shared_ptr<const Config>(config, &config->settings()) : nullptr;
  TK_ASSIGN(auto impl, make_client(std::move(settings), options, true));
  return std::unique_ptr<Connection>(new Connection(std::move(impl)));
}

Result<std::unique_ptr<Connection>> Connection::server(std::shared_ptr<const ServerConfig> config) {
  std::shared_ptr<const Config> settings =
      config ? std::shared_ptr<const Config>(config, &config->settings()) : nullptr;
  TK_ASSIGN(auto impl, make_server(std::move(settings), true));
  return std::unique_ptr<Connection>(new Connection(std::move(impl)));
}

Result<std::unique_ptr<Connection>> Connection::server(std::shared_ptr<const Config> config) {
  TK_ASSIGN(auto impl, make_server(std::move(config), false));
  return std::unique_ptr<Connection>(new Connection(std::move(impl)));
}

Result<void> Connection::feed(ByteView in) { return impl_->feed(in); }
Result<void> Connection::feed_eof() { return impl_->feed_eof(); }
ByteView Connection::pending_output() const { return impl_->pending_output(); }
void Connection::consume_output(size_t n) { impl_->consume_output(n); }
Result<void> Connection::write(ByteView plaintext) { return impl_->write(plaintext); }
size_t Connection::read(MutableByteView out) { return impl_->read(out); }
size_t Connection::readable() const { return impl_->readable(); }
ByteView Connection::readable_view() const { return impl_->readable_view(); }
void Connection::consume_read(size_t n) { impl_->consume_read(n); }
Result<void> Connection::key_update(bool request_peer) { return impl_->key_update(request_peer); }
Result<void> Connection::request_client_certificate() {
  return impl_->request_client_certificate();
}
void Connection::close() { impl_->close(); }
bool Connection::handshake_complete() const { return impl_->handshake_complete(); }
bool Connection::peer_closed() const { return impl_->peer_closed(); }
bool Connection::is_server() const { return impl_->is_server(); }
const std::optional<Error>& Connection::error() const { return impl_->error(); }
const HandshakeInfo& Connection::info() const { return impl_->info(); }
std::optional<Event> Connection::next_event() { return impl_->next_event(); }
std::optional<Session> Connection::session() const { return impl_->session(); }
Step Connection::step() const { return impl_->step(); }
Result<Bytes> Connection::export_keying_material(std::string_view label, ByteView context,
                                                 size_t length) const {
  return impl_->export_keying_material(label, context, length);
}

}  // namespace tlskit
