// Running one probe and reducing the inspector's report to a ProbeOutcome.
#include "exporter/probe.h"

#include <glob.h>

#include <algorithm>
#include <fstream>

#include "starttls/starttls.h"
#include "inspector/inspector.h"
#include "x509/certificate.h"
#include "x509/ocsp.h"
#include "x509/oid.h"
#include "x509/verifier.h"

namespace tlskit::tools::exporter {
namespace {

// Serials longer than this (RFC 5280 §4.1.2.2 allows 20 octets) are shown in hex.
constexpr size_t kMaxDecimalSerialBytes = 64;
// How long to wait for the server's verdict on our certificate after the handshake (TLS 1.3
// servers send certificate_required after the client's Finished).
constexpr int64_t kClientAuthLingerMs = 1000;

std::string first_cn(const x509::Name& n) {
  auto v = n.values_of(x509::kOidCommonName);
  return v.empty() ? std::string() : v.front();
}

std::string hex(ByteView b) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s = "0x";
  for (uint8_t x : b) {
    s += kHex[x >> 4];
    s += kHex[x & 15];
  }
  return s;
}

Error file_error(const std::string& what) {
  return make_error(ErrorCode::file_error, Alert::none, Party::config, Step::config, what);
}

double seconds(int64_t micros) { return static_cast<double>(micros) / 1e6; }

}  // namespace

std::string integer_to_decimal(ByteView v) {
  if (v.empty()) return "0";
  if (v.size() > kMaxDecimalSerialBytes) return hex(v);
  std::vector<uint8_t> mag(v.begin(), v.end());
  bool negative = (mag[0] & 0x80) != 0;
  if (negative) {  // two's complement: invert and add one
    for (auto& b : mag) b = static_cast<uint8_t>(~b);
    for (size_t i = mag.size(); i-- > 0;)
      if (++mag[i] != 0) break;
  }
  std::string digits;
  for (size_t guard = 0; guard < mag.size() * 3 + 1; ++guard) {
    bool zero = std::all_of(mag.begin(), mag.end(), [](uint8_t b) { return b == 0; });
    if (zero) break;
    unsigned rem = 0;
    for (auto& b : mag) {
      unsigned cur = rem * 256 + b;
      b = static_cast<uint8_t>(cur / 10);
      rem = cur % 10;
    }
    digits += static_cast<char>('0' + rem);
  }
  if (digits.empty()) digits = "0";
  if (negative) digits += '-';
  std::reverse(digits.begin(), digits.end());
  return digits;
}

std::string version_label(ProtocolVersion v) {
  std::string n = version_name(v);  // "TLSv1.3"
  if (n.rfind("TLSv", 0) == 0) return "TLS " + n.substr(4);
  return n;
}

std::optional<CertFacts> cert_facts(ByteView der, int depth) {
  auto parsed = x509::Certificate::parse(der);
  if (!parsed) return std::nullopt;
  const x509::Certificate& c = **parsed;
  CertFacts f;
  f.depth = depth;
  f.cn = first_cn(c.subject);
  f.issuer_cn = first_cn(c.issuer);
  f.serial_no = integer_to_decimal(c.serial);
  auto dns = c.san_dns();
  if (!dns.empty()) {
    f.dnsnames = ",";
    for (std::string_view d : dns) {
      f.dnsnames += d;
      f.dnsnames += ',';
    }
  }
  f.not_before = c.not_before;
  f.not_after = c.not_after;
  return f;
}

OcspFacts ocsp_facts(ByteView der) {
  OcspFacts f;
  auto parsed = x509::parse_ocsp_response(der);
  if (!parsed) {
    f.parse_error = parsed.error().detail;
    return f;
  }
  f.response_status = parsed->response_status;
  if (parsed->response_status != 0 || parsed->responses.empty()) return f;
  const x509::OcspSingle& one = parsed->responses.front();
  switch (one.status) {
    case x509::OcspCertStatus::good: f.status = 0; break;
    case x509::OcspCertStatus::revoked: f.status = 1; break;
    case x509::OcspCertStatus::unknown: f.status = 2; break;
  }
  if (parsed->produced_at != 0) f.produced_at = parsed->produced_at;
  f.this_update = one.this_update;
  f.next_update = one.next_update;
  if (one.status == x509::OcspCertStatus::revoked) f.revoked_at = one.revoked_at;
  return f;
}

