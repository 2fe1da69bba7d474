// A TLS 1.2 client and server engine wired back to back through two RecordChannels, with the
// record routing a connection does (handshake messages, ChangeCipherSpec, alerts, data).
// It drives ClientTls12 / ServerTls12 directly, so every TLS 1.2 state can be tested and
// messages can be altered in flight.
#pragma once
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/rng.h"
#include "crypto/provider.h"
#include "handshake/client_tls12.h"
#include "handshake/server_tls12.h"
#include "handshake/tls12_common.h"
#include "tls12_pki.h"
#include "tlskit/config.h"
#include "wire/alert_record.h"
#include "wire/ext_alpn.h"
#include "wire/ext_server_name.h"
#include "wire/ext_signature_algorithms.h"
#include "wire/ext_supported_groups.h"
#include "wire/ext_supported_versions.h"
#include "wire/msg_client_hello.h"
#include "wire/msg_server_hello.h"

namespace tlskit::tls12test {

// A verifier that accepts every chain and counts calls.
class AcceptAll final : public CertVerifier {
 public:
  CertVerifyResult verify(std::span<const Bytes> chain, std::string_view host, CertPurpose,
                          ByteView, int64_t) const override {
    ++calls;
    last_host = std::string(host);
    last_chain_size = chain.size();
    CertVerifyResult r;
    r.ok = true;
    r.code_text = "ok";
    return r;
  }
  mutable int calls = 0;
  mutable std::string last_host;
  mutable size_t last_chain_size = 0;
};

// A verifier that refuses everything (unknown CA).
class RefuseAll final : public CertVerifier {
 public:
  CertVerifyResult verify(std::span<const Bytes>, std::string_view, CertPurpose, ByteView,
                          int64_t) const override {
    CertVerifyResult r;
    r.ok = false;
    r.code = 20;
    r.code_text = "unable to get local issuer certificate";
    r.alert = Alert::unknown_ca;
    return r;
  }
};

inline int64_t kNow = 1750000000;

// One side: config, primitives, channel, engine.
struct Side {
  explicit Side(std::shared_ptr<Config> c, FixedClock& clock, uint64_t seed)
      : config(std::move(c)), rng(seed), channel(clock, true, 16384), clock_(clock) {}

  handshake::EngineEnv env() {
    return handshake::EngineEnv{*config, crypto::default_provider(), rng, clock_, channel,
                                handshake::KeyLogger(config->key_log)};
  }

  std::shared_ptr<Config> config;
  DeterministicRng rng;
  handshake::RecordChannel channel;
  handshake::Tls12Options options;
  std::unique_ptr<handshake::Tls12Base> engine;
  std::optional<Error> error;
  std::optional<Alert> alert_received;
  std::vector<Alert> warnings_received;
  Bytes app_data;
  // Client only: what it offered.
  std::optional<handshake::ClientOffer> offer;
  Bytes client_hello;
  FixedClock& clock_;
};

// Default configurations.
inline std::shared_ptr<Config> client_config(std::shared_ptr<const CertVerifier> v = nullptr) {
  auto c = std::make_shared<Config>();
  c->min_version = ProtocolVersion::tls1_2;
  c->max_version = ProtocolVersion::tls1_3;
  c->server_name = "localhost";
  c->verifier = v ? v : std::make_shared<AcceptAll>();
  return c;
}

inline std::shared_ptr<Config> server_config(std::vector<Key> keys = {Key::p256, Key::rsa}) {
  auto c = std::make_shared<Config>();
  c->min_version = ProtocolVersion::tls1_2;
  c->max_version = ProtocolVersion::tls1_3;
  for (Key k : keys) c->certificates.push_back(server_cert(k));
  c->verifier = std::make_shared<AcceptAll>();
  return c;
}

// The two engines and the wire between them.
class Tls12Pair {
 public:
  // mutate_to_server / mutate_to_client may alter each flight (whole bytes) in transit.
  using Mutator = std::function<void(Bytes&)>;

