// Diagnosis: Error + CertVerifyResult + probe results -> cause, step, party, explanation, fix.
#include "inspector/diagnosis.h"

#include <algorithm>
#include <ctime>

#include "crypto/registry.h"
#include "inspector/crafted_probes.h"
#include "inspector/probes.h"
#include "record/peer_sniff.h"
#include "wire/msg_client_hello.h"
#include "x509/cause_advice.h"
#include "x509/verify_codes.h"

namespace tlskit::tools {
namespace {

constexpr int64_t kSecondsPerDay = 86400;

std::string quote(const std::string& s) { return "'" + s + "'"; }

std::string format_unix(int64_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%b %e %H:%M:%S %Y GMT", &tm);
  return buf;
}

std::string days_text(int64_t seconds) {
  int64_t days = seconds / kSecondsPerDay;
  if (days == 0) {
    int64_t hours = seconds / 3600;
    if (hours == 0) return "less than an hour";
    return std::to_string(hours) + (hours == 1 ? " hour" : " hours");
  }
  return std::to_string(days) + (days == 1 ? " day" : " days");
}

std::string target(const Report& r) {
  std::string t = r.settings.host + ":" + std::to_string(r.settings.port);
  return t;
}

std::string cert_name(const Report& r, int depth) {
  if (depth >= 0 && static_cast<size_t>(depth) < r.chain.size() && !r.chain[depth].subject.empty())
    return quote(r.chain[depth].subject);
  if (r.info.peer_verify && !r.info.peer_verify->subject.empty())
    return quote(r.info.peer_verify->subject);
  return "the certificate";
}

std::string depth_role(const Report& r, int depth) {
  if (depth == 0) return "the server's certificate";
  if (depth > 0 && static_cast<size_t>(depth) < r.chain.size() &&
      r.chain[static_cast<size_t>(depth)].self_signed)
    return "the root CA certificate the server sent";
  return "an intermediate CA certificate";
}

template <typename T>
bool contains(const std::vector<T>& v, const T& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

template <typename T>
void add_unique(std::vector<T>& v, const T& x) {
  if (!contains(v, x)) v.push_back(x);
}

// Facts the probes established.
struct ProbeFacts {
  bool ran = false;
  std::vector<ProtocolVersion> versions;  // the server completed a ServerHello with these
  std::vector<CipherSuite> suites;        // ... chose these suites
  std::vector<NamedGroup> groups;         // ... accepted these groups
  std::vector<ProtocolVersion> versions_refused;  // version-only probes that failed
  bool any_accepted = false;
};

// True when a probe could not be run because tlskit cannot offer what it asks (a version or
// suite the library does not implement yet): it says nothing about the server.
bool probe_not_run(const ProbeResult& p) {
  return !p.accepted && p.error && p.error->party == Party::config;
}

ProbeFacts probe_facts(const Report& r) {
  ProbeFacts f;
  f.ran = !r.probes.empty();
  for (const ProbeResult& p : r.probes) {
    if (probe_not_run(p)) continue;
    if (p.accepted) {
      f.any_accepted = true;
      if (p.version) add_unique(f.versions, *p.version);
      if (p.cipher_suite) add_unique(f.suites, *p.cipher_suite);
      if (p.group) add_unique(f.groups, *p.group);
    } else if (p.versions.size() == 1) {
      add_unique(f.versions_refused, p.versions[0]);
    }
  }
  return f;
}

bool offered_any(const std::vector<CipherSuite>& offered, const std::vector<CipherSuite>& accepted) {
  for (CipherSuite s : offered)
    if (contains(accepted, s)) return true;
  return false;
}

bool offered_any_group(const std::vector<NamedGroup>& offered,
                       const std::vector<NamedGroup>& accepted) {
  for (NamedGroup g : offered)
    if (contains(accepted, g)) return true;
  return false;
}

std::vector<std::string> probe_evidence(const Report& r) {
  std::vector<std::string> ev;
  for (const ProbeResult& p : r.probes) {
    std::string line = "probe " + p.id + " (" + p.description + "): ";
    if (probe_not_run(p)) {
      line += "not run: " + p.error->detail;
    } else if (p.accepted) {
      line += "accepted";
      if (p.version) line += ", " + version_name(*p.version);
      if (p.cipher_suite) line += ", " + cipher_suite_name(*p.cipher_suite);
      if (p.group) line += ", " + group_name(*p.group);
      if (p.detail) line += " (" + *p.detail + ")";
    } else if (p.error) {
      line += "refused: " + p.error->to_string();
    } else {
      line += "refused";
    }
    ev.push_back(line);
  }
  return ev;
}

// True when the failure came in answer to the ClientHello (no ServerHello was accepted yet).
bool before_server_hello(const Report& r) {
  if (r.info.cipher_suite) return false;
  switch (r.error->step) {
    case Step::none:
    case Step::connect:
    case Step::client_hello:
    case Step::server_hello:
    case Step::hello_retry_request:
    case Step::record_layer:
      return true;
    default:
      return false;
  }
}

// True when the client had sent its Finished (TLS 1.3: the server judges the client certificate
// only then) or was in the client authentication steps.
bool after_client_flight(const Report& r) {
  if (r.handshake_complete) return true;
  switch (r.error->step) {
    case Step::client_certificate:
    case Step::client_certificate_verify:
    case Step::client_key_exchange:
    case Step::client_finished:
    case Step::change_cipher_spec:
    case Step::new_session_ticket:
    case Step::post_handshake:
    case Step::application_data:
      return true;
    default:
      return false;
  }
}

std::optional<Alert> received_alert(const Report& r) {
  if (r.error && r.error->code == ErrorCode::peer_alert && r.error->alert != Alert::none)
    return r.error->alert;
  if (r.info.alert_received && *r.info.alert_received != Alert::close_notify)
    return r.info.alert_received;
  return std::nullopt;
}

std::string step_of(const Report& r) {
  if (!r.error) return "";
  if (r.error->code == ErrorCode::peer_alert && r.info.alert_received_step)
    return step_name(*r.info.alert_received_step);
  return step_name(r.error->step);
}

std::string alert_phrase(Alert a) {
  return std::string(alert_name(a)) + " (" + std::to_string(static_cast<int>(a)) + ")";
}

// --- one builder per cause --------------------------------------------------------------------

Diagnosis base(const Report& r, Cause cause) {
  Diagnosis d;
  d.cause = cause_id(cause);
  d.step = step_of(r);
  d.party = r.error ? party_name(r.error->party) : "";
  return d;
}

// True when our first ClientHello offered a PSK (a saved session or an external PSK).
bool offered_psk(const Report& r) {
  for (const RecordedEvent& ev : r.events) {
    const Event& e = ev.event;
    if (e.kind != EventKind::handshake_message || e.direction != Direction::sent ||
        e.handshake_type != HandshakeType::client_hello || e.message.size() < 4)
      continue;
    auto ch = parse_client_hello(ByteView(e.message).subspan(4));
    return ch && ch->extensions.contains(ExtensionType::pre_shared_key);
  }
  return false;
}

// What became of a resumption or 0-RTT attempt, when something was refused ("" otherwise).
// The server does not say why it refused; these are the causes the client can tell apart.
std::string resumption_outcome(const Report& r) {
  std::string s;
  const EarlyDataInfo& e = r.info.early_data;
  if (offered_psk(r) && !r.info.resumed)
    s += " The saved session was offered but the server did a full handshake: it could not use "
         "the ticket. Usually the ticket was sealed by another server or by a key this server "
         "no longer holds (a restart, a key rotation, or a fleet whose instances do not share "
         "ticket keys), or the session's ALPN or server name differs, or the server expired it "
         "early.";
  if (e.offered && !e.accepted) {
    if (e.reason == EarlyDataReason::hello_retry)
      s += " The 0-RTT data was not delivered: the server asked for another key share "
           "(HelloRetryRequest), after which early data is never accepted (RFC 8446 §4.2.10).";
    else if (!r.info.resumed)
      s += " The 0-RTT data was not delivered: it can only be accepted with the ticket.";
    else
      s += " The server resumed the session but refused the 0-RTT data, which was not "
           "delivered: its 0-RTT may be off, it may have seen this ticket's early data before "
           "(each ticket carries early data once: a replay, or this saved session used "
           "twice), or the ticket's age did not match its clock within its window.";
  } else if (!e.offered && e.reason != EarlyDataReason::none) {
    switch (e.reason) {
      case EarlyDataReason::no_session:
        s += " No 0-RTT data was sent: there was no TLS 1.3 ticket for this server name to "
             "resume.";
        break;
      case EarlyDataReason::ticket_forbids:
        s += " No 0-RTT data was sent: the server's ticket does not allow early data "
             "(max_early_data 0: 0-RTT is off on that server).";
        break;
      case EarlyDataReason::too_large:
        s += " No 0-RTT data was sent: it is larger than the ticket's max_early_data.";
        break;
      default:
        break;
    }
  }
  return s;
}

Diagnosis healthy(const Report& r) {
  Diagnosis d = base(r, Cause::none);
  d.step.clear();
  d.party.clear();
  std::string what = "The handshake with " + target(r) + " completed";
  if (r.info.version) what += ": " + version_name(*r.info.version);
  if (r.info.cipher_suite) what += " with " + cipher_suite_name(*r.info.cipher_suite);
  if (r.info.group) what += " over " + group_name(*r.info.group);
  what += ".";
  if (!r.settings.verify) {
    what += " The certificate chain and host name were NOT verified (--insecure).";
    d.fix = "Drop --insecure (and pass -CAfile with the issuing CA if it is private) to verify "
            "the server.";
  } else if (r.info.peer_verify && !r.info.peer_verify->summary.empty()) {
    what += " Verification: " + r.info.peer_verify->summary + ".";
  } else if (r.info.resumed && r.info.peer_chain.empty()) {
    // RFC 8446 §2.2: a PSK handshake carries no certificate; the key authenticates.
    what += " The server was authenticated by an external pre-shared key; it sent no "
            "certificate.";
  } else if (r.info.resumed) {
    what += " The session was resumed: the server proved it holds the session's key, and its "
            "certificate chain was checked when the session was made.";
  } else if (r.info.peer_verified) {
    what += " The certificate chain and host name were verified.";
  }
  what += resumption_outcome(r);
  d.explanation = what;
  return d;
}

Diagnosis network_failure(const Report& r) {
  const Error& e = *r.error;
  std::string t = target(r);
  Diagnosis d;
  switch (e.code) {
    case ErrorCode::connection_refused:
      d = base(r, Cause::connection_refused);
      d.explanation = "The TCP connection to " + t + " was refused: nothing is listening on port " +
                      std::to_string(r.settings.port) + " of " + r.settings.host +
                      " (or a firewall rejects the connection).";
      d.fix = "Check the host and port, and that the server is running and listening on that "
              "address.";
      return d;
    case ErrorCode::timeout:
      d = base(r, Cause::timeout);
      if (!r.tcp_connected) {
        d.explanation = "No answer from " + t + " to the TCP connection request: a firewall "
                        "drops the packets, the host is down, or the address is wrong (" +
                        e.detail + ").";
        d.fix = "Check the address and port, and any firewall between here and the server.";
      } else if (r.first_bytes_received.empty()) {
        d.explanation = "The server at " + t + " accepted the TCP connection but did not answer "
                        "the ClientHello (" + e.detail + "). It may not speak TLS on this port "
                        "(a protocol where the client waits, e.g. a database), or it is stuck.";
        d.fix = "Check that this port serves TLS (not STARTTLS or plain text), and that the "
                "server is healthy.";
      } else {
        d.explanation = "The server at " + t + " stopped answering in the middle of the "
                        "handshake (" + e.detail + ").";
        d.fix = "Check the server's load and logs; retry with a longer --timeout.";
      }
      return d;
    default: {
      d = base(r, Cause::connection_reset);
      bool eof = e.code == ErrorCode::peer_closed;
      std::string how = eof ? "closed the connection (EOF) without sending an alert"
                            : "reset the connection";
      if (!r.tcp_connected) {
        d.explanation = "The connection to " + t + " failed: " + e.detail + ".";
        d.fix = "Check the address and port, and the network path to the server.";
      } else if (r.first_bytes_received.empty()) {
        d.explanation = "The server at " + t + " " + how + " right after the ClientHello. "
                        "Servers do this when they accept no TLS version or parameter offered "
                        "(old servers send no alert), or a middlebox filters the connection "
                        "(for example by server name).";
        d.fix = "Look at the probes below (or run without --no-probe); try another --servername "
                "or TLS version, and check the server's logs.";
      } else {
        d.explanation = "The server at " + t + " " + how + " during the handshake, at step " +
                        step_name(e.step) + " (" + e.detail + ").";
        d.fix = "Check the server's logs for why it dropped the connection.";
      }
      d.party = "network";
      return d;
    }
  }
}

Diagnosis not_tls(const Report& r) {
  Diagnosis d = base(r, Cause::not_tls);
  d.party = "peer";
  auto what = record::describe_non_tls(r.first_bytes_received);
  if (what) {
    d.explanation = "The server at " + target(r) + " does not speak TLS on this port: it "
                    "answered the ClientHello with " + *what + ".";
  } else {
    d.explanation = "The server at " + target(r) + " does not speak TLS on this port (" +
                    r.error->detail + ").";
  }
  d.fix = "Use the port where the service speaks TLS (often 443 or 8443). If this port is plain "
          "HTTP, use http:// instead; if the protocol upgrades with STARTTLS, tlskit does not "
          "speak STARTTLS yet.";
  return d;
}

// What an accepted crafted probe for version v chose: "TLS_RSA_WITH_AES_128_CBC_SHA (DHE with a
// 2048-bit prime, ...)", or "" when none was accepted.
std::string crafted_choice(const Report& r, ProtocolVersion v) {
  for (const ProbeResult& p : r.probes) {
    if (!p.crafted || !p.accepted || p.version != v || !p.cipher_suite) continue;
    std::string s = cipher_suite_name(*p.cipher_suite);
    if (p.detail) s += " with " + *p.detail;
    return s;
  }
  return "";
}

// The version in which a probe accepted suite s (the first such probe), or TLS 1.2.
ProtocolVersion version_accepting(const Report& r, CipherSuite s) {
  for (const ProbeResult& p : r.probes)
    if (p.accepted && p.cipher_suite == s && p.version) return *p.version;
  return ProtocolVersion::tls1_2;
}

// The crafted probe detail for suite s ("DHE with a 2048-bit prime, ffdhe2048 (RFC 7919)"), or "".
std::string suite_detail(const Report& r, CipherSuite s) {
  for (const ProbeResult& p : r.probes)
    if (p.accepted && p.cipher_suite == s && p.detail) return *p.detail;
  return "";
}

Diagnosis version_mismatch(const Report& r, const ProbeFacts& f) {
  Diagnosis d = base(r, Cause::protocol_version_mismatch);
  std::string offered = join_versions(r.settings.versions);
  std::string t = target(r);
  if (r.error->party == Party::peer || r.error->code == ErrorCode::peer_alert) {
    d.explanation = "The server at " + t + " refused every TLS version offered (" + offered + ")";
    if (received_alert(r)) d.explanation += " with a " + alert_phrase(*received_alert(r)) + " alert";
    d.explanation += ".";
  } else {
    d.explanation = "The server at " + t + " chose a TLS version the client does not allow (" +
                    r.error->detail + "); the client offered " + offered + ".";
  }
  std::vector<ProtocolVersion> legacy;  // spoken by the server, not implemented by tlskit
  for (ProtocolVersion v : f.versions)
    if (!version_implemented(v)) legacy.push_back(v);
  if (f.ran && !f.versions.empty() && legacy.size() == f.versions.size()) {
    // Only crafted probes got an answer: the server speaks nothing tlskit implements.
    d.explanation += " Crafted probes show the server speaks only " + join_versions(legacy);
    std::string chose = crafted_choice(r, legacy.back());
    if (!chose.empty()) d.explanation += " (" + version_name(legacy.back()) + ": it chose " + chose + ")";
    d.explanation += ", which tlskit does not implement: TLSv1.0 and TLSv1.1 are deprecated (RFC 8996) "
                     "and SSLv3 is prohibited (RFC 7568).";
    d.fix = "Enable TLSv1.2 or TLSv1.3 on the server; " + join_versions(legacy) +
            " cannot be made safe. Until then only a legacy client connects (e.g. openssl s_client -" +
            (legacy.back() == ProtocolVersion::ssl3 ? std::string("ssl3")
             : legacy.back() == ProtocolVersion::tls1_0 ? std::string("tls1")
                                                          : std::string("tls1_1")) +
            " -cipher 'DEFAULT:@SECLEVEL=0').";
    return d;
  }
  if (f.ran) {
    if (!f.versions.empty()) {
      d.explanation += " Probes show the server speaks " + join_versions(f.versions) + ".";
      std::vector<ProtocolVersion> usable;
      for (ProtocolVersion v : f.versions)
        if (!contains(r.settings.versions, v) && version_implemented(v)) usable.push_back(v);
      if (!usable.empty()) {
        std::string how;
        if (usable.size() > 1) {
          how = "drop --tls1_2 / --tls1_3 / --min-version / --max-version";
        } else if (usable[0] == ProtocolVersion::tls1_2) {
          how = "--min-version 1.2, or drop --tls1_3";
        } else {
          how = "--max-version 1.3, or drop --tls1_2";
        }
        d.fix = "Allow " + join_versions(usable) + " on the client (" + how + "), or enable " +
                offered + " on the server.";
      } else {
        d.fix = "The server accepted " + join_versions(f.versions) +
                " in a probe with other parameters: check the server's version settings.";
      }
    } else {
      std::vector<ProtocolVersion> not_run;
      for (const ProbeResult& p : r.probes)
        if (probe_not_run(p) && p.versions.size() == 1) add_unique(not_run, p.versions[0]);
      bool crafted = std::any_of(r.probes.begin(), r.probes.end(),
                                 [](const ProbeResult& p) { return p.crafted; });
      if (not_run.empty() && crafted) {
        d.explanation += " Probes with " + join_versions(f.versions_refused) +
                         " alone, crafted hellos offering every registered suite and group "
                         "included, were refused too: the server accepts none of them.";
        d.fix = "Check the server's TLS settings and logs (it may want a specific server name, "
                "--servername, or not serve TLS on this port).";
      } else if (not_run.empty()) {
        d.explanation += " Probes with " + join_versions(f.versions_refused) +
                         " alone were refused too: the server speaks none of them, probably only "
                         "TLSv1.1 or older, which tlskit does not implement (deprecated by RFC "
                         "8996).";
        d.fix = "Upgrade the server to TLSv1.2 or TLSv1.3.";
      } else {
        d.explanation += " A probe with " + join_versions(f.versions_refused) +
                         " alone was refused too; tlskit cannot offer " + join_versions(not_run) +
                         " yet, so the server probably speaks only that (or older versions).";
        d.fix = "Enable " + join_versions(f.versions_refused) + " on the server, or use a "
                "client that speaks " + join_versions(not_run) + ".";
      }
    }
  } else {
    d.fix = "Offer the versions the server speaks (--min-version / --max-version), or enable " +
            offered + " on the server. Run without --no-probe to find out which versions it "
            "speaks.";
  }
  return d;
}

Diagnosis no_common_cipher(const Report& r, const ProbeFacts& f) {
  Diagnosis d = base(r, Cause::no_common_cipher);
  std::string offered = join_suites(r.settings.cipher_suites);
  std::string t = target(r);
  if (r.error->code == ErrorCode::no_common_cipher && r.error->party != Party::peer) {
    d.explanation = "The server at " + t + " chose a cipher suite the client did not offer or "
                    "does not allow: " + r.error->detail + ".";
  } else {
    d.explanation = "The server at " + t + " accepts none of the cipher suites offered (" +
                    offered + ")";
    if (received_alert(r)) d.explanation += "; it answered the ClientHello with " +
                                            alert_phrase(*received_alert(r));
    d.explanation += ".";
  }
  std::vector<std::string> foreign;  // accepted suites tlskit does not offer, with the reason
  for (CipherSuite s : f.suites) {
    std::string why = suite_not_offered_reason(s, version_accepting(r, s));
    if (why.empty()) continue;
    std::string detail = suite_detail(r, s);
    foreign.push_back(cipher_suite_name(s) + (detail.empty() ? "" : " (" + detail + ")") + ", " + why);
  }
  if (!f.suites.empty() && foreign.size() == f.suites.size()) {
    // Only suites tlskit cannot offer: name them and say why.
    // The first two with their reasons; the evidence lists every probe.
    constexpr size_t kNamed = 2;
    d.explanation += " Crafted probes show the server only accepts ";
    for (size_t i = 0; i < foreign.size() && i < kNamed; ++i) d.explanation += (i ? "; and " : "") + foreign[i];
    if (foreign.size() > kNamed)
      d.explanation += "; and " + std::to_string(foreign.size() - kNamed) + " more suites tlskit does not offer (see the probes)";
    d.explanation += ".";
    d.fix = "Enable an ECDHE suite with AES-GCM or ChaCha20-Poly1305 on the server (e.g. "
            "ECDHE-RSA-AES128-GCM-SHA256 / ECDHE-ECDSA-AES128-GCM-SHA256 and the X25519 and P-256 "
            "groups) or TLSv1.3; tlskit does not offer " + cipher_suite_name(f.suites[0]) + ".";
  } else if (!f.suites.empty()) {
    d.explanation += " Probes show it accepts " + join_suites(f.suites) + ".";
    bool tls13 = find_if(f.suites.begin(), f.suites.end(), [](CipherSuite s) {
                   return (static_cast<uint16_t>(s) >> 8) == 0x13;
                 }) != f.suites.end();
    d.fix = "Offer one of those (" + std::string(tls13 ? "--ciphersuites " : "--cipher ") +
            cipher_suite_name(f.suites[0]) + "), or enable one of " + offered + " on the server.";
  } else {
    d.fix = "Offer the suites the server accepts (--ciphersuites for TLSv1.3, --cipher for "
            "TLSv1.2), or enable one of " + offered + " on the server.";
  }
  return d;
}

Diagnosis no_common_group(const Report& r, const ProbeFacts& f) {
  Diagnosis d = base(r, Cause::no_common_group);
  std::string offered = join_groups(r.settings.groups);
  std::string t = target(r);
  if (r.error->code == ErrorCode::no_common_group && r.error->party != Party::peer) {
    d.explanation = "The server at " + t + " asked for a key exchange group the client does not "
                    "allow: " + r.error->detail + ".";
  } else {
    d.explanation = "The server at " + t + " accepts none of the key exchange groups offered (" +
                    offered + ")";
    if (received_alert(r)) d.explanation += "; it answered the ClientHello with " +
                                            alert_phrase(*received_alert(r));
    d.explanation += ".";
  }
  std::vector<std::string> foreign;  // accepted groups tlskit does not implement, with the reason
  for (NamedGroup g : f.groups) {
    std::string why = group_not_offered_reason(g);
    if (!why.empty()) foreign.push_back(group_name(g) + ", " + why);
  }
  if (!f.groups.empty() && foreign.size() == f.groups.size()) {
    d.explanation += " Crafted probes show the server only accepts ";
    for (size_t i = 0; i < foreign.size(); ++i) d.explanation += (i ? "; and " : "") + foreign[i];
    d.explanation += ".";
    d.fix = "Enable X25519 or P-256 (ECDHE) on the server, e.g. groups X25519:P-256:" +
            group_name(f.groups[0]) + "; tlskit does not implement " + group_name(f.groups[0]) + ".";
  } else if (!f.groups.empty()) {
    d.explanation += " Probes show it accepts " + join_groups(f.groups) + ".";
    d.fix = "Offer one of those (--groups " + group_name(f.groups[0]) + "), or enable one of " +
            offered + " on the server.";
  } else {
    d.fix = "Offer the groups the server accepts (--groups), or enable one of " + offered +
            " on the server.";
  }
  return d;
}

// No system trust store on this machine (no ca-certificates, a scratch image): every chain
// fails, whatever the server sends; the fix is on the client's machine.
Diagnosis no_trust_store(const Report& r, const CertVerifyResult& v) {
  Diagnosis d = base(r, Cause::no_trust_store);
  d.party = "config";
  d.explanation = "The chain could not be verified because there is " + r.settings.trust_store +
                  " and SSL_CERT_FILE / SSL_CERT_DIR name none" +
                  (v.code_text.empty() ? std::string()
                                       : " (verify error " + std::to_string(v.code) + ": " +
                                             v.code_text + ")") +
                  ". The server's chain is shown above; nothing says it is wrong.";
  d.fix = "Install the CA bundle (Debian/Ubuntu: apt-get install ca-certificates; Alpine: apk add "
          "ca-certificates; Fedora/RHEL: dnf install ca-certificates), or in a scratch container "
          "image copy a bundle in (COPY --from=debian /etc/ssl/certs/ca-certificates.crt "
          "/etc/ssl/certs/) or point SSL_CERT_FILE at one; or pass the CA with --CAfile.";
  return d;
}

// The x509 module's cause ids and the diagnosis cause each one is. Both directions read it:
// verify_cause_id() (x509 id -> cause) and table_cause() (cause -> the advice table's row,
// the first id listed for it).
struct X509CauseAlias {
  std::string_view x509_id;
  Cause cause;
};
constexpr X509CauseAlias kX509Causes[] = {
    {"expired", Cause::certificate_expired},
    {"certificate_expired", Cause::certificate_expired},
    {"not_yet_valid", Cause::certificate_not_yet_valid},
    {"certificate_not_yet_valid", Cause::certificate_not_yet_valid},
    {"hostname_mismatch", Cause::hostname_mismatch},
    {"ip_mismatch", Cause::hostname_mismatch},
    {"missing_intermediate", Cause::missing_intermediate},
    {"untrusted_root", Cause::untrusted_root},
    {"unknown_ca", Cause::untrusted_root},
    {"self_signed", Cause::self_signed},
    {"wrong_purpose", Cause::wrong_purpose},
    {"wrong_key_usage", Cause::wrong_purpose},
    {"wrong_eku", Cause::wrong_purpose},
    {"bad_signature", Cause::bad_signature},
    {"revoked", Cause::revoked},
};

// The x509 cause id whose row of the advice table (x509/cause_advice.h) fits a certificate cause.
std::string table_cause(Cause cause, const CertVerifyResult& v) {
  if (cause == Cause::certificate_invalid)
    return v.cause.empty() ? x509::default_cause(v.code) : v.cause;
  for (const X509CauseAlias& a : kX509Causes)
    if (a.cause == cause) return std::string(a.x509_id);
  return cause_id(cause);
}

Diagnosis certificate_failure(const Report& r) {
  CertVerifyResult v;
  if (r.info.peer_verify) {
    v = *r.info.peer_verify;
  } else {
    v.code = r.error->verify_code;
    v.depth = r.error->verify_depth;
  }
  if (r.settings.no_trust_store) return no_trust_store(r, v);
  Cause cause = cause_from_id(verify_cause_id(v, r.chain)).value_or(Cause::certificate_invalid);
  // AIA chasing settles what the chain alone cannot: a forgotten intermediate or an untrusted root.
  if (r.aia && r.aia->completes_chain &&
      (cause == Cause::missing_intermediate || cause == Cause::untrusted_root))
    cause = *r.aia->completes_chain ? Cause::missing_intermediate : Cause::untrusted_root;
  Diagnosis d = base(r, cause);
  if (r.aia && !r.aia->url.empty()) d.evidence.push_back("AIA caIssuers " + r.aia->url + ": " + r.aia->detail);
  d.party = "peer";
  int depth = v.depth < 0 ? 0 : v.depth;
  const CertSummary* c =
      static_cast<size_t>(depth) < r.chain.size() ? &r.chain[static_cast<size_t>(depth)] : nullptr;
  std::string name = cert_name(r, depth);
  std::string role = depth_role(r, depth);
  int64_t now = r.started_unix;
  std::string code = v.code_text.empty() ? "" : " (verify error " + std::to_string(v.code) + ": " +
                                                    v.code_text + ")";
  std::string asked = r.settings.server_name.empty() ? r.settings.host : r.settings.server_name;
  std::string issuer;
  if (cause == Cause::missing_intermediate) {
    issuer = c && !c->issuer.empty() ? quote(c->issuer) : "";
  } else if (cause == Cause::untrusted_root && c && !c->issuer.empty() && !c->self_signed) {
    issuer = quote(c->issuer);
  }
  x509::AdviceFacts facts;
  facts.sender = "server";
  facts.issuer = issuer;
  facts.asked = quote(asked);
  facts.code = v.code;
  facts.depth = depth;
  // The fix (and, for the causes without facts of their own, the problem) come from the table
  // x509::explain() reads too.
  x509::CauseAdvice advice = x509::cause_advice(table_cause(cause, v), facts);
  d.fix = advice.fix;
  if (cause == Cause::certificate_expired) {
    d.explanation = "The certificate " + name + " (" + role + ", depth " + std::to_string(depth) + ")";
    if (c && c->not_after_unix != 0) {
      d.explanation += " expired on " + c->not_after + ", " + days_text(now - c->not_after_unix) +
                       " ago";
    } else {
      d.explanation += " has expired";
    }
    d.explanation += code + ".";
    if (c && c->not_after_unix != 0) d.evidence.push_back("now: " + format_unix(now));
  } else if (cause == Cause::certificate_not_yet_valid) {
    d.explanation = "The certificate " + name + " (" + role + ", depth " + std::to_string(depth) + ")";
    if (c && c->not_before_unix != 0) {
      d.explanation += " is not valid before " + c->not_before + ", " +
                       days_text(c->not_before_unix - now) + " from now (this machine's clock: " +
                       format_unix(now) + ")";
    } else {
      d.explanation += " is not valid yet";
    }
    d.explanation += code + ".";
  } else if (cause == Cause::hostname_mismatch) {
    d.explanation = "The certificate " + cert_name(r, 0) + " is not valid for " + quote(asked);
    std::vector<std::string> names;
    if (!r.chain.empty()) {
      const CertSummary& leaf = r.chain[0];
      for (const auto& n : leaf.dns_names) names.push_back("DNS:" + n);
      for (const auto& n : leaf.ip_addresses) names.push_back("IP:" + n);
    }
    if (!names.empty()) {
      std::string list;
      for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
      d.explanation += "; it covers " + list;
      d.fix += " To connect by a name it covers: --servername " +
               names[0].substr(names[0].find(':') + 1) + ".";
    } else {
      d.explanation += "; it has no subjectAltName names (the common name is not used for "
                       "host names, RFC 6125)";
    }
    d.explanation += code + ".";
  } else if (cause == Cause::missing_intermediate) {
    d.explanation = "The server sent " + std::to_string(r.chain.size()) +
                    (r.chain.size() == 1 ? " certificate" : " certificates") +
                    " and the chain stops at " + name + ": its issuer " +
                    (issuer.empty() ? std::string("") : issuer + " ") +
                    "is neither in the chain the server sent nor in the trust store (" +
                    r.settings.trust_store + "). The server is not sending its intermediate "
                    "certificate" + code + ".";
  } else if (cause == Cause::untrusted_root) {
    std::string root = issuer.empty() ? name : issuer;
    d.explanation = "The chain the server sent leads to " + root + ", which is not in the trust "
                    "store (" + r.settings.trust_store + ")" + code + ".";
    if (!issuer.empty())
      d.explanation += " " + root + " is most likely a root CA this client does not trust.";
  } else if (cause == Cause::self_signed) {
    d.explanation = "The certificate " + name + " is self-signed and is not in the trust store (" +
                    r.settings.trust_store + ")" + code + ".";
  } else {
    d.explanation = "The certificate " + name + " " + advice.problem + code + ".";
    if (cause == Cause::certificate_invalid && !v.explanation.empty())
      d.explanation += " " + v.explanation;
  }
  return d;
}

Diagnosis client_cert_required(const Report& r) {
  Diagnosis d = base(r, Cause::client_certificate_required);
  d.party = "us";
  d.explanation = "The server at " + target(r) + " requires a client certificate";
  if (r.info.client_cert_requested) d.explanation += " (it sent a CertificateRequest)";
  d.explanation += " and the client sent none";
  if (auto a = received_alert(r)) {
    d.explanation += "; it aborted with " + alert_phrase(*a);
    if (r.info.version == ProtocolVersion::tls1_3)
      d.explanation += " after the client's Finished (TLS 1.3 servers judge the client's "
                       "certificate only then)";
  }
  d.explanation += ".";
  d.fix = "Pass a client certificate and key the server accepts: --cert client.pem --key "
          "client.key (issued by a CA the server trusts for clients).";
  return d;
}

// The server asked for a client certificate, none was sent, the handshake completed, and the
// server then refused our HTTP request: nginx (ssl_verify_client on) answers 400 "No required
// SSL certificate was sent"; others answer 403, or nginx's 495/496.
bool refused_at_http_for_client_cert(const Report& r) {
  if (!r.http || !r.info.client_cert_requested || r.info.client_cert_sent) return false;
  const int s = r.http->status;
  return s == 400 || s == 403 || s == 495 || s == 496;
}

Diagnosis client_cert_required_at_http(const Report& r) {
  Diagnosis d = base(r, Cause::client_certificate_required);
  d.party = "us";
  d.step = "application_data";
  const bool nginx = r.http->head_and_body.find("No required SSL certificate was sent") !=
                     std::string::npos;
  d.explanation = "The TLS handshake with " + target(r) + " completed, but the server asked "
                  "for a client certificate (CertificateRequest) and the client sent none; the "
                  "server then answered GET " + r.http->path + " with \"" + r.http->status_line +
                  "\"" +
                  (nginx ? ", nginx's answer when ssl_verify_client is on and no certificate "
                           "came (\"No required SSL certificate was sent\")"
                         : "") +
                  ". The missing client certificate is the likely cause.";
  d.fix = "Pass a client certificate and key the server accepts: --cert client.pem --key "
          "client.key (issued by a CA the server trusts for clients).";
  return d;
}

Diagnosis client_cert_rejected(const Report& r, Alert a) {
  Diagnosis d = base(r, Cause::client_certificate_rejected);
  d.party = "us";
  d.explanation = "The server at " + target(r) + " rejected the client certificate with " +
                  alert_phrase(a) + ": " + alert_meaning(a) + ".";
  d.fix = "Use a client certificate issued by a CA the server trusts for clients (and valid "
          "now, with extendedKeyUsage clientAuth), or add its CA to the server's client CA list.";
  return d;
}

Diagnosis peer_alert(const Report& r, Alert a) {
  Diagnosis d = base(r, Cause::peer_alert);
  d.party = "peer";
  std::string at = d.step.empty() ? "" : " at step " + d.step;
  d.explanation = "The server at " + target(r) + " sent a fatal " + alert_phrase(a) + " alert" +
                  at + ": " + alert_meaning(a) + ".";
  switch (a) {
    case Alert::handshake_failure:
    case Alert::insufficient_security:
      d.fix = "Offer more cipher suites, groups and signature algorithms (run without --no-probe "
              "to find which the server accepts), or check the server's TLS settings.";
      break;
    case Alert::decode_error:
    case Alert::illegal_parameter:
    case Alert::unexpected_message:
      d.fix = "The server could not process what the client sent; check the server's logs, and "
              "report it if the server is right.";
      break;
    case Alert::unknown_ca:
    case Alert::bad_certificate:
    case Alert::certificate_unknown:
      d.fix = "The server did not accept a certificate the client sent; check --cert and the "
              "server's client CA list.";
      break;
    default:
      d.fix = "Check the server's logs for why it sent " + std::string(alert_name(a)) + ".";
      break;
  }
  return d;
}

Diagnosis protocol_error(const Report& r) {
  const Error& e = *r.error;
  Diagnosis d = base(r, e.code == ErrorCode::downgrade_detected ? Cause::downgrade_detected
                                                                : Cause::protocol_error);
  if (e.code == ErrorCode::downgrade_detected) {
    d.explanation = "The server's random carries the RFC 8446 §4.1.3 downgrade sentinel while "
                    "the client offered TLSv1.3: an attacker or a middlebox may have removed "
                    "TLSv1.3 from the handshake (" + e.detail + ").";
    d.fix = "Check for a TLS-intercepting middlebox between here and the server.";
    return d;
  }
  std::string who = e.party == Party::peer ? "The server at " + target(r) + " broke the protocol"
                                           : "The connection failed";
  d.explanation = who + " at step " + d.step + ": " + error_code_name(e.code) + ": " + e.detail + ".";
  d.fix = e.party == Party::peer
              ? "This is a bug or an incompatibility on the server's side; check its software "
                "version and logs."
              : "Check the client's settings; if they are right, this may be a tlskit bug.";
  return d;
}

Diagnosis other_negotiation(const Report& r, Cause cause, const std::string& what,
                            const std::string& fix) {
  Diagnosis d = base(r, cause);
  d.explanation = what + " (" + r.error->detail + ").";
  d.fix = fix;
  return d;
}

// Decides between the negotiation causes using the probes.
std::optional<Diagnosis> negotiation_from_probes(const Report& r, const ProbeFacts& f) {
  if (!f.ran) return std::nullopt;
  if (!f.any_accepted) {
    // Nothing was accepted: a version problem only if the server said so to every probe.
    bool all_version = true;
    for (const ProbeResult& p : r.probes) {
      if (probe_not_run(p)) continue;
      bool version_refusal = p.error && (p.error->code == ErrorCode::protocol_version ||
                                         (p.error->code == ErrorCode::peer_alert &&
                                          p.error->alert == Alert::protocol_version));
      all_version = all_version && version_refusal;
    }
    if (all_version) return version_mismatch(r, f);
    return std::nullopt;
  }
  bool version_ok = false;
  for (ProtocolVersion v : f.versions)
    if (contains(r.settings.versions, v)) version_ok = true;
  if (!version_ok) return version_mismatch(r, f);
  if (!f.suites.empty() && !offered_any(r.settings.cipher_suites, f.suites))
    return no_common_cipher(r, f);
  if (!f.groups.empty() && !offered_any_group(r.settings.groups, f.groups))
    return no_common_group(r, f);
  return std::nullopt;
}

// The server answered the same offer without the post-quantum share after dropping the one
// with it: a middlebox or server that cannot take a ClientHello over one TCP segment.
std::optional<Diagnosis> large_hello_dropped(const Report& r) {
  const ProbeResult* without = nullptr;
  for (const ProbeResult& p : r.probes)
    if (p.id == kProbeWithoutPostQuantum && p.accepted) without = &p;
  if (without == nullptr) return std::nullopt;
  const Error& e = *r.error;
  Diagnosis d = base(r, Cause::large_client_hello_dropped);
  d.party = "network";
  std::string how = e.code == ErrorCode::timeout       ? "never answered"
                    : e.code == ErrorCode::peer_closed ? "closed the connection without an alert in answer to"
                                                       : "reset the connection in answer to";
  size_t size = first_client_hello_size(r);
  d.explanation = "The server at " + target(r) + " (or a middlebox in front of it) " + how +
                  " our ClientHello" + (size ? " of " + std::to_string(size) + " bytes" : std::string()) +
                  ", which carries an X25519MLKEM768 post-quantum key share of 1216 bytes (so the "
                  "hello no longer fits in one 1460-byte TCP segment of a typical network); the "
                  "same offer without that share got a ServerHello" +
                  (without->version ? " (" + version_name(*without->version) +
                                          (without->group ? " with " + group_name(*without->group) : "") + ")"
                                    : std::string()) +
                  ". Something on the path drops or resets large ClientHellos: a firewall, IDS, "
                  "load balancer or TLS terminator that expects the whole hello in one packet.";
  d.fix = "Update or reconfigure the device that drops large ClientHellos (current browsers send "
          "X25519MLKEM768 by default, so they fail the same way); until then, connect without the "
          "post-quantum share: --groups X25519:P-256:P-384.";
  return d;
}

}  // namespace

const std::vector<std::string>& all_cause_ids() {
  static const std::vector<std::string> ids = [] {
    std::vector<std::string> v;
    for (size_t i = 0; i < kCauseCount; ++i) v.emplace_back(cause_id(static_cast<Cause>(i)));
    return v;
  }();
  return ids;
}

std::string join_suites(const std::vector<CipherSuite>& v) {
  std::string s;
  for (CipherSuite x : v) s += (s.empty() ? "" : ", ") + cipher_suite_name(x);
  return s.empty() ? "none" : s;
}

std::string join_groups(const std::vector<NamedGroup>& v) {
  std::string s;
  for (NamedGroup x : v) s += (s.empty() ? "" : ", ") + group_name(x);
  return s.empty() ? "none" : s;
}

std::string join_versions(const std::vector<ProtocolVersion>& v) {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) s += i + 1 == v.size() ? " and " : ", ";
    s += version_name(v[i]);
  }
  return s.empty() ? "none" : s;
}

