// The inspector's handshake loop: a client Connection driven over a Transport, recorded.
#include "inspector/inspector.h"

#include "scan/certificates.h"
#include "x509/verifier.h"

#include <array>

#include "inspector/diagnosis.h"
#include "inspector/probes.h"
#include "wire/describe.h"

namespace tlskit::tools {
namespace {

constexpr size_t kReadChunk = 16 * 1024 + 512;
constexpr size_t kFirstBytesKept = 64;
constexpr int kTicketQuietMs = 50;  // after a ticket, stop lingering when nothing else comes

Step step_after(HandshakeType t) {
  switch (t) {
    case HandshakeType::server_hello: return Step::server_hello;
    case HandshakeType::encrypted_extensions: return Step::encrypted_extensions;
    case HandshakeType::certificate_request: return Step::certificate_request;
    case HandshakeType::certificate: return Step::server_certificate;
    case HandshakeType::compressed_certificate: return Step::server_certificate;
    case HandshakeType::certificate_verify: return Step::server_certificate_verify;
    case HandshakeType::server_key_exchange: return Step::server_key_exchange;
    case HandshakeType::server_hello_done: return Step::server_hello_done;
    case HandshakeType::finished: return Step::server_finished;
    case HandshakeType::new_session_ticket: return Step::new_session_ticket;
    default: return Step::none;
  }
}

// The step a transport failure happened in, from what was seen so far.
Step transport_step(const Report& r, const Connection& c) {
  if (c.handshake_complete()) return Step::post_handshake;
  if (Step s = c.step(); s != Step::none) return s;  // the message the connection waits for
  std::optional<HandshakeType> last;
  for (const RecordedEvent& e : r.events)
    if (e.event.kind == EventKind::handshake_message && e.event.direction == Direction::received)
      last = e.event.handshake_type;
  if (!last) return Step::server_hello;  // waiting for the answer to the ClientHello
  Step s = step_after(*last);
  return s == Step::none ? Step::record_layer : s;
}

Error with_step(Error e, Step s) {
  if (e.step == Step::none) e.step = s;
  return e;
}

// Sends everything the connection has queued. Returns false (and records the error) on failure.
bool flush(Connection& c, Transport& t, const RunOptions& o, Report& r) {
  for (int i = 0; i < kMaxHandshakeRounds; ++i) {
    ByteView out = c.pending_output();
    if (out.empty()) return true;
    auto w = t.write(out, o.io_timeout_ms);
    if (!w) {
      if (!r.error) r.error = with_step(w.error(), transport_step(r, c));
      return false;
    }
    c.consume_output(out.size());
  }
  return true;
}

void keep_first_bytes(Report& r, ByteView data) {
  size_t room = kFirstBytesKept - std::min(kFirstBytesKept, r.first_bytes_received.size());
  size_t n = std::min(room, data.size());
  r.first_bytes_received.insert(r.first_bytes_received.end(), data.begin(), data.begin() + n);
}

}  // namespace

void drain_events(Connection& conn, Report& report) {
  for (int i = 0; i < kMaxHandshakeRounds; ++i) {
    std::optional<Event> e = conn.next_event();
    if (!e) return;
    RecordedEvent rec;
    rec.event = std::move(*e);
    if (rec.event.kind == EventKind::handshake_message) {
      ProtocolVersion v = conn.info().version.value_or(ProtocolVersion::tls1_3);
      rec.described = describe_handshake_message(rec.event.message, v);
    } else if (rec.event.kind == EventKind::alert) {
      rec.described = describe_alert(rec.event.message);
    }
    report.events.push_back(std::move(rec));
  }
}

std::unique_ptr<Connection> run_client_handshake(std::shared_ptr<const Config> config,
                                                 Transport& t, const Clock& clock,
                                                 const RunOptions& o, Report& r) {
  auto cfg = std::make_shared<Config>(*config);
  cfg->record_events = true;
  if (cfg->clock == nullptr) cfg->clock = &clock;
  ConnectOptions co;
  co.early_data = o.early_data;
  auto created = Connection::client(cfg, co);
  if (!created) {
    r.error = created.error();
    return nullptr;
  }
  std::unique_ptr<Connection> c = std::move(*created);
  std::array<uint8_t, kReadChunk> buf;
  const int64_t deadline = clock.monotonic_micros() + int64_t{o.handshake_timeout_ms} * 1000;

  auto finish = [&]() {
    drain_events(*c, r);
    r.info = c->info();
    r.handshake_complete = c->handshake_complete();
  };

  for (int round = 0; round < kMaxHandshakeRounds; ++round) {
    bool flushed = flush(*c, t, o, r);
    drain_events(*c, r);
    if (c->error()) {
      if (!r.error) r.error = *c->error();
      break;
    }
    if (!flushed) break;
    if (c->handshake_complete()) break;
    int64_t left_ms = (deadline - clock.monotonic_micros()) / 1000;
    if (left_ms <= 0) {
      r.error = make_error(ErrorCode::timeout, Alert::none, Party::network, transport_step(r, *c),
                           "the handshake did not complete within " +
                               std::to_string(o.handshake_timeout_ms) + " ms");
      break;
    }
    int wait = static_cast<int>(std::min<int64_t>(left_ms, o.io_timeout_ms));
    auto n = t.read(buf, wait);
    if (!n) {
      r.error = with_step(n.error(), transport_step(r, *c));
      break;
    }
    if (*n == 0) {
      auto eof = c->feed_eof();
      flush(*c, t, o, r);
      drain_events(*c, r);
      if (!r.error) {
        r.error = eof ? make_error(ErrorCode::peer_closed, Alert::none, Party::peer,
                                   transport_step(r, *c),
                                   "the server closed the connection during the handshake")
                      : eof.error();
      }
      break;
    }
    ByteView data(buf.data(), *n);
    keep_first_bytes(r, data);
    auto fed = c->feed(data);
    if (!fed) {
      flush(*c, t, o, r);
      drain_events(*c, r);
      if (!r.error) r.error = fed.error();
      break;
    }
  }

  // Linger: catch a late alert (client certificate rejected after our Finished) and tickets.
  if (!r.error && c->handshake_complete()) {
    int linger = c->info().client_cert_requested ? o.linger_client_auth_ms : o.linger_ms;
    const int64_t end = clock.monotonic_micros() + int64_t{linger} * 1000;
    for (int round = 0; round < kMaxHandshakeRounds; ++round) {
      int64_t left_ms = (end - clock.monotonic_micros()) / 1000;
      if (left_ms <= 0) break;
      bool have_ticket = c->info().tickets_received > 0;
      int wait = static_cast<int>(have_ticket ? std::min<int64_t>(left_ms, kTicketQuietMs) : left_ms);
      auto n = t.read(buf, wait);
      if (!n) {
        if (n.error().code != ErrorCode::timeout) r.error = with_step(n.error(), Step::post_handshake);
        break;
      }
      if (*n == 0) {
        auto eof = c->feed_eof();
        if (!eof) r.error = eof.error();
        break;
      }
      auto fed = c->feed(ByteView(buf.data(), *n));
      flush(*c, t, o, r);
      drain_events(*c, r);
      if (!fed) {
        r.error = fed.error();
        break;
      }
      if (c->readable() > 0 || c->peer_closed()) break;  // application data: the relay takes over
    }
  }
  finish();
  return c;
}

namespace {

// After verify error 20/21 (issuer not found), fetch the issuer named by the caIssuers URL and
// verify again with it (scan/certificates.h chase_aia); the result goes to r.aia.
void chase_aia_for(Report& r, const Config& config) {
  int code = r.info.peer_verify ? r.info.peer_verify->code
             : r.error && r.error->code == ErrorCode::certificate_invalid ? r.error->verify_code : 0;
  if ((code != 20 && code != 21) || r.info.peer_chain.empty()) return;
  auto verifier = std::dynamic_pointer_cast<const x509::X509Verifier>(config.verifier);
  if (!verifier) return;
  x509::ChainResult cr = verifier->verify_detailed(r.info.peer_chain, config.server_name, CertPurpose::server,
                                                   r.info.ocsp_response, r.started_unix);
  scan::AiaOutcome a = scan::chase_aia(cr, r.info.peer_chain, config.server_name, *verifier, r.started_unix,
                                       scan::http_aia_fetcher());
  r.aia = AiaCheck{a.url, a.completes_chain, a.detail};
}

}  // namespace

void finish_report(Report& r, const Config& config, const Connector& connector, const Clock& clock) {
  r.chain.clear();
  for (size_t i = 0; i < r.info.peer_chain.size(); ++i)
    r.chain.push_back(summarize_certificate(r.info.peer_chain[i], static_cast<int>(i)));
  r.ocsp = r.info.ocsp_response.empty() ? OcspSummary{} : summarize_ocsp(r.info.ocsp_response);
  settings_from_client_hello(r);
  compute_flights(r);
  if (connector) {
    ProbeNeed need = probes_needed(r);
    if (need != ProbeNeed::none) r.probes = run_probes(r, need, config, connector, clock);
    chase_aia_for(r, config);
  }
  r.diagnosis = diagnose(r);
  r.exit_code = exit_code_for(r);
}

}  // namespace tlskit::tools
