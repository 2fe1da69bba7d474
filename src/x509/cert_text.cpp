// Certificate text dumps in OpenSSL's layout.
#include "x509/cert_text.h"

#include <cstdio>

#include "codec/der_reader.h"
#include "crypto/provider.h"
#include "x509/crl.h"
#include "x509/oid.h"

namespace tlskit::x509 {
namespace {

// Hex dump with `per_line` bytes per line at `indent`, lowercase with colons (OpenSSL style:
// every byte but the last is followed by ':').
void hex_block(std::string& out, ByteView b, size_t indent, size_t per_line) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (size_t i = 0; i < b.size(); ++i) {
    if (i % per_line == 0) {
      if (i) out += '\n';
      out.append(indent, ' ');
    }
    out += kHex[b[i] >> 4];
    out += kHex[b[i] & 15];
    if (i + 1 < b.size()) out += ':';
  }
  out += '\n';
}

std::string decimal_of(ByteView v) {
  uint64_t x = 0;
  if (!der::integer_to_uint64(v, x)) return "";
  return std::to_string(x);
}

// OpenSSL prints IPv6 SANs as eight uppercase groups without compression.
std::string ip_openssl(ByteView a) {
  if (a.size() != 16) return ip_to_string(a);
  std::string out;
  char buf[8];
  for (int i = 0; i < 8; ++i) {
    if (i) out += ':';
    std::snprintf(buf, sizeof buf, "%X", a[2 * i] << 8 | a[2 * i + 1]);
    out += buf;
  }
  return out;
}

// X509_NAME_oneline form: "/C=US/O=Example/CN=x".
std::string slash_name(ByteView der) {
  auto n = parse_name(der);
  if (!n) return "<invalid>";
  std::string out;
  for (const auto& rdn : n->rdns)
    for (const auto& a : rdn) {
      std::string v;
      directory_string_to_utf8(a.tag, a.value, v);
      out += "/" + oid_short(a.type) + "=" + v;
    }
  return out;
}

std::string gn_text(const GeneralName& g) {
  switch (g.type) {
    case GeneralNameType::ip:
      if (g.value.size() == 8 || g.value.size() == 32) return general_name_to_string(g);
      return "IP Address:" + ip_openssl(g.value);
    case GeneralNameType::directory:
      return "DirName:" + slash_name(g.value);
    default:
      return general_name_to_string(g);
  }
}

std::string key_usage_text(uint16_t ku) {
  static constexpr const char* kNames[] = {
      "Digital Signature", "Non Repudiation", "Key Encipherment",
      "Data Encipherment", "Key Agreement",   "Certificate Sign",
      "CRL Sign",          "Encipher Only",   "Decipher Only"};
  std::string out;
  for (int i = 0; i < 9; ++i)
    if (ku & (1u << i)) {
      if (!out.empty()) out += ", ";
      out += kNames[i];
    }
  return out;
}

void extension_text(std::string& out, const Certificate& c, const Extension& e) {
  const std::string ind(16, ' ');
  out += "            " + oid_display(e.oid) + ":" + (e.critical ? " critical" : " ") + "\n";
  auto line = [&](const std::string& s) { out += ind + s + "\n"; };
  if (oid_eq(e.oid, kOidBasicConstraints) && c.basic_constraints) {
    std::string s = c.basic_constraints->ca ? "CA:TRUE" : "CA:FALSE";
    if (c.basic_constraints->path_len)
      s += ", pathlen:" + std::to_string(*c.basic_constraints->path_len);
    line(s);
  } else if (oid_eq(e.oid, kOidKeyUsage) && c.key_usage) {
    line(key_usage_text(*c.key_usage));
  } else if (oid_eq(e.oid, kOidExtKeyUsage) && c.ext_key_usage) {
    std::string s;
    for (const auto& o : *c.ext_key_usage) s += (s.empty() ? "" : ", ") + oid_display(o);
    line(s);
  } else if (oid_eq(e.oid, kOidSubjectAltName) && c.subject_alt_names) {
    std::string s;
    for (const auto& g : *c.subject_alt_names) s += (s.empty() ? "" : ", ") + gn_text(g);
    line(s);
  } else if (oid_eq(e.oid, kOidSubjectKeyId) && c.subject_key_id) {
    line(colon_hex(*c.subject_key_id, true));
  } else if (oid_eq(e.oid, kOidAuthorityKeyId) && c.authority_key_id) {
    if (c.authority_key_id->key_id) line(colon_hex(*c.authority_key_id->key_id, true));
    for (const auto& g : c.authority_key_id->issuer) line(gn_text(g));
    if (c.authority_key_id->has_serial)
      line("serial:" + colon_hex(c.authority_key_id->serial, true));
  } else if (oid_eq(e.oid, kOidAuthorityInfoAccess) && c.authority_info_access) {
    for (const auto& a : *c.authority_info_access) {
      std::string m = oid_eq(a.method, kOidAdOcsp)        ? "OCSP"
                      : oid_eq(a.method, kOidAdCaIssuers) ? "CA Issuers"
                                                          : oid_display(a.method);
      line(m + " - " + gn_text(a.location));
    }
  } else if (oid_eq(e.oid, kOidCrlDistributionPoints) && c.crl_distribution_points) {
    for (const auto& dp : *c.crl_distribution_points) {
      if (dp.has_full_name) {
        line("Full Name:");
        for (const auto& g : dp.full_name) line("  " + gn_text(g));
      }
      if (dp.has_relative_name) line("Relative Name:");
      if (!dp.crl_issuer.empty()) {
        line("CRL Issuer:");
        for (const auto& g : dp.crl_issuer) line("  " + gn_text(g));
      }
    }
  } else if (oid_eq(e.oid, kOidCertificatePolicies) && c.policies) {
    for (const auto& p : *c.policies) {
      line("Policy: " + (oid_eq(p.oid, kOidAnyPolicy) ? std::string("X509v3 Any Policy")
                                                      : der::oid_to_string(p.oid)));
      for (const auto& q : p.qualifiers) {
        der::Reader r(q.value);
        ByteView text;
        if (oid_eq(q.oid, kOidQtCps) && r.read(der::kIa5String, text))
          line("  CPS: " + std::string(reinterpret_cast<const char*>(text.data()), text.size()));
        else if (oid_eq(q.oid, kOidQtUnotice))
          line("  User Notice:");
        else
          line("  " + oid_display(q.oid));
      }
    }
  } else if (oid_eq(e.oid, kOidNameConstraints) && c.name_constraints) {
    if (!c.name_constraints->permitted.empty()) {
      line("Permitted:");
      for (const auto& g : c.name_constraints->permitted) line("  " + gn_text(g));
    }
    if (!c.name_constraints->excluded.empty()) {
      line("Excluded:");
      for (const auto& g : c.name_constraints->excluded) line("  " + gn_text(g));
    }
  } else if (oid_eq(e.oid, kOidPolicyConstraints) && c.policy_constraints) {
    if (c.policy_constraints->require_explicit_policy)
      line("Require Explicit Policy:" +
           std::to_string(*c.policy_constraints->require_explicit_policy));
    if (c.policy_constraints->inhibit_policy_mapping)
      line("Inhibit Policy Mapping:" +
           std::to_string(*c.policy_constraints->inhibit_policy_mapping));
  } else if (oid_eq(e.oid, kOidInhibitAnyPolicy) && c.inhibit_any_policy) {
    line(std::to_string(*c.inhibit_any_policy));
  } else if (oid_eq(e.oid, kOidPolicyMappings) && c.policy_mappings) {
    for (const auto& m : *c.policy_mappings)
      line(der::oid_to_string(m.issuer_policy) + ":" + der::oid_to_string(m.subject_policy));
  } else if (oid_eq(e.oid, kOidOcspNoCheck)) {
    line("");
  } else {
    hex_block(out, e.value, 16, 16);
  }
}

}  // namespace