std::string verify_cause_id(const CertVerifyResult& v, const std::vector<CertSummary>& chain) {
  // "Issuer not found" (2, 20, 21): decide by where the chain stops, as the x509 module does
  // (a result may come from another CertVerifier). When the certificate whose issuer is missing
  // is the leaf, the server left out its intermediate; when it is a CA certificate the server
  // sent (depth >= 1), its issuer is most likely a root this client does not trust.
  if (v.code == x509::kUnableToGetIssuerCert || v.code == x509::kUnableToGetIssuerCertLocally ||
      v.code == x509::kUnableToVerifyLeafSignature) {
    if (v.depth >= 1) return "untrusted_root";
    if (v.depth == 0) return "missing_intermediate";
    return chain.size() <= 1 ? "missing_intermediate" : "untrusted_root";
  }
  // The x509 module's own cause ids first, where they say more than the OpenSSL code.
  for (const X509CauseAlias& a : kX509Causes)
    if (v.cause == a.x509_id) return cause_id(a.cause);
  switch (v.code) {
    case x509::kCertHasExpired: return "certificate_expired";
    case x509::kCertNotYetValid: return "certificate_not_yet_valid";
    case x509::kHostnameMismatch:
    case x509::kIpAddressMismatch: return "hostname_mismatch";
    case x509::kDepthZeroSelfSigned: return "self_signed";
    case x509::kSelfSignedInChain: return "untrusted_root";
    case x509::kInvalidPurpose:
    case x509::kCertUntrusted: return "wrong_purpose";
    case x509::kCertSignatureFailure: return "bad_signature";
    case x509::kCertRevoked: return "revoked";
    default: return "certificate_invalid";
  }
}

