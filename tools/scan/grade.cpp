// The SSL Labs rating guide as a pure function over a TargetReport.
#include "scan/grade.h"

#include <algorithm>

namespace tlskit::tools::scan {
namespace {

// Letters from best to worst (caps compare by this rank).
int rank(const std::string& l) {
  static const char* kOrder[] = {"A+", "A", "A-", "B", "C", "D", "E", "F"};
  for (int i = 0; i < 8; ++i)
    if (l == kOrder[i]) return i;
  return 7;
}

int protocol_points(Protocol p) {
  switch (p) {
    case Protocol::sslv2: return 0;
    case Protocol::ssl3: return 80;
    case Protocol::tls1_0: return 90;
    case Protocol::tls1_1: return 95;
    case Protocol::tls1_2:
    case Protocol::tls1_3: return 100;
  }
  return 0;
}

// The guide's key exchange table over an RSA-equivalent strength in bits.
int kx_points(int bits) {
  if (bits <= 0) return 0;
  if (bits < 512) return 20;
  if (bits < 1024) return 40;
  if (bits < 2048) return 80;
  if (bits < 4096) return 90;
  return 100;
}

// RSA-equivalent strength of an elliptic curve of `bits` (NIST SP 800-57 Part 1 table 2).
int ec_equivalent(int bits) {
  if (bits >= 512) return 15360;
  if (bits >= 384) return 7680;
  if (bits >= 256) return 3072;
  if (bits >= 224) return 2048;
  return 1024;
}

int cipher_points(int bits) {
  if (bits <= 0) return 0;
  if (bits < 128) return 20;
  if (bits < 256) return 80;
  return 100;
}

bool any_suite(const TargetReport& t, bool (*pred)(const SuiteFact&), bool skip_sslv2 = false) {
  for (const auto& p : t.protocols) {
    if (!p.supported || (skip_sslv2 && p.protocol == Protocol::sslv2)) continue;
    for (const auto& s : p.suites)
      if (pred(s)) return true;
  }
  return false;
}

const CertificateFacts* main_cert(const TargetReport& t) {
  for (const auto& c : t.certificates)
    if (c.with_sni && !c.chain.empty()) return &c;
  for (const auto& c : t.certificates)
    if (!c.chain.empty()) return &c;
  return nullptr;
}

}  // namespace

std::string letter_for_score(int score) {
  if (score >= 80) return "A";
  if (score >= 65) return "B";
  if (score >= 50) return "C";
  if (score >= 35) return "D";
  if (score >= 20) return "E";
  return "F";
}

int protocol_score(const TargetReport& t) {
  int best = -1, worst = 101;
  for (const auto& p : t.protocols) {
    if (!p.supported) continue;
    best = std::max(best, protocol_points(p.protocol));
    worst = std::min(worst, protocol_points(p.protocol));
  }
  if (best < 0) return 0;
  return (best + worst) / 2;
}

int key_exchange_score(const TargetReport& t) {
  int weakest = 1 << 20;
  bool any = false;
  if (const CertificateFacts* c = main_cert(t); c && c->key_bits > 0) {
    weakest = c->key_type == "RSA" || c->key_type == "DSA" ? c->key_bits : ec_equivalent(c->key_bits);
    any = true;
  }
  for (const auto& p : t.protocols) {
    if (!p.supported) continue;
    for (const auto& s : p.suites) {
      any = true;
      if (s.anonymous) return 0;  // the guide: anonymous key exchange scores 0
      int b = 0;
      if (s.export_grade) b = std::min(s.kx_bits > 0 ? s.kx_bits : 512, 512);
      else if (s.finite_field_dh && s.kx_bits > 0) b = s.kx_bits;
      else if (s.kx == "ECDHE" && s.kx_bits > 0) b = ec_equivalent(s.kx_bits);
      else continue;
      weakest = std::min(weakest, b);
    }
  }
  if (t.dhe_bits > 0) weakest = std::min(weakest, t.dhe_bits);
  if (!any) return 0;
  if (weakest == (1 << 20)) return 90;  // nothing measurable: TLS 1.3 groups only
  // Exportable key exchange is 40 even when the RSA key is bigger.
  return kx_points(weakest);
}

int cipher_score(const TargetReport& t) {
  int best = -1, worst = 1000;
  for (const auto& p : t.protocols) {
    if (!p.supported) continue;
    for (const auto& s : p.suites) {
      best = std::max(best, cipher_points(s.bits));
      worst = std::min(worst, cipher_points(s.bits));
    }
  }
  if (best < 0) return 0;
  return (best + worst) / 2;
}

Grade compute_grade(const TargetReport& t) {
  Grade g;
  bool any_protocol = false;
  for (const auto& p : t.protocols) any_protocol = any_protocol || p.supported;
  if (t.error || !any_protocol) return g;
  g.protocol_score = protocol_score(t);
  g.key_exchange_score = key_exchange_score(t);
  g.cipher_score = cipher_score(t);
  g.score = (g.protocol_score * 30 + g.key_exchange_score * 30 + g.cipher_score * 40 + 50) / 100;
  std::string letter = letter_for_score(g.score);
  auto cap = [&](const std::string& id, const std::string& l, const std::string& reason, const std::string& raise) {
    g.caps.push_back({id, l, reason, raise});
    if (rank(l) > rank(letter)) letter = l;
  };
  auto proto = [&](Protocol p) { return t.supports(p); };
  // F caps.
  if (proto(Protocol::sslv2))
    cap("sslv2", "F", "SSLv2 is supported (DROWN)", "disable SSLv2");
  if (any_suite(t, [](const SuiteFact& s) { return s.export_grade; }))
    cap("export_suites", "F", "export cipher suites are accepted (FREAK, LOGJAM)", "remove every EXPORT suite");
  if (any_suite(t, [](const SuiteFact& s) { return s.anonymous; }, true))
    cap("anonymous_suites", "F", "anonymous (unauthenticated) suites are accepted", "remove the aNULL suites");
  if (any_suite(t, [](const SuiteFact& s) { return s.null_cipher; }))
    cap("null_cipher", "F", "NULL (unencrypted) cipher suites are accepted", "remove the eNULL suites");
  if (t.features.heartbleed == true)
    cap("heartbleed", "F", "vulnerable to Heartbleed", "upgrade OpenSSL and replace the key");
  // SSL Labs rating guide: OpenSSL CCS injection (CVE-2014-0224) and Ticketbleed -> F.
  if (t.features.ccs_injection == true)
    cap("ccs_injection", "F", "vulnerable to CCS injection (CVE-2014-0224)", "upgrade OpenSSL");
  if (t.features.ticketbleed == true)
    cap("ticketbleed", "F", "vulnerable to ticketbleed (CVE-2016-9244)",
        "update the load balancer's firmware or disable its session tickets");
  int weakest_dh = t.dhe_bits;
  for (const auto& p : t.protocols)
    for (const auto& s : p.suites)
      if (p.supported && s.finite_field_dh && s.kx_bits > 0) weakest_dh = weakest_dh ? std::min(weakest_dh, s.kx_bits) : s.kx_bits;
  if (weakest_dh > 0 && weakest_dh < 1024)
    cap("weak_dh", "F", "DH parameters of " + std::to_string(weakest_dh) + " bits (LOGJAM)", "use 2048-bit or larger DH groups (ffdhe2048)");
  if (t.features.secure_renegotiation == false && (proto(Protocol::ssl3) || proto(Protocol::tls1_0) || proto(Protocol::tls1_1) || proto(Protocol::tls1_2)))
    cap("no_secure_renegotiation", "C", "secure renegotiation (RFC 5746) is not supported",
        "update the TLS library; RFC 5746 support is universal since 2010");
  // C caps.
  if (proto(Protocol::ssl3))
    cap("sslv3", "C", "SSLv3 is supported (POODLE)", "disable SSLv3");
  if (any_suite(t, [](const SuiteFact& s) { return s.rc4; }))
    cap("rc4", "C", "RC4 suites are accepted", "remove the RC4 suites");
  bool modern_64 = false;
  for (const auto& p : t.protocols)
    if (p.supported && (p.protocol == Protocol::tls1_1 || p.protocol == Protocol::tls1_2))
      for (const auto& s : p.suites) modern_64 = modern_64 || s.block64;
  if (modern_64)
    cap("sweet32", "C", "64-bit block ciphers (3DES) with TLS 1.1 or newer (SWEET32)", "remove the 3DES/DES/IDEA suites");
  if (!proto(Protocol::tls1_2) && !proto(Protocol::tls1_3))
    cap("no_tls1_2", "C", "neither TLS 1.2 nor TLS 1.3 is supported", "enable TLS 1.2 and TLS 1.3");
  if (t.features.compression == true)
    cap("crime", "C", "TLS compression is enabled (CRIME)", "disable TLS compression");
  // B caps.
  if (proto(Protocol::tls1_0) || proto(Protocol::tls1_1))
    cap("tls1_0_1_1", "B", "TLS 1.0 or TLS 1.1 is supported", "disable TLS 1.0 and TLS 1.1");
  if (weakest_dh >= 1024 && weakest_dh < 2048)
    cap("dh_1024", "B", "DH parameters of " + std::to_string(weakest_dh) + " bits", "use 2048-bit or larger DH groups");
  if (!t.features.forward_secrecy_any)
    cap("no_forward_secrecy", "B", "no forward-secret key exchange", "enable ECDHE suites (and TLS 1.3)");
  if (!t.features.aead_any)
    cap("no_aead", "B", "no AEAD cipher suite (GCM, ChaCha20-Poly1305)", "enable AES-GCM or ChaCha20-Poly1305 suites");
  // A- (warnings).
  int supported = 0;
  for (const auto& p : t.protocols) supported += p.supported;
  bool several = supported >= 2;
  if (several && t.features.fallback_scsv == false && !proto(Protocol::tls1_3)) {
    g.warnings.push_back("TLS_FALLBACK_SCSV is not supported (downgrade protection)");
    cap("no_fallback_scsv", "A-", "no downgrade protection (TLS_FALLBACK_SCSV)", "update the TLS library or support TLS 1.3");
  }
  if (const CertificateFacts* c = main_cert(t)) {
    if (c->weak_signature)
      cap("weak_signature", "F", "the certificate is signed with " + c->signature_algorithm, "reissue it with SHA-256");
    if ((c->key_type == "RSA" || c->key_type == "DSA") && c->key_bits > 0 && c->key_bits < 1024)
      cap("weak_key", "F", "the certificate key has " + std::to_string(c->key_bits) + " bits", "use RSA 2048 or ECDSA P-256");
  }
  // A+ needs a clean A and HSTS of at least six months.
  if (letter == "A") {
    if (t.features.http.hsts && t.features.http.hsts_max_age >= kHstsMinAgeForAPlus)
      letter = "A+";
    else
      g.warnings.push_back("no HSTS of at least 180 days: A+ needs one (Strict-Transport-Security: max-age=15552000 or more)");
  }
  // Trust: T (not trusted, expired, self-signed) and M (name mismatch) replace the letter.
  if (const CertificateFacts* c = main_cert(t)) {
    if (!c->hostname_ok && !c->hostname_checked.empty()) {
      g.letter_if_trusted = letter;
      g.caps.push_back({"name_mismatch", "M", "the certificate does not match " + c->hostname_checked,
                        "serve a certificate whose subjectAltName includes " + c->hostname_checked});
      letter = "M";
    } else if (!c->trusted) {
      g.letter_if_trusted = letter;
      std::string why = c->expired ? "the certificate expired" : c->self_signed ? "the certificate is self-signed"
                                                                               : "the chain is not trusted (" + c->verify_text + ")";
      std::string raise = c->expired ? "renew the certificate"
                          : c->aia_completes_chain == true ? "send the intermediate certificate with the leaf"
                                                           : "use a certificate from a publicly trusted CA (or pass --CAfile)";
      g.caps.push_back({"not_trusted", "T", why, raise});
      letter = "T";
    }
  }
  g.letter = letter;
  return g;
}

}  // namespace tlskit::tools::scan