std::string colon_hex(ByteView b, bool upper) {
  const char* hex = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < b.size(); ++i) {
    if (i) out += ':';
    out += hex[b[i] >> 4];
    out += hex[b[i] & 15];
  }
  return out;
}

std::string fingerprint_sha256(const Certificate& c) {
  uint8_t d[32];
  crypto::default_provider().hash(crypto::HashAlg::sha256, c.der(), MutableByteView(d, 32));
  return colon_hex(ByteView(d, 32), true);
}

std::string dates_text(const Certificate& c) {
  return "notBefore=" + format_time_openssl(c.not_before) +
         "\nnotAfter=" + format_time_openssl(c.not_after) + "\n";
}

int64_t days_remaining(const Certificate& c, int64_t now) {
  int64_t d = c.not_after - now;
  return d >= 0 ? d / 86400 : -((-d + 86399) / 86400);
}

std::string validity_summary(const Certificate& c, int64_t now) {
  if (now < c.not_before)
    return "not valid for another " + std::to_string((c.not_before - now + 86399) / 86400) +
           " days";
  int64_t d = days_remaining(c, now);
  if (d < 0) return "expired " + std::to_string(-d) + " days ago";
  return "valid for " + std::to_string(d) + " more days";
}

std::vector<std::string> san_list(const Certificate& c) {
  std::vector<std::string> out;
  if (c.subject_alt_names)
    for (const auto& g : *c.subject_alt_names) out.push_back(gn_text(g));
  return out;
}