bool offered_post_quantum_share(const Report& r) {
  for (NamedGroup g : r.settings.key_share_groups)
    if (crypto::is_hybrid_group(g)) return true;
  return false;
}

size_t first_client_hello_size(const Report& r) {
  for (const RecordedEvent& ev : r.events)
    if (ev.event.kind == EventKind::handshake_message && ev.event.direction == Direction::sent &&
        ev.event.handshake_type == HandshakeType::client_hello)
      return ev.event.message.size();
  return 0;
}

ProbeNeed probes_needed(const Report& r) {
  if (!r.error) return ProbeNeed::none;
  const Error& e = *r.error;
  // No answer at all to a ClientHello with a post-quantum share (1,216 bytes more, so the
  // hello spans two TCP segments): first ask whether its size is the problem.
  const bool dropped = e.code == ErrorCode::connection_reset || e.code == ErrorCode::peer_closed ||
                       e.code == ErrorCode::timeout || e.code == ErrorCode::io_error;
  if (dropped && r.tcp_connected && r.first_bytes_received.empty() && offered_post_quantum_share(r))
    return ProbeNeed::post_quantum;
  switch (e.code) {
    case ErrorCode::protocol_version:
      return ProbeNeed::versions;
    case ErrorCode::no_common_cipher:
    case ErrorCode::no_common_group:
    case ErrorCode::insufficient_security:
      return ProbeNeed::negotiation;
    case ErrorCode::peer_alert:
      if (e.alert == Alert::protocol_version) return ProbeNeed::versions;
      if ((e.alert == Alert::handshake_failure || e.alert == Alert::insufficient_security ||
           e.alert == Alert::illegal_parameter) && before_server_hello(r))
        return ProbeNeed::negotiation;
      return ProbeNeed::none;
    case ErrorCode::connection_reset:
    case ErrorCode::peer_closed:
      // Dropped without an alert in answer to the ClientHello: old servers do this on a version
      // or suite they do not accept.
      if (r.tcp_connected && r.first_bytes_received.empty()) return ProbeNeed::negotiation;
      return ProbeNeed::none;
    default:
      return ProbeNeed::none;
  }
}