ProbeOutcome outcome_from_report(const Report& r, const Config& config) {
  ProbeOutcome o;
  o.success = r.handshake_complete && !r.error;
  o.finished_unix = r.started_unix;
  if (r.timings.handshake_us) o.handshake_seconds = seconds(*r.timings.handshake_us);
  if (r.timings.tcp_connect_us && r.tcp_connected) o.connect_seconds = seconds(*r.timings.tcp_connect_us);
  if (r.info.version) o.version = version_label(*r.info.version);
  if (r.info.cipher_suite) o.cipher = cipher_suite_name(*r.info.cipher_suite);
  if (r.info.group) {
    o.group = group_name(*r.info.group);
    o.post_quantum = o.group.find("MLKEM") != std::string::npos;
  }
  for (size_t i = 0; i < r.info.peer_chain.size(); ++i) {
    if (auto f = cert_facts(r.info.peer_chain[i], static_cast<int>(i))) {
      o.certs.push_back(std::move(*f));
      int64_t na = o.certs.back().not_after;
      o.earliest_expiry = o.earliest_expiry ? std::min(*o.earliest_expiry, na) : na;
    }
  }
  o.ocsp_possible = !r.info.peer_chain.empty();
  if (!r.info.ocsp_response.empty()) o.ocsp = ocsp_facts(r.info.ocsp_response);
  if (r.info.peer_verify) {
    o.verify_code = r.info.peer_verify->code;
  } else if (r.error && r.error->code == ErrorCode::certificate_invalid) {
    o.verify_code = r.error->verify_code;
  }
  // The verified path (the leaf up to the trust anchor): its earliest notAfter is when this
  // chain stops verifying (blackbox_exporter's last chain expiry).
  auto verifier = std::dynamic_pointer_cast<const x509::X509Verifier>(config.verifier);
  if (o.success && r.info.peer_verified && verifier) {
    x509::ChainResult cr =
        verifier->verify_detailed(r.info.peer_chain, config.server_name, CertPurpose::server,
                                  r.info.ocsp_response, r.started_unix);
    if (cr.ok())
      for (const auto& e : cr.path)
        if (e.cert)
          o.last_chain_expiry = o.last_chain_expiry ? std::min(*o.last_chain_expiry, e.cert->not_after)
                                                    : e.cert->not_after;
  }
  o.cause = o.success ? "none" : r.diagnosis.cause;
  if (!o.success && o.cause == "none") o.cause = "internal_error";  // never "failed, cause none"
  o.explanation = r.diagnosis.explanation;
  o.fix = r.diagnosis.fix;
  return o;
}

ProbeOutcome probe_network(const ClientSetup& setup, StartTls starttls, int64_t timeout_ms,
                           bool follow_up, const Clock& clock) {
  const int64_t start = clock.monotonic_micros();
  const int64_t deadline = start + timeout_ms * 1000;
  auto left_ms = [&]() { return (deadline - clock.monotonic_micros()) / 1000; };
  Report r;
  r.settings = setup.settings;
  r.started_unix = clock.unix_seconds();
  r.origin_us = start;
  const io::HostPort& hp = setup.target;
  auto stream = io::TcpStream::connect(hp.host, hp.port, static_cast<int>(timeout_ms));
  Connector connector;
  if (!stream) {
    r.error = stream.error();
  } else {
    r.timings.tcp_connect_us = clock.monotonic_micros() - start;
    r.tcp_connected = true;
    r.settings.address = stream->peer_address();
    TcpTransport transport(*stream);
    if (starttls != StartTls::none) {
      if (auto st = run_starttls(starttls, transport, clock, deadline); !st) r.error = st.error();
    }
    if (!r.error && left_ms() <= 0)
      r.error = make_error(ErrorCode::timeout, Alert::none, Party::network, Step::server_hello,
                           "no time left for the handshake within the probe's " +
                               std::to_string(timeout_ms) + " ms");
    if (!r.error) {
      RunOptions ro;
      int budget = static_cast<int>(std::max<int64_t>(1, left_ms()));
      ro.io_timeout_ms = budget;
      ro.handshake_timeout_ms = budget;
      ro.linger_ms = 0;  // no waiting for session tickets
      ro.linger_client_auth_ms = static_cast<int>(std::clamp<int64_t>(left_ms(), 0, kClientAuthLingerMs));
      auto conn = run_client_handshake(setup.config, transport, clock, ro, r);
      if (conn && r.handshake_complete && !r.error) {
        conn->close();  // close_notify, best effort
        ByteView out = conn->pending_output();
        if (!out.empty()) (void)stream->write_all(out, 100);
      }
    }
    if (follow_up) {
      connector = [&]() -> Result<std::unique_ptr<Transport>> {
        auto s = io::TcpStream::connect(hp.host, hp.port, static_cast<int>(timeout_ms));
        if (!s) return s.error();
        return std::unique_ptr<Transport>(new OwnedTcpTransport(std::move(*s)));
      };
    }
  }
  finish_report(r, *setup.config, connector, clock);
  ProbeOutcome o = outcome_from_report(r, *setup.config);
  o.finished_unix = clock.unix_seconds();
  o.duration_seconds = seconds(clock.monotonic_micros() - start);
  return o;
}