  Tls12Pair(std::shared_ptr<Config> cc, std::shared_ptr<Config> sc, uint64_t seed = 1)
      : clock(kNow, 1000), client(std::move(cc), clock, seed), server(std::move(sc), clock, seed + 100) {}

  // Builds the client's TLS 1.2 ClientHello (what the hello front end will build: our
  // extensions + add_tls12_offer) and commits it.
  void start_client(const std::function<void(handshake::ClientOffer&)>& edit = nullptr) {
    using namespace handshake;
    const Config& c = *client.config;
    ClientOffer o;
    o.tls12 = true;
    o.tls13 = false;
    client.rng.fill(o.random);
    for (CipherSuite s : c.cipher_suites)
      if (tls12_suite(s)) o.suites.push_back(s);
    o.groups = c.groups;
    o.signature_algorithms = tls12_accepted_schemes(c.signature_schemes);
    o.alpn = c.alpn;
    o.sni = c.server_name;
    if (!o.sni.empty()) o.extensions.add(to_extension(ServerNameList{o.sni}));
    o.extensions.add(to_extension(SupportedGroups{o.groups}));
    o.extensions.add(to_extension(SignatureAlgorithms{o.signature_algorithms}));
    if (!o.alpn.empty()) o.extensions.add(to_extension(AlpnProtocols{o.alpn}));
    auto env = client.env();
    add_tls12_offer(env, client.options, o);
    if (edit) edit(o);
    Bytes& buf = client.channel.stage();
    size_t start = buf.size();
    ByteWriter w(buf);
    write_client_offer(o, w);
    client.client_hello.assign(buf.begin() + static_cast<long>(start), buf.end());
    client.channel.end_message(start, HandshakeType::client_hello);
    auto r = client.channel.commit();
    ASSERT_TRUE(r.ok());
    client.offer = std::move(o);
  }

  // Moves bytes until nothing moves (bounded). Returns false when it did not settle.
  bool pump() {
    for (int i = 0; i < 64; ++i) {
      size_t moved = transfer(client, server, mutate_to_server);
      moved += transfer(server, client, mutate_to_client);
      if (moved == 0) return true;
    }
    ADD_FAILURE() << "pump did not settle";
    return false;
  }

  // Runs a whole handshake with the defaults.
  void run() {
    start_client();
    pump();
  }

  bool complete() const {
    return client.engine && server.engine && client.engine->handshake_complete() &&
           server.engine->handshake_complete() && !client.error && !server.error;
  }

  // Sends application data client -> server and back; true when both arrive intact.
  bool exchange_data() {
    Bytes ping = {'p', 'i', 'n', 'g'}, pong(3000, 'x');
    if (!client.channel.send_application_data(ping).ok()) return false;
    pump();
    if (server.app_data != ping) return false;
    if (!server.channel.send_application_data(pong).ok()) return false;
    pump();
    return client.app_data == pong;
  }

  Mutator mutate_to_server;
  Mutator mutate_to_client;
  // Called for each handshake message a side is about to handle (may change nothing; used to
  // record order). Set before run().
  FixedClock clock;
  Side client;
  Side server;

 private:
  size_t transfer(Side& from, Side& to, const Mutator& mutate) {
    ByteView out = from.channel.pending_output();
    if (out.empty()) return 0;
    Bytes data(out.begin(), out.end());
    from.channel.consume_output(data.size());
    if (to.error) return data.size();
    if (mutate) mutate(data);
    to.channel.decoder().append(data);
    for (int guard = 0; guard < 1000; ++guard) {
      auto st = to.channel.decoder().next();
      if (!st) {
        fail(to, std::move(st).error());
        break;
      }
      if (!st->has_record) break;
      auto r = handle_record(to, st->record);
      if (!r) {
        fail(to, std::move(r).error());
        break;
      }
    }
    return data.size();
  }