namespace {

// What every rule reads: the report, its error (null when the handshake succeeded) and what the
// follow-up probes found.
struct Facts {
  const Report& r;
  const Error* e;
  ProbeFacts probes;
};

// One rule: when it applies, and the diagnosis it builds.
struct Rule {
  const char* name;
  bool (*applies)(const Facts&);
  Diagnosis (*build)(const Facts&);
};

bool code_in(const Facts& f, std::initializer_list<ErrorCode> codes) {
  return f.e && std::find(codes.begin(), codes.end(), f.e->code) != codes.end();
}

// The connection broke below TLS (refused, reset, timed out, closed without an alert).
bool transport_failure(const Facts& f) {
  return code_in(f, {ErrorCode::connection_refused, ErrorCode::timeout, ErrorCode::connection_reset,
                     ErrorCode::io_error, ErrorCode::peer_closed});
}

// The server sent this alert.
bool peer_sent(const Facts& f, Alert a) {
  return code_in(f, {ErrorCode::peer_alert}) && f.e->alert == a;
}

// The server closed in answer to our ClientHello without a word, and the probes name the
// negotiation cause.
std::optional<Diagnosis> silent_refusal(const Facts& f) {
  if (!(f.r.tcp_connected && f.r.first_bytes_received.empty() &&
        f.e->code != ErrorCode::timeout && f.probes.any_accepted))
    return std::nullopt;
  auto d = negotiation_from_probes(f.r, f.probes);
  if (d)
    d->explanation = "The server closed the connection in answer to the ClientHello without an "
                     "alert. " + d->explanation;
  return d;
}

// An alert after our client certificate flight: the server did not like our certificate (or
// that we sent none).
bool client_certificate_alert(const Facts& f) {
  if (!code_in(f, {ErrorCode::peer_alert})) return false;
  const Alert a = f.e->alert;
  return f.r.info.client_cert_requested && after_client_flight(f.r) &&
         (a == Alert::handshake_failure || a == Alert::bad_certificate ||
          a == Alert::certificate_unknown || a == Alert::unknown_ca ||
          a == Alert::access_denied || a == Alert::certificate_expired ||
          a == Alert::certificate_revoked || a == Alert::unsupported_certificate ||
          a == Alert::decrypt_error);
}

std::string offered_alpn(const Report& r) {
  std::string s;
  for (const auto& a : r.settings.alpn) s += (s.empty() ? "" : ", ") + a;
  return s.empty() ? std::string("none") : s;
}

Diagnosis unrecognized_name(const Facts& f) {
  return other_negotiation(f.r, Cause::unrecognized_name,
                           "The server has no certificate for the server name " +
                               quote(f.r.settings.server_name),
                           "Use the name the server is configured for (--servername).");
}

// The rules, in the order they are tried: the first that applies decides.
const Rule kRules[] = {
    {"handshake done, but the server refused at the HTTP layer for want of a client certificate",
     [](const Facts& f) { return !f.e && refused_at_http_for_client_cert(f.r); },
     [](const Facts& f) { return client_cert_required_at_http(f.r); }},
    {"handshake done", [](const Facts& f) { return !f.e; },
     [](const Facts& f) { return healthy(f.r); }},
    {"no answer to a post-quantum ClientHello, an answer without its key share",
     [](const Facts& f) { return transport_failure(f) && large_hello_dropped(f.r).has_value(); },
     [](const Facts& f) { return *large_hello_dropped(f.r); }},
    {"closed without an alert; the probes name the negotiation cause",
     [](const Facts& f) { return transport_failure(f) && silent_refusal(f).has_value(); },
     [](const Facts& f) { return *silent_refusal(f); }},
    {"transport failure", transport_failure,
     [](const Facts& f) { return network_failure(f.r); }},
    {"not TLS", [](const Facts& f) { return code_in(f, {ErrorCode::not_tls}); },
     [](const Facts& f) { return not_tls(f.r); }},
    {"no common version",
     [](const Facts& f) {
       return code_in(f, {ErrorCode::protocol_version}) || peer_sent(f, Alert::protocol_version);
     },
     [](const Facts& f) { return version_mismatch(f.r, f.probes); }},
    {"no common cipher suite", [](const Facts& f) { return code_in(f, {ErrorCode::no_common_cipher}); },
     [](const Facts& f) { return no_common_cipher(f.r, f.probes); }},
    {"no common group", [](const Facts& f) { return code_in(f, {ErrorCode::no_common_group}); },
     [](const Facts& f) { return no_common_group(f.r, f.probes); }},
    {"no common signature algorithm",
     [](const Facts& f) { return code_in(f, {ErrorCode::no_common_signature}); },
     [](const Facts& f) {
       return other_negotiation(f.r, Cause::no_common_signature,
                                "The server's certificate key or signature algorithm is not one "
                                "the client accepts",
                                "Offer more signature algorithms, or install a certificate with an "
                                "ECDSA P-256 or RSA (2048+) key on the server.");
     }},
    {"no common ALPN protocol (we saw it)",
     [](const Facts& f) { return code_in(f, {ErrorCode::no_application_protocol}); },
     [](const Facts& f) {
       return other_negotiation(f.r, Cause::no_common_alpn,
                                "The server accepts none of the ALPN protocols offered (" +
                                    offered_alpn(f.r) + ")",
                                "Offer a protocol the server speaks (--alpn h2,http/1.1), or drop "
                                "--alpn.");
     }},
    {"unknown server name (we saw it)",
     [](const Facts& f) { return code_in(f, {ErrorCode::unrecognized_name}); }, unrecognized_name},
    {"the certificate chain or host name failed verification",
     [](const Facts& f) { return code_in(f, {ErrorCode::certificate_invalid}); },
     [](const Facts& f) { return certificate_failure(f.r); }},
    {"the server's signature does not verify",
     [](const Facts& f) { return code_in(f, {ErrorCode::bad_signature}); },
     [](const Facts& f) {
       Diagnosis d = base(f.r, Cause::bad_signature);
       d.party = "peer";
       d.explanation = "The server's handshake signature (" + std::string(step_name(f.e->step)) +
                       ") does not verify with the public key in its certificate " +
                       cert_name(f.r, 0) + ": the server's private key does not match the "
                       "certificate it sends, or the message was altered (" + f.e->detail + ").";
       d.fix = "Configure the server with the private key that belongs to its certificate.";
       return d;
     }},
    {"the server requires a client certificate",
     [](const Facts& f) { return peer_sent(f, Alert::certificate_required); },
     [](const Facts& f) { return client_cert_required(f.r); }},
    {"the server accepts none of our ALPN protocols",
     [](const Facts& f) { return peer_sent(f, Alert::no_application_protocol); },
     [](const Facts& f) {
       return other_negotiation(f.r, Cause::no_common_alpn,
                                "The server accepts none of the ALPN protocols offered",
                                "Offer a protocol the server speaks (--alpn), or drop --alpn.");
     }},
    {"the server does not know the server name",
     [](const Facts& f) { return peer_sent(f, Alert::unrecognized_name); }, unrecognized_name},
    {"the server refused our client certificate (or its absence)", client_certificate_alert,
     [](const Facts& f) {
       return f.r.info.client_cert_sent ? client_cert_rejected(f.r, f.e->alert)
                                        : client_cert_required(f.r);
     }},
    {"an alert before the ServerHello; the probes name the negotiation cause",
     [](const Facts& f) {
       return code_in(f, {ErrorCode::peer_alert}) && before_server_hello(f.r) &&
              negotiation_from_probes(f.r, f.probes).has_value();
     },
     [](const Facts& f) { return *negotiation_from_probes(f.r, f.probes); }},
    {"any other alert from the server", [](const Facts& f) { return code_in(f, {ErrorCode::peer_alert}); },
     [](const Facts& f) { return peer_alert(f.r, f.e->alert); }},
    {"our configuration",
     [](const Facts& f) {
       return code_in(f, {ErrorCode::config_invalid, ErrorCode::file_error, ErrorCode::key_mismatch});
     },
     [](const Facts& f) {
       Diagnosis d = base(f.r, Cause::config_error);
       d.party = "config";
       d.explanation = "The client's configuration cannot be used: " + f.e->detail + ".";
       d.fix = "Fix the flags or files named above.";
       return d;
     }},
    {"an internal failure or limit of ours",
     [](const Facts& f) {
       return code_in(f, {ErrorCode::internal_error, ErrorCode::crypto_failure,
                          ErrorCode::limit_exceeded}) &&
              f.e->party != Party::peer;
     },
     [](const Facts& f) {
       Diagnosis d = base(f.r, Cause::internal_error);
       d.explanation = "tlskit failed internally at step " + d.step + ": " + f.e->detail + ".";
       d.fix = "This is a tlskit bug or limit; please report it with the --json output.";
       return d;
     }},
    {"any other protocol failure", [](const Facts&) { return true; },
     [](const Facts& f) { return protocol_error(f.r); }},
};

}  // namespace