std::string key_description(const Certificate& c) { return c.key.description(); }

std::string signature_algorithm_name(const Certificate& c) { return c.sig_alg.name; }

std::string certificate_text(const Certificate& c) {
  std::string out = "Certificate:\n    Data:\n";
  out += "        Version: " + std::to_string(c.version) + " (0x" + std::to_string(c.version - 1) +
         ")\n";
  std::string dec = c.serial.size() <= 8 && !(c.serial[0] & 0x80) ? decimal_of(c.serial) : "";
  if (!dec.empty()) {
    char buf[32];
    uint64_t v = 0;
    der::integer_to_uint64(c.serial, v);
    std::snprintf(buf, sizeof buf, "%llx", static_cast<unsigned long long>(v));
    out += "        Serial Number: " + dec + " (0x" + buf + ")\n";
  } else {
    out += "        Serial Number:\n";
    out += "            " + ((c.serial[0] & 0x80) ? std::string("(Negative)") : std::string()) +
           colon_hex(c.serial, false) + "\n";
  }
  out += "        Signature Algorithm: " + c.sig_alg.name + "\n";
  out += "        Issuer: " + c.issuer_line() + "\n";
  out += "        Validity\n";
  out += "            Not Before: " + format_time_openssl(c.not_before) + "\n";
  out += "            Not After : " + format_time_openssl(c.not_after) + "\n";
  out += "        Subject: " + c.subject_line() + "\n";
  out += "        Subject Public Key Info:\n";
  const PublicKey& k = c.key;
  der::Reader spki(k.spki), seq, alg;
  ByteView alg_oid;
  if (spki.enter(der::kSequence, seq) && seq.enter(der::kSequence, alg) && alg.read_oid(alg_oid))
    out += "            Public Key Algorithm: " + oid_short(alg_oid) + "\n";
  switch (k.alg) {
    case KeyAlg::rsa:
    case KeyAlg::rsa_pss: {
      out += "                Public-Key: (" + std::to_string(k.bits) + " bit)\n";
      out += "                Modulus:\n";
      Bytes mod;
      if (!k.rsa_modulus.empty() && (k.rsa_modulus[0] & 0x80)) mod.push_back(0);
      mod.insert(mod.end(), k.rsa_modulus.begin(), k.rsa_modulus.end());
      hex_block(out, mod, 20, 15);
      uint64_t e = 0;
      if (der::integer_to_uint64(k.rsa_exponent, e)) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%llu (0x%llx)", static_cast<unsigned long long>(e),
                      static_cast<unsigned long long>(e));
        out += std::string("                Exponent: ") + buf + "\n";
      }
      break;
    }
    case KeyAlg::ec:
      out += "                Public-Key: (" + std::to_string(k.bits) + " bit)\n";
      out += "                pub:\n";
      hex_block(out, k.key_bits, 20, 15);
      out += "                ASN1 OID: " + oid_short(k.curve_oid) + "\n";
      if (k.curve_name.rfind("P-", 0) == 0)
        out += "                NIST CURVE: " + k.curve_name + "\n";
      break;
    case KeyAlg::ed25519:
      out += "                ED25519 Public-Key:\n                pub:\n";
      hex_block(out, k.key_bits, 20, 15);
      break;
    default:
      out += "                Unable to load Public Key\n";
      break;
  }
  if (!c.extensions.empty()) {
    out += "        X509v3 extensions:\n";
    for (const auto& e : c.extensions) extension_text(out, c, e);
  }
  out += "    Signature Algorithm: " + c.sig_alg.name + "\n";
  out += "    Signature Value:\n";
  hex_block(out, c.signature, 8, 18);
  return out;
}

}  // namespace tlskit::x509