ProbeOutcome probe_files(const std::string& pattern, const Clock& clock) {
  const int64_t start = clock.monotonic_micros();
  ProbeOutcome o;
  o.file_target = true;
  std::optional<Error> failure;
  glob_t g{};
  int rc = ::glob(pattern.c_str(), GLOB_ERR, nullptr, &g);
  std::vector<std::string> paths;
  if (rc == 0) {
    for (size_t i = 0; i < g.gl_pathc; ++i) paths.emplace_back(g.gl_pathv[i]);
  } else if (rc == GLOB_NOMATCH) {
    failure = file_error("no file matches '" + pattern + "'");
  } else {
    failure = file_error("cannot list the files of '" + pattern + "' (a directory is unreadable)");
  }
  ::globfree(&g);
  if (paths.size() > kMaxGlobFiles) {
    failure = file_error("'" + pattern + "' matches " + std::to_string(paths.size()) +
                         " files; at most " + std::to_string(kMaxGlobFiles) + " are read");
    paths.resize(kMaxGlobFiles);
  }
  for (const std::string& path : paths) {
    std::ifstream f(path, std::ios::binary);
    if (!f) {
      if (!failure) failure = file_error("cannot read '" + path + "'");
      continue;
    }
    std::string data;
    char buf[16384];
    bool too_big = false;
    while (f.read(buf, sizeof buf) || f.gcount() > 0) {
      data.append(buf, static_cast<size_t>(f.gcount()));
      if (data.size() > kMaxCertFileBytes) {
        too_big = true;
        break;
      }
    }
    if (too_big) {
      if (!failure)
        failure = file_error("'" + path + "' is larger than " + std::to_string(kMaxCertFileBytes / 1024) +
                             " KiB; not a certificate file");
      continue;
    }
    if (data.empty()) continue;  // an empty file has no certificate
    auto certs = x509::parse_certificates(as_bytes(data));
    if (!certs) {
      if (!failure || failure->code != ErrorCode::certificate_invalid) {
        failure = make_error(ErrorCode::certificate_invalid, Alert::none, Party::config, Step::none,
                             "'" + path + "': " + certs.error().detail);
      }
      continue;
    }
    size_t n = std::min(certs->size(), kMaxCertsPerFile);
    for (size_t i = 0; i < n; ++i) {
      if (auto facts = cert_facts((*certs)[i]->der(), static_cast<int>(i))) {
        facts->file = path;
        o.certs.push_back(std::move(*facts));
      }
    }
  }
  for (const CertFacts& c : o.certs)
    o.earliest_expiry = o.earliest_expiry ? std::min(*o.earliest_expiry, c.not_after) : c.not_after;
  if (!failure && o.certs.empty())
    failure = file_error("no certificate in the " + std::to_string(paths.size()) + " file(s) matching '" +
                         pattern + "'");
  o.success = !failure;
  if (failure) {
    o.cause = failure->code == ErrorCode::certificate_invalid ? "certificate_invalid" : "config_error";
    o.explanation = failure->detail;
    o.fix = failure->code == ErrorCode::certificate_invalid
                ? "Replace the file with a valid PEM or DER certificate."
                : "Check the 'file' pattern and the permissions of the files it names.";
  }
  o.finished_unix = clock.unix_seconds();
  o.duration_seconds = seconds(clock.monotonic_micros() - start);
  return o;
}

}  // namespace tlskit::tools::exporter