const char* cause_id(Cause c) {
  switch (c) {
    case Cause::none: return "none";
    case Cause::protocol_version_mismatch: return "protocol_version_mismatch";
    case Cause::no_common_cipher: return "no_common_cipher";
    case Cause::no_common_group: return "no_common_group";
    case Cause::no_common_signature: return "no_common_signature";
    case Cause::no_common_alpn: return "no_common_alpn";
    case Cause::unrecognized_name: return "unrecognized_name";
    case Cause::certificate_expired: return "certificate_expired";
    case Cause::certificate_not_yet_valid: return "certificate_not_yet_valid";
    case Cause::hostname_mismatch: return "hostname_mismatch";
    case Cause::missing_intermediate: return "missing_intermediate";
    case Cause::untrusted_root: return "untrusted_root";
    case Cause::self_signed: return "self_signed";
    case Cause::wrong_purpose: return "wrong_purpose";
    case Cause::bad_signature: return "bad_signature";
    case Cause::revoked: return "revoked";
    case Cause::certificate_invalid: return "certificate_invalid";
    case Cause::no_trust_store: return "no_trust_store";
    case Cause::client_certificate_required: return "client_certificate_required";
    case Cause::client_certificate_rejected: return "client_certificate_rejected";
    case Cause::peer_alert: return "peer_alert";
    case Cause::not_tls: return "not_tls";
    case Cause::protocol_error: return "protocol_error";
    case Cause::downgrade_detected: return "downgrade_detected";
    case Cause::connection_refused: return "connection_refused";
    case Cause::timeout: return "timeout";
    case Cause::connection_reset: return "connection_reset";
    case Cause::config_error: return "config_error";
    case Cause::internal_error: return "internal_error";
    case Cause::large_client_hello_dropped: return "large_client_hello_dropped";
  }
  return "internal_error";
}

std::optional<Cause> cause_from_id(std::string_view id) {
  for (size_t i = 0; i < kCauseCount; ++i)
    if (id == cause_id(static_cast<Cause>(i))) return static_cast<Cause>(i);
  return std::nullopt;
}

std::vector<std::string> diagnosis_rule_names() {
  std::vector<std::string> names;
  for (const Rule& rule : kRules) names.emplace_back(rule.name);
  return names;
}

Diagnosis diagnose(const Report& r) {
  const Facts f{r, r.error ? &*r.error : nullptr, r.error ? probe_facts(r) : ProbeFacts{}};
  Diagnosis d;
  for (const Rule& rule : kRules)
    if (rule.applies(f)) {
      d = rule.build(f);
      break;
    }
  if (f.e)
    for (auto& line : probe_evidence(r)) d.evidence.push_back(line);
  return d;
}

}  // namespace tlskit::tools
