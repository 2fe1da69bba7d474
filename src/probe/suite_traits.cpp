// Suite traits from IANA names: "TLS_<kex>[_<auth>][_EXPORT]_WITH_<cipher>_<mac>" (TLS 1.2 and
// older) and "TLS_<cipher>_<hash>" (TLS 1.3).
#include "probe/suite_traits.h"

#include <algorithm>
#include <string_view>
#include <utility>

namespace tlskit::probe {
namespace {

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool contains(std::string_view s, std::string_view p) { return s.find(p) != std::string_view::npos; }

// Kex and authentication from the part before "_WITH_" (without the "TLS_" prefix).
void parse_kex(std::string_view k, SuiteTraits& t) {
  struct Entry {
    std::string_view text;
    KeyExchange kex;
    Authentication auth;
  };
  // Longest first: "DHE_RSA" before "DH_RSA" is not needed (exact match), but "_EXPORT" is
  // stripped before the lookup.
  static constexpr Entry kTable[] = {
      {"NULL", KeyExchange::null, Authentication::none},
      {"RSA", KeyExchange::rsa, Authentication::rsa},
      {"DH_DSS", KeyExchange::dh, Authentication::dss},
      {"DH_RSA", KeyExchange::dh, Authentication::rsa},
      {"DHE_DSS", KeyExchange::dhe, Authentication::dss},
      {"DHE_RSA", KeyExchange::dhe, Authentication::rsa},
      {"DH_anon", KeyExchange::dh_anon, Authentication::none},
      {"ECDH_ECDSA", KeyExchange::ecdh, Authentication::ecdsa},
      {"ECDH_RSA", KeyExchange::ecdh, Authentication::rsa},
      {"ECDHE_ECDSA", KeyExchange::ecdhe, Authentication::ecdsa},
      {"ECDHE_RSA", KeyExchange::ecdhe, Authentication::rsa},
      {"ECDH_anon", KeyExchange::ecdh_anon, Authentication::none},
      {"PSK", KeyExchange::psk, Authentication::psk},
      {"DHE_PSK", KeyExchange::dhe_psk, Authentication::psk},
      {"PSK_DHE", KeyExchange::dhe_psk, Authentication::psk},
      {"RSA_PSK", KeyExchange::rsa_psk, Authentication::psk},
      {"ECDHE_PSK", KeyExchange::ecdhe_psk, Authentication::psk},
      {"SRP_SHA", KeyExchange::srp, Authentication::srp},
      {"SRP_SHA_RSA", KeyExchange::srp, Authentication::rsa},
      {"SRP_SHA_DSS", KeyExchange::srp, Authentication::dss},
      {"KRB5", KeyExchange::krb5, Authentication::krb5},
      {"ECCPWD", KeyExchange::eccpwd, Authentication::none},
      {"GOSTR341112_256", KeyExchange::gost, Authentication::gost},
  };
  constexpr std::string_view kExport = "_EXPORT";
  if (k.size() > kExport.size() && k.substr(k.size() - kExport.size()) == kExport) {
    t.export_grade = true;
    k = k.substr(0, k.size() - kExport.size());
  }
  for (const Entry& e : kTable) {
    if (k == e.text) {
      t.kex = e.kex;
      t.auth = e.auth;
      break;
    }
  }
  if (t.export_grade && t.kex == KeyExchange::rsa) t.kex = KeyExchange::rsa_export;
}

// Splits "<cipher>_<mac>" where the MAC is the last token when it names a hash.
void parse_cipher_mac(std::string_view rest, SuiteTraits& t) {
  static constexpr std::string_view kMacs[] = {"_SHA512", "_SHA384", "_SHA256", "_SHA", "_MD5",
                                               "_SM3", "_OMAC", "_IMIT"};
  t.cipher = std::string(rest);
  for (std::string_view m : kMacs) {
    if (rest.size() > m.size() && rest.substr(rest.size() - m.size()) == m) {
      t.cipher = std::string(rest.substr(0, rest.size() - m.size()));
      t.mac = std::string(m.substr(1));
      break;
    }
  }
}

int cipher_bits(std::string_view c, bool export_grade) {
  if (c == "NULL" || c.empty()) return 0;
  if (export_grade || contains(c, "_40")) return 40;
  if (starts_with(c, "3DES")) return 112;
  if (starts_with(c, "DES")) return 56;
  if (contains(c, "_256") || starts_with(c, "CHACHA20") || starts_with(c, "KUZNYECHIK") ||
      starts_with(c, "MAGMA") || starts_with(c, "28147"))
    return 256;
  if (contains(c, "_128") || starts_with(c, "IDEA") || starts_with(c, "SEED") ||
      starts_with(c, "SM4"))
    return 128;
  return 0;
}

bool is_aead(std::string_view c) {
  return contains(c, "GCM") || contains(c, "CCM") || contains(c, "POLY1305") ||
         contains(c, "MGM") || starts_with(c, "AEGIS");
}

// Forward-secret AEAD first, then forward-secret others, AEAD without forward secrecy, other
// 128-bit+ ciphers, the rest, and last export, NULL, anonymous and sub-112-bit suites.
int preference_tier(const SuiteTraits& t) {
  bool weak = t.export_grade || t.bits < 112 || t.auth == Authentication::none ||
              t.kex == KeyExchange::null;
  if (weak) return 5;
  if (t.forward_secret && t.aead) return 0;
  if (t.forward_secret) return 1;
  if (t.aead) return 2;
  if (t.bits >= 128) return 3;
  return 4;
}

}  // namespace

std::optional<SuiteTraits> suite_traits(CipherSuite s) {
  if (!is_registered_cipher_suite(s)) return std::nullopt;
  const std::string name = cipher_suite_name(s);
  SuiteTraits t;
  t.suite = s;
  std::string_view n = name;
  if (s == CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV || s == CipherSuite::TLS_FALLBACK_SCSV) {
    t.kex = KeyExchange::signalling;
    t.min_version = ProtocolVersion::ssl3;
    t.max_version = ProtocolVersion::tls1_3;
    return t;
  }
  if (!starts_with(n, "TLS_")) return std::nullopt;
  n.remove_prefix(4);
  size_t with = n.find("_WITH_");
  uint16_t v = static_cast<uint16_t>(s);
  // TLS 1.3 suites: 0x13xx (RFC 8446 §B.4), SM4 (RFC 8998), integrity-only (RFC 9150), and
  // the MGM GOST suites (RFC 9367).
  bool tls13 = (v >> 8) == 0x13 || v == 0x00C6 || v == 0x00C7 || v == 0xC0B4 || v == 0xC0B5 ||
               (v >= 0xC103 && v <= 0xC106);
  if (tls13) {
    t.kex = KeyExchange::any_tls13;
    t.auth = Authentication::any_tls13;
    parse_cipher_mac(n, t);
    if (v == 0xC0B4 || v == 0xC0B5) t.cipher = "NULL";
    if (v >= 0xC103 && v <= 0xC106) {
      t.cipher = std::string(n.substr(n.find("_WITH_") + 6));
      t.mac.clear();
    }
    t.aead = true;
    t.forward_secret = true;
    t.min_version = t.max_version = ProtocolVersion::tls1_3;
  } else {
    if (with == std::string_view::npos) return std::nullopt;
    parse_kex(n.substr(0, with), t);
    parse_cipher_mac(n.substr(with + 6), t);
    t.aead = is_aead(t.cipher);
    // RFC 5246 §1.2: suites with SHA-256/384 PRFs and AEAD ciphers exist from TLS 1.2 on.
    if (t.aead || t.mac == "SHA256" || t.mac == "SHA384" || t.mac == "OMAC" || t.mac == "IMIT")
      t.min_version = ProtocolVersion::tls1_2;
    // Elliptic curve (RFC 4492), PSK (RFC 4279) and SRP (RFC 5054) suites are TLS-only.
    else if (t.kex == KeyExchange::ecdh || t.kex == KeyExchange::ecdhe ||
             t.kex == KeyExchange::ecdh_anon || t.kex == KeyExchange::psk ||
             t.kex == KeyExchange::dhe_psk || t.kex == KeyExchange::rsa_psk ||
             t.kex == KeyExchange::ecdhe_psk || t.kex == KeyExchange::srp)
      t.min_version = ProtocolVersion::tls1_0;
    // RFC 4346 §A.5: TLS 1.1 implementations MUST NOT negotiate export suites.
    t.max_version = t.export_grade ? ProtocolVersion::tls1_0 : ProtocolVersion::tls1_2;
    t.forward_secret = t.kex == KeyExchange::dhe || t.kex == KeyExchange::ecdhe ||
                       t.kex == KeyExchange::dhe_psk || t.kex == KeyExchange::ecdhe_psk ||
                       t.kex == KeyExchange::dh_anon || t.kex == KeyExchange::ecdh_anon;
  }
  t.cbc = contains(t.cipher, "CBC");
  t.bits = cipher_bits(t.cipher, t.export_grade);
  return t;
}

bool suite_usable_in(CipherSuite s, ProtocolVersion v) {
  auto t = suite_traits(s);
  if (!t || t->kex == KeyExchange::signalling) return false;
  auto n = static_cast<uint16_t>(v);
  return n >= static_cast<uint16_t>(t->min_version) && n <= static_cast<uint16_t>(t->max_version);
}

std::vector<CipherSuite> suites_for_version(ProtocolVersion v) {
  std::vector<std::pair<int, CipherSuite>> tiered;
  for (CipherSuite s : registered_cipher_suites()) {
    if (!suite_usable_in(s, v)) continue;
    tiered.emplace_back(preference_tier(*suite_traits(s)), s);
  }
  std::stable_sort(tiered.begin(), tiered.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<CipherSuite> out;
  for (const auto& [tier, s] : tiered) out.push_back(s);
  return out;
}

const char* key_exchange_name(KeyExchange k) {
  switch (k) {
    case KeyExchange::any_tls13: return "TLS 1.3 (any)";
    case KeyExchange::null: return "NULL";
    case KeyExchange::rsa: return "RSA";
    case KeyExchange::rsa_export: return "RSA export";
    case KeyExchange::dh: return "DH";
    case KeyExchange::dhe: return "DHE";
    case KeyExchange::dh_anon: return "DH anonymous";
    case KeyExchange::ecdh: return "ECDH";
    case KeyExchange::ecdhe: return "ECDHE";
    case KeyExchange::ecdh_anon: return "ECDH anonymous";
    case KeyExchange::psk: return "PSK";
    case KeyExchange::dhe_psk: return "DHE-PSK";
    case KeyExchange::rsa_psk: return "RSA-PSK";
    case KeyExchange::ecdhe_psk: return "ECDHE-PSK";
    case KeyExchange::srp: return "SRP";
    case KeyExchange::krb5: return "Kerberos";
    case KeyExchange::eccpwd: return "ECCPWD";
    case KeyExchange::gost: return "GOST";
    case KeyExchange::signalling: return "signalling";
  }
  return "unknown";
}

const char* authentication_name(Authentication a) {
  switch (a) {
    case Authentication::any_tls13: return "TLS 1.3 (certificate)";
    case Authentication::none: return "anonymous";
    case Authentication::rsa: return "RSA";
    case Authentication::dss: return "DSS";
    case Authentication::ecdsa: return "ECDSA";
    case Authentication::psk: return "PSK";
    case Authentication::srp: return "SRP";
    case Authentication::krb5: return "Kerberos";
    case Authentication::gost: return "GOST";
  }
  return "unknown";
}

}  // namespace tlskit::probe