  void fail(Side& s, Error e) {
    if (s.error) return;
    s.channel.discard();
    if (e.code != ErrorCode::peer_alert && e.alert != Alert::none)
      (void)s.channel.send_alert(e.alert);
    s.error = std::move(e);
  }

  Step step(Side& s) const { return s.engine ? s.engine->step() : Step::client_hello; }

  Result<void> handle_record(Side& s, const record::Record& rec) {
    switch (rec.type) {
      case ContentType::handshake: {
        TK_TRY(s.channel.deframer().add(rec.fragment));
        for (;;) {
          TK_ASSIGN(auto next, s.channel.deframer().next());
          if (!next) return ok();
          TK_TRY(handle_message(s, *next));
        }
      }
      case ContentType::change_cipher_spec:
        TK_TRY(s.channel.deframer().check_interleave(rec.type));
        if (!s.engine)
          return make_error(ErrorCode::unexpected_message, Alert::unexpected_message,
                            Party::peer, step(s), "CCS before the hello");
        return s.engine->on_change_cipher_spec();
      case ContentType::alert: {
        TK_ASSIGN(AlertRecord a, parse_alert_record(rec.fragment, step(s)));
        if (a.level == AlertLevel::warning && a.description != Alert::close_notify) {
          s.warnings_received.push_back(a.description);
          return ok();
        }
        s.alert_received = a.description;
        return make_error(ErrorCode::peer_alert, a.description, Party::peer, step(s),
                          std::string("peer alert ") + alert_name(a.description));
      }
      case ContentType::application_data:
        if (!s.engine || !s.engine->application_data_allowed())
          return make_error(ErrorCode::unexpected_message, Alert::unexpected_message,
                            Party::peer, step(s), "early application data");
        s.app_data.insert(s.app_data.end(), rec.fragment.begin(), rec.fragment.end());
        return ok();
      default:
        return make_error(ErrorCode::unexpected_message, Alert::unexpected_message, Party::peer,
                          step(s), "bad record type");
    }
  }

  Result<void> handle_message(Side& s, const record::HandshakeMessage& m) {
    using namespace handshake;
    if (s.engine) return s.engine->on_handshake(m);
    if (&s == &server) {
      if (m.type != HandshakeType::client_hello)
        return make_error(ErrorCode::unexpected_message, Alert::unexpected_message, Party::peer,
                          Step::client_hello, "expected ClientHello");
      TK_ASSIGN(ClientHello ch, parse_client_hello(m.body()));
      TK_ASSIGN(ProtocolVersion v,
                server_select_version(ch, s.config->min_version, s.config->max_version));
      if (v != ProtocolVersion::tls1_2)
        return make_error(ErrorCode::protocol_version, Alert::protocol_version, Party::peer,
                          Step::client_hello, "the test server speaks only TLS 1.2");
      TK_ASSIGN(auto engine, ServerTls12::start(s.env(), s.options, m, ch));
      s.engine = std::move(engine);
      return ok();
    }
    if (m.type != HandshakeType::server_hello)
      return make_error(ErrorCode::unexpected_message, Alert::unexpected_message, Party::peer,
                        Step::server_hello, "expected ServerHello");
    TK_ASSIGN(ServerHello sh, parse_server_hello(m.body()));
    TK_ASSIGN(ProtocolVersion v,
              client_check_server_version(sh, s.config->min_version, s.config->max_version));
    if (v != ProtocolVersion::tls1_2)
      return make_error(ErrorCode::protocol_version, Alert::protocol_version, Party::peer,
                        Step::server_hello, "the test client speaks only TLS 1.2");
    TK_ASSIGN(auto engine,
              ClientTls12::start(s.env(), s.options, *s.offer, s.client_hello, m, sh));
    s.engine = std::move(engine);
    return ok();
  }
};

inline std::string err(const std::optional<Error>& e) { return e ? e->to_string() : "(none)"; }

}  // namespace tlskit::tls12test
