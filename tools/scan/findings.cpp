// Findings from facts.
#include "scan/findings.h"

#include <algorithm>

#include "scan/grade.h"

namespace tlskit::tools::scan {
namespace {

const std::vector<std::string> kIds = {
    "sslv2_drown", "sslv3_poodle", "export_freak", "anonymous_suites", "null_cipher", "weak_dh_logjam",
    "dh_1024", "rc4", "sweet32", "beast", "crime", "heartbeat_enabled", "heartbleed",
    "ccs_injection", "ticketbleed",
    "no_secure_renegotiation", "no_fallback_scsv", "tls1_0", "tls1_1", "no_tls1_2", "no_tls1_3",
    "no_forward_secrecy", "partial_forward_secrecy", "no_aead", "cbc_suites", "no_extended_master_secret",
    "early_data", "no_ocsp_stapling", "no_x25519mlkem768", "no_server_order", "certificate_not_trusted",
    "certificate_expired", "certificate_expires_soon", "certificate_not_yet_valid", "certificate_self_signed",
    "hostname_mismatch", "chain_incomplete", "chain_order", "weak_certificate_key", "weak_signature",
    "no_sni_certificate_differs", "no_hsts", "hsts_short", "missing_security_headers", "enumeration_incomplete"};

size_t order_of(const std::string& id) {
  auto it = std::find(kIds.begin(), kIds.end(), id);
  return static_cast<size_t>(it - kIds.begin());
}

std::string names(const std::vector<const SuiteFact*>& v, size_t max = 4) {
  std::string s;
  for (size_t i = 0; i < v.size() && i < max; ++i) s += (i ? ", " : "") + v[i]->name;
  if (v.size() > max) s += " and " + std::to_string(v.size() - max) + " more";
  return s;
}

}  // namespace

const std::vector<std::string>& all_finding_ids() { return kIds; }

std::optional<Severity> worst_severity(const std::vector<Finding>& f) {
  std::optional<Severity> w;
  for (const auto& x : f)
    if (x.severity != Severity::info && (!w || x.severity > *w)) w = x.severity;
  return w;
}

std::vector<Finding> derive_findings(const TargetReport& t) {
  std::vector<Finding> out;
  auto add = [&](std::string id, Severity sev, std::string title, std::string detail, std::string fix,
                 const char* method = "inferred") {
    out.push_back({std::move(id), sev, std::move(title), std::move(detail), std::move(fix), method});
  };
  auto sup = [&](Protocol p) { return t.supports(p); };
  // Suites matching a predicate, across protocols (SSLv2 apart).
  auto suites = [&](auto pred, bool tls_only = true) {
    std::vector<const SuiteFact*> v;
    for (const auto& p : t.protocols) {
      if (!p.supported || (tls_only && p.protocol == Protocol::sslv2)) continue;
      for (const auto& s : p.suites)
        if (pred(p.protocol, s) && std::none_of(v.begin(), v.end(), [&](const SuiteFact* x) { return x->id == s.id; }))
          v.push_back(&s);
    }
    return v;
  };
  if (sup(Protocol::sslv2))
    add("sslv2_drown", Severity::critical, "SSLv2 is supported (DROWN)",
        "The server answered an SSLv2 CLIENT-HELLO. SSLv2 is broken; with the same RSA key anywhere, DROWN "
        "(CVE-2016-0800) decrypts TLS sessions too.",
        "Disable SSLv2 (OpenSSL: it is gone since 1.1.0; upgrade).", "probed");
  if (sup(Protocol::ssl3)) {
    bool cbc = !suites([](Protocol p, const SuiteFact& s) { return p == Protocol::ssl3 && s.cbc; }).empty();
    add("sslv3_poodle", Severity::high, "SSLv3 is supported" + std::string(cbc ? " with CBC suites (POODLE)" : ""),
        "The server accepted an SSL 3.0 hello." + std::string(cbc ? " CBC in SSL 3.0 is open to POODLE (CVE-2014-3566)." : ""),
        "Disable SSLv3 (OpenSSL: -no_ssl3 / MinProtocol TLSv1.2).", "probed");
  }
  if (auto v = suites([](Protocol, const SuiteFact& s) { return s.export_grade; }, false); !v.empty())
    add("export_freak", Severity::critical, "export cipher suites (FREAK / LOGJAM)",
        "Accepted: " + names(v) + ". Export suites use 40/56-bit ciphers and 512-bit keys (CVE-2015-0204, CVE-2015-4000).",
        "Remove every EXPORT suite (OpenSSL: !EXP).", "probed");
  if (auto v = suites([](Protocol, const SuiteFact& s) { return s.anonymous; }); !v.empty())
    add("anonymous_suites", Severity::high, "anonymous cipher suites (no server authentication)",
        "Accepted: " + names(v) + ". Anyone in the path can impersonate the server.",
        "Remove the anonymous suites (OpenSSL: !aNULL).", "probed");
  if (auto v = suites([](Protocol, const SuiteFact& s) { return s.null_cipher; }); !v.empty())
    add("null_cipher", Severity::critical, "NULL cipher suites (no encryption)", "Accepted: " + names(v) + ".",
        "Remove the NULL suites (OpenSSL: !eNULL).", "probed");
  int dh = t.dhe_bits;
  for (const auto& p : t.protocols)
    for (const auto& s : p.suites)
      if (p.supported && s.finite_field_dh && s.kx_bits > 0) dh = dh ? std::min(dh, s.kx_bits) : s.kx_bits;
  if (dh > 0 && dh < 1024)
    add("weak_dh_logjam", Severity::high, "weak DH parameters (LOGJAM)",
        "DHE uses a " + std::to_string(dh) + "-bit prime " + (t.dhe_params.empty() ? "" : "(" + t.dhe_params + ")") +
            "; primes under 1024 bits are breakable (CVE-2015-4000).",
        "Use ffdhe2048 or larger (RFC 7919), or drop DHE for ECDHE.", "probed");
  else if (dh >= 1024 && dh < 2048)
    add("dh_1024", Severity::medium, "DH parameters under 2048 bits",
        "DHE uses a " + std::to_string(dh) + "-bit prime; SSL Labs caps this at B.", "Use ffdhe2048 or larger (RFC 7919).",
        "probed");
  if (auto v = suites([](Protocol, const SuiteFact& s) { return s.rc4; }); !v.empty())
    add("rc4", Severity::high, "RC4 cipher suites", "Accepted: " + names(v) + ". RC4 is prohibited by RFC 7465.",
        "Remove the RC4 suites (OpenSSL: !RC4).", "probed");
  if (auto v = suites([](Protocol, const SuiteFact& s) { return s.block64; }); !v.empty())
    add("sweet32", Severity::medium, "64-bit block ciphers (SWEET32)",
        "Accepted: " + names(v) + ". 64-bit blocks allow birthday attacks on long connections (CVE-2016-2183).",
        "Remove the 3DES/DES/IDEA suites (OpenSSL: !3DES).", "probed");
  if (auto v = suites([](Protocol p, const SuiteFact& s) { return (p == Protocol::tls1_0 || p == Protocol::ssl3) && s.cbc; }); !v.empty())
    add("beast", Severity::low, "CBC suites in TLS 1.0 / SSLv3 (BEAST)",
        "Accepted: " + names(v) + ". BEAST (CVE-2011-3389) is mitigated in all current clients by 1/n-1 splitting.",
        "Disable TLS 1.0 (and SSLv3).", "inferred");
  if (t.features.compression == true)
    add("crime", Severity::high, "TLS compression (CRIME)", "The server chose DEFLATE compression (CVE-2012-4929).",
        "Disable TLS compression.", "probed");
  if (t.features.heartbeat == true)
    add("heartbeat_enabled", Severity::low, "the heartbeat extension is enabled",
        "The server echoed the heartbeat extension (RFC 6520), a precondition of Heartbleed (CVE-2014-0160). "
        "Heartbleed probe: " + (t.features.heartbleed_detail.empty() ? std::string("not run") : t.features.heartbleed_detail) + ".",
        "Disable heartbeats unless used (OpenSSL: built with -DOPENSSL_NO_HEARTBEATS since 1.1.0).", "probed");
  if (t.features.heartbleed == true)
    add("heartbleed", Severity::critical, "Heartbleed (CVE-2014-0160)", t.features.heartbleed_detail + ".",
        "Upgrade OpenSSL (1.0.1g or later), then replace the private key and certificate and revoke the old one.",
        "probed");
  if (t.features.ccs_injection == true)
    add("ccs_injection", Severity::high, "CCS injection (CVE-2014-0224)",
        t.features.ccs_injection_detail + ". A man in the middle can make both sides use weak keys.",
        "Upgrade OpenSSL (0.9.8za, 1.0.0m, 1.0.1h or later).", "probed");
  if (t.features.ticketbleed == true)
    add("ticketbleed", Severity::high, "ticketbleed (CVE-2016-9244)",
        t.features.ticketbleed_detail + ". Up to 31 bytes of memory leak per connection, possibly "
        "session secrets of other clients.",
        "Update the F5 BIG-IP firmware, or disable session tickets on the virtual server.", "probed");
  if (t.features.secure_renegotiation == false)
    add("no_secure_renegotiation", Severity::high, "no secure renegotiation (RFC 5746)",
        "The server did not answer renegotiation_info; if it renegotiates at all, renegotiation is open to the "
        "prefix injection attack (CVE-2009-3555).",
        "Update the TLS library (RFC 5746 support).", "probed");
  if (t.features.fallback_scsv == false)
    add("no_fallback_scsv", Severity::medium, "no downgrade protection (TLS_FALLBACK_SCSV)",
        "A hello for an older version carrying TLS_FALLBACK_SCSV was accepted instead of refused with "
        "inappropriate_fallback (RFC 7507).",
        "Update the TLS library, or offer only one protocol version.", "probed");
  if (sup(Protocol::tls1_0))
    add("tls1_0", Severity::medium, "TLS 1.0 is supported", "TLS 1.0 is deprecated by RFC 8996.",
        "Disable TLS 1.0 (OpenSSL: MinProtocol = TLSv1.2).", "probed");
  if (sup(Protocol::tls1_1))
    add("tls1_1", Severity::medium, "TLS 1.1 is supported", "TLS 1.1 is deprecated by RFC 8996.",
        "Disable TLS 1.1 (OpenSSL: MinProtocol = TLSv1.2).", "probed");
  if (!sup(Protocol::tls1_2) && !sup(Protocol::tls1_3))
    add("no_tls1_2", Severity::high, "neither TLS 1.2 nor TLS 1.3", "Current clients need TLS 1.2 or 1.3.",
        "Enable TLS 1.2 and TLS 1.3.", "probed");
  if (!sup(Protocol::tls1_3))
    add("no_tls1_3", Severity::low, "TLS 1.3 is not supported", "TLS 1.3 (RFC 8446) is faster and removes legacy options.",
        "Enable TLS 1.3.", "probed");
  auto all = suites([](Protocol, const SuiteFact&) { return true; });
  auto non_fs = suites([](Protocol, const SuiteFact& s) { return !s.forward_secret; });
  if (!all.empty() && non_fs.size() == all.size())
    add("no_forward_secrecy", Severity::high, "no forward secrecy",
        "No suite uses an ephemeral key exchange: a stolen server key decrypts recorded traffic.",
        "Enable ECDHE suites and TLS 1.3.", "probed");
  else if (!non_fs.empty())
    add("partial_forward_secrecy", Severity::low, "some suites without forward secrecy",
        "Accepted: " + names(non_fs) + ".", "Remove the static RSA / DH key exchange suites (OpenSSL: !kRSA).", "probed");
  if (!all.empty() && suites([](Protocol, const SuiteFact& s) { return s.aead; }).empty())
    add("no_aead", Severity::medium, "no AEAD cipher suite", "No GCM, CCM or ChaCha20-Poly1305 suite is accepted.",
        "Enable TLS 1.2 AES-GCM / ChaCha20-Poly1305 suites or TLS 1.3.", "probed");
  if (auto v = suites([](Protocol p, const SuiteFact& s) { return p != Protocol::ssl3 && p != Protocol::tls1_0 && s.cbc; }); !v.empty())
    add("cbc_suites", Severity::low, "CBC suites in TLS 1.1 / 1.2",
        "Accepted: " + names(v) + ". CBC with MAC-then-encrypt has a long history of padding oracles (Lucky13).",
        "Prefer AEAD suites; remove CBC where clients allow.", "inferred");
  if (t.features.extended_master_secret == false)
    add("no_extended_master_secret", Severity::low, "no extended master secret (RFC 7627)",
        "The TLS 1.2 ServerHello did not echo extended_master_secret; TLS 1.2 is open to the triple handshake attack.",
        "Update the TLS library.", "probed");
  if (t.features.early_data == true)
    add("early_data", Severity::medium, "0-RTT early data is offered",
        "The server's TLS 1.3 session tickets allow 0-RTT data (max_early_data_size > 0), which an attacker "
        "can replay (RFC 8446 §8, §E.5).",
        "Accept 0-RTT only for idempotent requests, or disable it.", "probed");
  if (t.features.ocsp_stapling == false)
    add("no_ocsp_stapling", Severity::info, "no OCSP stapling", "The server did not staple an OCSP response.",
        "Enable OCSP stapling (nginx: ssl_stapling on).", "probed");
  if (sup(Protocol::tls1_3) && t.features.x25519mlkem768 == false)
    add("no_x25519mlkem768", Severity::info, "no post-quantum key exchange",
        "TLS 1.3 does not accept X25519MLKEM768, so recorded traffic is exposed to a future quantum computer.",
        "Enable X25519MLKEM768 (OpenSSL 3.5+, BoringSSL, tlskit).", "probed");
  for (const auto& p : t.protocols)
    if (p.supported && p.protocol >= Protocol::tls1_0 && p.protocol <= Protocol::tls1_2 && p.server_order == false) {
      add("no_server_order", Severity::low, "the server follows the client's cipher order",
          std::string(protocol_key(p.protocol)) + " picks the client's first suite, so weak suites it accepts can be chosen.",
          "Set a server cipher order (OpenSSL: -serverpref / ssl_prefer_server_ciphers on).", "probed");
      break;
    }
  // Certificates.
  for (const auto& c : t.certificates) {
    if (c.chain.empty()) continue;
    std::string which = c.with_sni ? "for '" + c.sni + "'" : "without SNI";
    if (!c.with_sni) {
      bool differs = false;
      for (const auto& o : t.certificates)
        if (o.with_sni && !o.chain.empty() && o.chain[0].pem != c.chain[0].pem) differs = true;
      if (differs)
        add("no_sni_certificate_differs", Severity::info, "a different certificate without SNI",
            "Without SNI the server sends '" + c.chain[0].subject + "'.", "", "probed");
      continue;  // the checks below are for the certificate clients see
    }
    if (c.expired)
      add("certificate_expired", Severity::critical, "the certificate expired",
          "The leaf " + which + " expired " + std::to_string(-c.days_left) + " day(s) ago (notAfter " + c.chain[0].not_after + ").",
          "Renew the certificate.", "probed");
    else if (c.days_left < 30)
      add("certificate_expires_soon", Severity::medium, "the certificate expires soon",
          "The leaf " + which + " expires in " + std::to_string(c.days_left) + " day(s).", "Renew the certificate.", "probed");
    if (c.not_yet_valid)
      add("certificate_not_yet_valid", Severity::high, "the certificate is not valid yet",
          "notBefore is " + c.chain[0].not_before + ".", "Check the server's and the CA's clocks.", "probed");
    if (c.self_signed)
      add("certificate_self_signed", Severity::high, "the certificate is self-signed",
          "The leaf " + which + " is its own issuer.", "Use a certificate from a trusted CA.", "probed");
    if (!c.hostname_ok && !c.hostname_checked.empty())
      add("hostname_mismatch", Severity::high, "the certificate does not match the host name",
          "The leaf does not cover '" + c.hostname_checked + "'.",
          "Serve a certificate whose subjectAltName includes " + c.hostname_checked + ".", "probed");
    if (!c.trusted && !c.expired && !c.self_signed && c.hostname_ok)
      add("certificate_not_trusted", Severity::high, "the chain is not trusted",
          "Verify return code " + std::to_string(c.verify_code) + " (" + c.verify_text + "): " + c.explanation,
          c.aia_completes_chain == true ? "Send the intermediate certificate with the leaf."
                                        : "Use a certificate from a publicly trusted CA (or scan with --CAfile).",
          "probed");
    if (!c.chain_complete)
      add("chain_incomplete", Severity::high, "the chain is incomplete",
          "The server does not send the intermediate certificate" +
              (c.aia_completes_chain == true ? "; fetched from " + c.aia_url + " (AIA) it completes the chain: " + c.aia_result
                                             : std::string(c.aia_url.empty() ? "" : "; AIA: " + c.aia_result)) + ".",
          "Configure the server with the full chain (leaf, then intermediates).", "probed");
    if (!c.chain_in_order)
      add("chain_order", Severity::low, "the chain is out of order", "A certificate is not followed by its issuer.",
          "List the leaf first, then each issuer.", "probed");
    if (c.key_bits > 0 && (((c.key_type == "RSA" || c.key_type == "DSA") && c.key_bits < 2048) || (c.key_type == "EC" && c.key_bits < 224)))
      add("weak_certificate_key", Severity::high, "a weak certificate key",
          "The leaf has a " + std::to_string(c.key_bits) + "-bit " + c.key_type + " key.", "Use RSA 2048+ or ECDSA P-256+.", "probed");
    if (c.weak_signature)
      add("weak_signature", Severity::high, "a weak certificate signature",
          "The leaf is signed with " + c.signature_algorithm + ".", "Reissue the certificate with SHA-256.", "probed");
  }
  // HTTP.
  const HttpFacts& h = t.features.http;
  if (h.requested && h.status) {
    if (!h.hsts)
      add("no_hsts", Severity::low, "no HSTS", "The HTTP response has no Strict-Transport-Security header.",
          "Add Strict-Transport-Security: max-age=31536000; includeSubDomains.", "probed");
    else if (h.hsts_max_age < kHstsMinAgeForAPlus)
      add("hsts_short", Severity::low, "HSTS max-age under 180 days",
          "max-age=" + std::to_string(h.hsts_max_age) + ".", "Use max-age=31536000.", "probed");
    std::vector<std::string> missing;
    for (const char* want : {"content-security-policy", "x-content-type-options", "x-frame-options"})
      if (std::find(h.security_headers.begin(), h.security_headers.end(), want) == h.security_headers.end())
        missing.push_back(want);
    if (!missing.empty()) {
      std::string m;
      for (size_t i = 0; i < missing.size(); ++i) m += (i ? ", " : "") + missing[i];
      add("missing_security_headers", Severity::info, "security headers missing", "Absent: " + m + ".",
          "Add them in the web server configuration.", "probed");
    }
  }
  for (const auto& p : t.protocols)
    if (p.supported && !p.complete) {
      add("enumeration_incomplete", Severity::info, "the suite list may be incomplete",
          std::string(protocol_key(p.protocol)) + ": " + p.note, "", "probed");
      break;
    }
  std::stable_sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
    if (a.severity != b.severity) return a.severity > b.severity;
    return order_of(a.id) < order_of(b.id);
  });
  return out;
}

}  // namespace tlskit::tools::scan
