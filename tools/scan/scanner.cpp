// The scan of one target.
#include "scan/scanner.h"

#include <algorithm>
#include <array>

#include "cli/client_config.h"
#include "crypto/provider.h"
#include "inspector/inspector.h"
#include "io/tcp.h"
#include "probe/enumerate.h"
#include "probe/prober.h"
#include "probe/suite_traits.h"
#include "scan/client_sim.h"
#include "scan/findings.h"
#include "scan/grade.h"
#include "scan/ccs_injection.h"
#include "scan/heartbleed.h"
#include "scan/ticketbleed.h"
#include "scan/http_fetch.h"
#include "wire/msg_new_session_ticket.h"

namespace tlskit::tools::scan {
namespace {

constexpr uint16_t kFallbackScsv = 0x5600;  // RFC 7507 §6
constexpr int kLingerForTicketsMs = 300;    // TLS 1.3 tickets arrive after the handshake

// SSLv2 cipher kinds (RFC draft "The SSL Protocol" appendix C) for reports.
struct Sslv2Kind {
  uint32_t kind;
  const char* name;
  const char* cipher;
  int bits;
  bool export_grade;
};
constexpr Sslv2Kind kSslv2Kinds[] = {
    {0x010080, "SSL_CK_RC4_128_WITH_MD5", "RC4_128", 128, false},
    {0x020080, "SSL_CK_RC4_128_EXPORT40_WITH_MD5", "RC4_40", 40, true},
    {0x030080, "SSL_CK_RC2_128_CBC_WITH_MD5", "RC2_128_CBC", 128, false},
    {0x040080, "SSL_CK_RC2_128_CBC_EXPORT40_WITH_MD5", "RC2_40_CBC", 40, true},
    {0x050080, "SSL_CK_IDEA_128_CBC_WITH_MD5", "IDEA_128_CBC", 128, false},
    {0x060040, "SSL_CK_DES_64_CBC_WITH_MD5", "DES_64_CBC", 56, false},
    {0x0700c0, "SSL_CK_DES_192_EDE3_CBC_WITH_MD5", "3DES_EDE_CBC", 112, false},
};

SuiteFact sslv2_fact(uint32_t kind) {
  SuiteFact f;
  f.id = static_cast<uint16_t>(kind & 0xffff);
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%06x", kind);
  f.name = buf;
  f.kx = "RSA";
  f.auth = "RSA";
  for (const auto& k : kSslv2Kinds)
    if (k.kind == kind) {
      f.name = k.name;
      f.cipher = k.cipher;
      f.bits = k.bits;
      f.export_grade = k.export_grade;
    }
  f.rc4 = f.cipher.rfind("RC4", 0) == 0;
  f.cbc = f.cipher.find("CBC") != std::string::npos;
  f.block64 = f.cbc;
  return f;
}

std::string target_text(const std::string& host, uint16_t port) {
  if (host.find(':') != std::string::npos) return "[" + host + "]:" + std::to_string(port);
  return host + ":" + std::to_string(port);
}

// A dialer: TCP, then STARTTLS when asked.
probe::Dialer make_dialer(const ScanTarget& t, const ScanOptions& o, const Clock& clock) {
  probe::Dialer tcp = probe::tcp_dialer(t.host, t.port, o.timeout_ms);
  if (o.starttls == StartTls::none) return tcp;
  StartTls st = o.starttls;
  std::string host = t.host;
  int timeout = o.timeout_ms;
  return [tcp, st, host, timeout, &clock]() -> Result<std::unique_ptr<probe::ProbeStream>> {
    TK_ASSIGN(auto s, tcp());
    TK_TRY(run_starttls(st, *s, clock, clock.monotonic_micros() + int64_t{timeout} * 1000, host));
    return s;
  };
}

// One inspector handshake (verification off: the scan verifies the chain itself).
struct Inspection {
  Report report;
  std::unique_ptr<Connection> conn;
  std::unique_ptr<Transport> transport;
  std::shared_ptr<Config> config;
};

Inspection inspect(const ScanTarget& t, const ScanOptions& o, const std::string& sni, const std::string& alpn,
                   bool follow_up, const Clock& clock) {
  Inspection in;
  ClientOptions co;
  co.target = target_text(t.host, t.port);
  co.servername = sni;
  co.no_servername = sni.empty();
  co.insecure = true;
  co.alpn = alpn;
  co.status = true;
  co.connect_timeout_ms = o.timeout_ms;
  co.timeout_ms = o.timeout_ms;
  Report& r = in.report;
  r.started_unix = clock.unix_seconds();
  r.origin_us = clock.monotonic_micros();
  auto setup = build_client_setup(co);
  if (!setup) {
    r.error = setup.error();
    return in;
  }
  in.config = setup->config;
  r.settings = setup->settings;
  probe::Dialer dial = make_dialer(t, o, clock);
  auto tr = dial();
  if (!tr) {
    r.error = tr.error();
  } else {
    r.tcp_connected = true;
    in.transport = std::move(*tr);
    RunOptions ro;
    ro.io_timeout_ms = o.timeout_ms;
    ro.handshake_timeout_ms = o.timeout_ms * 2;
    ro.linger_ms = kLingerForTicketsMs;
    in.conn = run_client_handshake(setup->config, *in.transport, clock, ro, r);
  }
  Connector connector;
  if (follow_up && r.tcp_connected) {
    connector = [dial]() -> Result<std::unique_ptr<Transport>> { return dial(); };
  }
  finish_report(r, *setup->config, connector, clock);
  return in;
}

// Sends any pending TLS output.
Result<void> flush(Connection& c, Transport& t, int timeout_ms) {
  ByteView out = c.pending_output();
  if (out.empty()) return ok();
  TK_TRY(t.write(out, timeout_ms));
  c.consume_output(out.size());
  return ok();
}

// GET / over an established TLS connection; fills http.
void http_request(Inspection& in, const std::string& host, int timeout_ms, const Clock& clock, HttpFacts& http) {
  http.requested = true;
  Connection& c = *in.conn;
  std::string req = http_get_request(host, "/");
  if (auto w = c.write(as_bytes(req)); !w) {
    http.error = w.error().detail;
    return;
  }
  if (auto f = flush(c, *in.transport, timeout_ms); !f) {
    http.error = f.error().detail;
    return;
  }
  HttpResponseParser parser;
  const int64_t deadline = clock.monotonic_micros() + int64_t{timeout_ms} * 1000;
  std::array<uint8_t, 16384> buf{};
  // The headers are all a scan needs: stop as soon as they are in (a body ending at EOF may
  // never end while the server keeps the connection).
  auto headers_in = [&]() { return parser.response().status != 0; };
  auto take_plaintext = [&]() -> bool {
    ByteView ready = c.readable_view();
    if (ready.empty()) return true;
    auto done = parser.feed(ready);
    c.consume_read(ready.size());
    if (!done) {
      http.error = done.error().detail;
      return false;
    }
    return true;
  };
  for (size_t round = 0; round < 4096 && !headers_in(); ++round) {
    if (!take_plaintext() || headers_in()) break;
    if (c.peer_closed()) {
      auto done = parser.feed({});
      if (!done && !headers_in()) http.error = done.error().detail;
      break;
    }
    int64_t left = (deadline - clock.monotonic_micros()) / 1000;
    if (left <= 0) {
      http.error = "no complete HTTP response header in " + std::to_string(timeout_ms) + " ms";
      return;
    }
    auto n = in.transport->read(buf, static_cast<int>(left));
    if (!n) {
      http.error = n.error().detail;
      return;
    }
    if (*n == 0) {
      (void)c.feed_eof();
      if (!take_plaintext()) return;
      auto done = parser.feed({});
      if (!done && !headers_in()) http.error = done.error().detail;
      break;
    }
    if (auto f = c.feed(ByteView(buf.data(), *n)); !f) {
      http.error = f.error().detail;
      return;
    }
    (void)flush(c, *in.transport, timeout_ms);
  }
  const HttpResponse& r = parser.response();
  if (r.status == 0) {
    if (http.error.empty()) http.error = "no HTTP response";
    return;
  }
  http.status = r.status;
  http.server = r.header("server");
  Hsts h = parse_hsts(r.header("strict-transport-security"));
  http.hsts = h.valid;
  http.hsts_max_age = h.max_age;
  http.hsts_include_subdomains = h.include_subdomains;
  http.hsts_preload = h.preload;
  for (const char* name : {"content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy",
                           "permissions-policy", "cross-origin-opener-policy"})
    if (!r.header(name).empty()) http.security_headers.push_back(name);
}

// Whether the TLS 1.3 tickets of a handshake allow 0-RTT: a NewSessionTicket with an early_data
// extension whose max_early_data_size is not 0 (RFC 8446 §4.6.1). nullopt: no ticket.
std::optional<bool> early_data_offered(const Report& r) {
  std::optional<bool> offered;
  for (const RecordedEvent& e : r.events) {
    const Event& ev = e.event;
    if (ev.kind != EventKind::handshake_message || ev.direction != Direction::received ||
        ev.handshake_type != HandshakeType::new_session_ticket || ev.message.size() < 4)
      continue;
    auto nst = parse_new_session_ticket13(ByteView(ev.message).subspan(4));
    if (!nst) continue;
    offered = offered.value_or(false);
    const Extension* ed = nst->extensions.find(ExtensionType::early_data);
    if (!ed) continue;
    ByteView b = ed->body();
    if (b.size() == 4 && (b[0] | b[1] | b[2] | b[3]) != 0) offered = true;
  }
  return offered;
}

const probe::VersionProbe* version_probe(const probe::ProtocolSupport& ps, ProtocolVersion v) {
  for (const auto& p : ps.versions)
    if (p.version == v) return &p;
  return nullptr;
}

}  // namespace

SuiteFact suite_fact(CipherSuite s) {
  SuiteFact f;
  f.id = static_cast<uint16_t>(s);
  f.name = cipher_suite_name(s);
  f.openssl_name = cipher_suite_openssl_name(s);
  auto tr = probe::suite_traits(s);
  if (!tr) return f;
  f.kx = probe::key_exchange_name(tr->kex);
  f.auth = probe::authentication_name(tr->auth);
  f.cipher = tr->cipher;
  f.bits = tr->bits;
  f.aead = tr->aead;
  f.cbc = tr->cbc;
  f.forward_secret = tr->forward_secret;
  f.export_grade = tr->export_grade;
  f.anonymous = tr->kex == probe::KeyExchange::dh_anon || tr->kex == probe::KeyExchange::ecdh_anon;
  f.finite_field_dh = tr->kex == probe::KeyExchange::dhe || tr->kex == probe::KeyExchange::dh_anon ||
                      tr->kex == probe::KeyExchange::dhe_psk;
  f.null_cipher = tr->cipher == "NULL";
  f.rc4 = tr->cipher.rfind("RC4", 0) == 0;
  f.block64 = tr->cipher.find("DES") != std::string::npos || tr->cipher.find("IDEA") != std::string::npos ||
              tr->cipher.find("RC2") != std::string::npos;
  return f;
}

void finish_target(TargetReport& t) {
  bool any = false, all_fs = true, any_fs = false, any_aead = false;
  for (const auto& p : t.protocols) {
    if (!p.supported || p.protocol == Protocol::sslv2) continue;
    for (const auto& s : p.suites) {
      any = true;
      all_fs = all_fs && s.forward_secret;
      any_fs = any_fs || s.forward_secret;
      any_aead = any_aead || s.aead;
    }
  }
  t.features.forward_secrecy_all = any && all_fs;
  t.features.forward_secrecy_any = any_fs;
  t.features.aead_any = any_aead;
  t.findings = derive_findings(t);
  t.grade = compute_grade(t);
}

TargetReport scan_target(const ScanTarget& target, const ScanOptions& o, const x509::X509Verifier& verifier,
                         const Clock& clock, const PhaseCallback& phase) {
  auto say = [&](const char* p) {
    if (phase) phase(p);
  };
  const int64_t start = clock.monotonic_micros();
  TargetReport t;
  t.target = target.text;
  t.host = target.host;
  t.port = target.port;
  t.quick = o.quick;
  t.started_unix = clock.unix_seconds();
  t.starttls = o.starttls == StartTls::none ? "" : starttls_name(o.starttls);
  const bool ip = io::is_ip_literal(target.host);
  const std::string sni = o.servername_set ? o.servername : (ip ? "" : target.host);
  const std::string checked = sni.empty() ? target.host : sni;
  t.server_name = sni;
  t.address = target_text(target.host, target.port);
  auto done = [&]() {
    t.duration_ms = (clock.monotonic_micros() - start) / 1000;
    return t;
  };

  probe::ProberOptions po;
  po.max_parallel = o.connections;
  po.io_timeout_ms = o.timeout_ms;
  po.answer_timeout_ms = o.timeout_ms + 3000;
  probe::Prober prober(make_dialer(target, o, clock), po, crypto::default_provider().system_rng(), clock);
  probe::BatchRunner run = prober.runner();

  say("protocols");
  probe::ProtocolSupport ps = probe::probe_protocols(run, sni, probe::probe_versions(), true);
  std::vector<ProtocolVersion> supported = ps.supported();
  if (supported.empty() && !ps.sslv2) {
    // Nothing answered: the debugger's diagnosis names why.
    say("diagnosis");
    Inspection in = inspect(target, o, sni, "", true, clock);
    std::string cause = in.report.diagnosis.cause;
    if (cause == "none") cause = "internal_error";  // never "failed, cause none"
    std::string detail = in.report.diagnosis.explanation;
    if (detail.empty() && in.report.error) detail = in.report.error->detail;
    if (detail.empty()) detail = "no protocol version from SSLv2 to TLS 1.3 was accepted";
    t.error = TargetError{cause, detail};
    t.connections = prober.stats().connections;
    return done();
  }

  say("suites");
  std::vector<probe::SuiteList> lists = probe::enumerate_suites(run, sni, supported);
  for (Protocol p : all_protocols()) {
    ProtocolFacts pf;
    pf.protocol = p;
    if (p == Protocol::sslv2) {
      pf.supported = ps.sslv2;
      for (uint32_t k : ps.sslv2_ciphers) pf.suites.push_back(sslv2_fact(k));
    } else {
      ProtocolVersion v = *protocol_version(p);
      pf.supported = std::find(supported.begin(), supported.end(), v) != supported.end();
      for (const auto& l : lists) {
        if (l.version != v) continue;
        pf.server_order = l.server_order;
        pf.complete = l.complete;
        pf.note = l.note;
        for (const auto& a : l.suites) {
          SuiteFact f = suite_fact(a.suite);
          if (a.key_exchange) {
            f.kx_bits = static_cast<int>(a.key_exchange->key_bits());
            f.kx_group = !a.key_exchange->dh_prime_name.empty() ? a.key_exchange->dh_prime_name
                         : a.group ? group_name(*a.group) : "";
          } else if (a.group) {
            f.kx_group = group_name(*a.group);
          }
          pf.suites.push_back(std::move(f));
        }
      }
    }
    t.protocols.push_back(std::move(pf));
  }

  // Features from the version probes' ServerHellos: the newest TLS <= 1.2 answer.
  const probe::VersionProbe* legacy = nullptr;
  for (auto it = supported.rbegin(); it != supported.rend(); ++it)
    if (*it != ProtocolVersion::tls1_3) {
      legacy = version_probe(ps, *it);
      break;
    }
  if (legacy && legacy->outcome.server_hello()) {
    const probe::ProbeServerHello& sh = *legacy->outcome.server_hello();
    t.features.extended_master_secret = sh.extended_master_secret;
    t.features.secure_renegotiation = sh.renegotiation_info;
    t.features.heartbeat = sh.heartbeat;
    t.features.session_ids = !sh.session_id.empty();
    t.features.tls12_tickets = sh.session_ticket;
    t.features.compression = sh.compression_method != 0;
  }

  // Certificates: the chain as the TLS <= 1.2 answer carried it, or from a full handshake.
  say("certificates");
  Inspection main;
  bool inspected = false;
  if (!o.quick || !legacy || legacy->outcome.answer.certificates.empty()) {
    main = inspect(target, o, sni, o.starttls == StartTls::none ? "http/1.1" : "", false, clock);
    inspected = true;
  }
  AiaFetcher fetch = o.aia ? (o.aia_fetch ? o.aia_fetch : http_aia_fetcher())
                           : AiaFetcher([](const std::string&) -> Result<Bytes> {
                               return make_error(ErrorCode::config_invalid, Alert::none, Party::config, Step::none,
                                                 "AIA chasing is off");
                             });
  std::vector<Bytes> chain;
  Bytes ocsp;
  if (inspected && !main.report.info.peer_chain.empty()) {
    chain = main.report.info.peer_chain;
    ocsp = main.report.info.ocsp_response;
  } else if (legacy) {
    chain = legacy->outcome.answer.certificates;
  }
  // Everything the main connection tells, first: many servers (openssl s_server) serve one
  // connection at a time, so it is closed before any other probe.
  if (!o.quick) {
    if (inspected && main.report.handshake_complete) {
      t.features.ocsp_stapling = !main.report.info.ocsp_response.empty();
      if (main.report.info.version == ProtocolVersion::tls1_3) {
        t.features.tls13_tickets = static_cast<int>(main.report.info.tickets_received);
        t.features.early_data = early_data_offered(main.report);
      }
      if (o.starttls == StartTls::none) {
        t.features.alpn_http11 = main.report.info.alpn == "http/1.1";
        say("http");
        if (o.http && main.conn) http_request(main, checked, o.timeout_ms, clock, t.features.http);
      }
    } else if (legacy) {
      t.features.ocsp_stapling = legacy->outcome.answer.certificate_status;
    }
  }
  main = Inspection{};  // closes the connection
  if (!chain.empty())
    t.certificates.push_back(check_certificates(chain, sni, !sni.empty(), checked, ocsp, verifier, t.started_unix, fetch));
  if (!sni.empty() && !o.quick) {
    // The same without SNI (what old clients and IP-address clients see).
    std::vector<Bytes> nosni;
    if (legacy) {
      probe::ProbeRequest r;
      r.label = "no_sni";
      r.hello = probe::full_offer(legacy->version, "");
      auto out = run({r});
      if (!out.empty()) nosni = out[0].answer.certificates;
    } else {
      Inspection ns = inspect(target, o, "", "", false, clock);
      nosni = ns.report.info.peer_chain;
    }
    if (!nosni.empty())
      t.certificates.push_back(check_certificates(nosni, "", false, checked, {}, verifier, t.started_unix, fetch));
  }

  if (!o.quick) {
    if (o.starttls == StartTls::none) {
    // ALPN h2: a crafted TLS 1.2/1.3 hello offering only h2 (TLS 1.2 answers it in the
      // ServerHello; for TLS 1.3 it is encrypted, so a handshake).
      Inspection h2 = inspect(target, o, sni, "h2", false, clock);
      if (h2.report.handshake_complete) {
        t.features.alpn_h2 = h2.report.info.alpn == "h2";
        t.features.alpn_selected = h2.report.info.alpn;
      }
    }

    say("groups");
    for (ProtocolVersion v : {ProtocolVersion::tls1_3, ProtocolVersion::tls1_2}) {
      if (std::find(supported.begin(), supported.end(), v) == supported.end()) continue;
      std::vector<CipherSuite> suites;
      for (const auto& l : lists)
        if (l.version == v)
          for (const auto& a : l.suites) suites.push_back(a.suite);
      probe::GroupList gl = probe::enumerate_groups(run, sni, v, suites);
      for (NamedGroup g : gl.groups) {
        std::string n = group_name(g);
        if (std::find(t.groups.begin(), t.groups.end(), n) == t.groups.end()) t.groups.push_back(n);
      }
      if (v == ProtocolVersion::tls1_3 || !t.group_server_order) t.group_server_order = gl.server_order;
      if (v == ProtocolVersion::tls1_3)
        t.features.x25519mlkem768 = std::find(gl.groups.begin(), gl.groups.end(), static_cast<NamedGroup>(0x11ec)) != gl.groups.end();
      if (gl.dhe_params) {
        t.dhe_bits = static_cast<int>(gl.dhe_params->dh_bits);
        t.dhe_params = std::to_string(gl.dhe_params->dh_bits) + "-bit" +
                       (gl.dhe_params->dh_prime_name.empty() ? "" : " " + gl.dhe_params->dh_prime_name);
      }
    }
    say("signatures");
    ProtocolVersion sv = std::find(supported.begin(), supported.end(), ProtocolVersion::tls1_3) != supported.end()
                             ? ProtocolVersion::tls1_3 : ProtocolVersion::tls1_2;
    if (std::find(supported.begin(), supported.end(), sv) != supported.end()) {
      std::vector<CipherSuite> suites;
      for (const auto& l : lists)
        if (l.version == sv)
          for (const auto& a : l.suites) suites.push_back(a.suite);
      probe::SchemeList sl = probe::enumerate_signature_schemes(run, sni, sv, suites);
      for (SignatureScheme s : sl.schemes) t.signature_schemes.push_back(signature_scheme_name(s));
    }

    // TLS_FALLBACK_SCSV (RFC 7507): a hello for a lower version than the best carrying the SCSV
    // must be refused with inappropriate_fallback.
    say("fallback");
    if (supported.size() >= 2) {
      ProtocolVersion lower = supported[supported.size() - 2];  // oldest first: the second best
      probe::ProbeRequest r;
      r.label = "fallback_scsv";
      r.hello = probe::full_offer(lower, sni);
      r.hello.cipher_suites.push_back(static_cast<CipherSuite>(kFallbackScsv));
      auto out = run({r});
      if (!out.empty()) {
        const auto& a = out[0].answer;
        if (a.alert && *a.alert == Alert::inappropriate_fallback) t.features.fallback_scsv = true;
        else if (out[0].accepted()) t.features.fallback_scsv = false;
      }
    }

    // Compression (CRIME): DEFLATE offered before null.
    if (legacy) {
      probe::ProbeRequest r;
      r.label = "compression";
      r.hello = probe::full_offer(legacy->version, sni);
      r.hello.offer_deflate = true;
      auto out = run({r});
      if (!out.empty() && out[0].server_hello())
        t.features.compression = out[0].server_hello()->compression_method != 0;
    }

    // CCS injection (CVE-2014-0224): an early ChangeCipherSpec after the first flight.
    if (legacy) {
      say("ccs injection");
      ProbeVerdict v = probe_ccs_injection(make_dialer(target, o, clock), legacy->version, sni,
                                           crypto::default_provider().system_rng(), clock,
                                           o.timeout_ms);
      t.features.ccs_injection = v.vulnerable;
      t.features.ccs_injection_detail = v.detail;
    }

    // Ticketbleed (CVE-2016-9244): only a server that issues TLS 1.2 tickets can have it.
    if (t.features.tls12_tickets == true) {
      say("ticketbleed");
      const probe::Dialer dial = make_dialer(target, o, clock);
      if (auto ticket = fetch_tls12_ticket(dial, sni, clock, o.timeout_ms)) {
        ProbeVerdict v = probe_ticketbleed(dial, *ticket, sni,
                                           crypto::default_provider().system_rng(), clock,
                                           o.timeout_ms);
        t.features.ticketbleed = v.vulnerable;
        t.features.ticketbleed_detail = v.detail;
      } else {
        t.features.ticketbleed_detail =
            "no TLS 1.2 ticket from a full handshake (tlskit's client needs ECDHE, AEAD and the "
            "extended master secret)";
      }
    } else if (t.features.tls12_tickets == false) {
      t.features.ticketbleed = false;
      t.features.ticketbleed_detail = "no TLS 1.2 session tickets (inferred)";
    }

    // Heartbleed: probed only when the server speaks the heartbeat extension.
    if (t.features.heartbeat == true && legacy) {
      say("heartbleed");
      HeartbleedResult hb = probe_heartbleed(make_dialer(target, o, clock), legacy->version, sni,
                                             crypto::default_provider().system_rng(), clock, o.timeout_ms);
      t.features.heartbleed = hb.vulnerable;
      t.features.heartbleed_detail = hb.detail;
    } else if (t.features.heartbeat == false) {
      t.features.heartbleed = false;
      t.features.heartbleed_detail = "no heartbeat extension (inferred)";
    }

    if (o.clients) {
      say("clients");
      t.clients = simulate_clients(run, sni);
    }
  }
  t.connections = prober.stats().connections;
  finish_target(t);
  return done();
}

}  // namespace tlskit::tools::scan
