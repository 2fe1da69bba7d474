// Certificate parsing (RFC 5280 §4.1) and PEM/DER loading.
#include "x509/certificate.h"

#include <cstdio>

#include "codec/der_reader.h"
#include "codec/pem.h"
#include "x509/oid.h"

namespace tlskit::x509 {
namespace {

Error cert_error(std::string detail) {
  return make_error(ErrorCode::decode_error, Alert::bad_certificate, Party::peer,
                    Step::certificate_validation, "certificate: " + std::move(detail));
}

bool same_oid(ByteView a, ByteView b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

// Parses one known extension into the certificate; returns false for unknown OIDs.
// A malformed value sets extension_error (the first one wins).
bool apply_extension(Certificate& c, const Extension& e) {
  auto note = [&](const Error& err) {
    if (c.extension_error.empty()) c.extension_error = err.detail;
  };
#define TK_EXT(OID, FIELD, PARSER) \
  if (oid_eq(e.oid, OID)) {        \
    auto r = PARSER(e.value);      \
    if (r)                         \
      c.FIELD = std::move(*r);     \
    else                           \
      note(r.error());             \
    return true;                   \
  }
  TK_EXT(kOidBasicConstraints, basic_constraints, parse_basic_constraints)
  TK_EXT(kOidKeyUsage, key_usage, parse_key_usage)
  TK_EXT(kOidExtKeyUsage, ext_key_usage, parse_ext_key_usage)
  TK_EXT(kOidNameConstraints, name_constraints, parse_name_constraints)
  TK_EXT(kOidCertificatePolicies, policies, parse_certificate_policies)
  TK_EXT(kOidPolicyMappings, policy_mappings, parse_policy_mappings)
  TK_EXT(kOidPolicyConstraints, policy_constraints, parse_policy_constraints)
  TK_EXT(kOidInhibitAnyPolicy, inhibit_any_policy, parse_inhibit_any_policy)
  TK_EXT(kOidAuthorityKeyId, authority_key_id, parse_authority_key_id)
  TK_EXT(kOidSubjectKeyId, subject_key_id, parse_subject_key_id)
  TK_EXT(kOidAuthorityInfoAccess, authority_info_access, parse_info_access)
  TK_EXT(kOidCrlDistributionPoints, crl_distribution_points, parse_crl_distribution_points)
#undef TK_EXT
  if (oid_eq(e.oid, kOidSubjectAltName)) {
    auto r = parse_general_names(e.value);
    if (r)
      c.subject_alt_names = std::move(*r);
    else
      note(make_error(ErrorCode::decode_error, Alert::bad_certificate, Party::peer,
                      Step::certificate_validation, "subjectAltName: " + r.error().detail));
    return true;
  }
  if (oid_eq(e.oid, kOidOcspNoCheck)) {
    c.ocsp_no_check = true;
    return true;
  }
  return false;
}

// Extensions whose criticality we honour, as OpenSSL's X509_supported_extension does: a
// critical extension outside this set is "unhandled" (RFC 5280 §4.2).
bool handled_when_critical(ByteView oid) {
  return oid_eq(oid, kOidBasicConstraints) || oid_eq(oid, kOidKeyUsage) ||
         oid_eq(oid, kOidExtKeyUsage) || oid_eq(oid, kOidSubjectAltName) ||
         oid_eq(oid, kOidNameConstraints) || oid_eq(oid, kOidCertificatePolicies) ||
         oid_eq(oid, kOidPolicyMappings) || oid_eq(oid, kOidPolicyConstraints) ||
         oid_eq(oid, kOidInhibitAnyPolicy);
}

}  // namespace

Result<CertPtr> Certificate::parse(ByteView input) {
  if (input.size() > kMaxCertificateSize)
    return cert_error("larger than " + std::to_string(kMaxCertificateSize) + " bytes");
  std::shared_ptr<Certificate> c(new Certificate());
  c->der_.assign(input.begin(), input.end());
  Certificate& cert = *c;
  der::Reader top(cert.der_);
  der::Reader certseq, tbs;
  der::Element tbs_el, sigalg_el;
  if (!top.enter(der::kSequence, certseq) || !top.empty())
    return cert_error("not a DER SEQUENCE (trailing data, bad length or not DER)");
  if (!certseq.read_element(der::kSequence, tbs_el)) return cert_error("missing tbsCertificate");
  if (!certseq.read_element(der::kSequence, sigalg_el))
    return cert_error("missing signatureAlgorithm");
  ByteView sigbits;
  if (!certseq.read(der::kBitString, sigbits) || !certseq.empty())
    return cert_error("missing or malformed signatureValue");
  der::BitString bs;
  if (!der::parse_bit_string(sigbits, bs) || bs.unused != 0)
    return cert_error("malformed signatureValue BIT STRING");
  cert.signature = bs.bytes;
  cert.tbs_ = tbs_el.raw;
  cert.outer_signature_alg = sigalg_el.raw;
  auto alg = parse_signature_algorithm(sigalg_el.raw);
  if (!alg) return cert_error("signatureAlgorithm: " + alg.error().detail);
  cert.sig_alg = std::move(*alg);

  tbs = der::Reader(tbs_el.value);
  // version [0] EXPLICIT Version DEFAULT v1.
  if (tbs.peek(der::context_constructed(0))) {
    der::Reader vr;
    uint64_t v = 0;
    if (!tbs.enter(der::context_constructed(0), vr) || !vr.read_uint64(v) || !vr.empty() || v > 2)
      return cert_error("tbsCertificate.version: malformed or unknown version");
    cert.version = static_cast<int>(v) + 1;
  }
  if (!tbs.read_integer(cert.serial))
    return cert_error("tbsCertificate.serialNumber: malformed INTEGER");
  der::Element el;
  if (!tbs.read_element(der::kSequence, el))
    return cert_error("tbsCertificate.signature: malformed AlgorithmIdentifier");
  cert.tbs_signature_alg = el.raw;
  if (!tbs.read_element(der::kSequence, el))
    return cert_error("tbsCertificate.issuer: malformed Name");
  auto issuer = parse_name(el.raw);
  if (!issuer) return cert_error("tbsCertificate.issuer: " + issuer.error().detail);
  cert.issuer = std::move(*issuer);
  der::Reader validity;
  if (!tbs.enter(der::kSequence, validity)) return cert_error("tbsCertificate.validity: malformed");
  der::Element t1, t2;
  if (!validity.next(t1) || !validity.next(t2) || !validity.empty())
    return cert_error("tbsCertificate.validity: malformed");
  auto nb = der::parse_time(t1.tag, t1.value);
  if (!nb) return cert_error("tbsCertificate.validity: malformed notBefore time");
  auto na = der::parse_time(t2.tag, t2.value);
  if (!na) return cert_error("tbsCertificate.validity: malformed notAfter time");
  cert.not_before = *nb;
  cert.not_after = *na;
  if (!tbs.read_element(der::kSequence, el))
    return cert_error("tbsCertificate.subject: malformed Name");
  auto subject = parse_name(el.raw);
  if (!subject) return cert_error("tbsCertificate.subject: " + subject.error().detail);
  cert.subject = std::move(*subject);
  if (!tbs.read_element(der::kSequence, el))
    return cert_error("tbsCertificate.subjectPublicKeyInfo: malformed");
  auto key = parse_public_key(el.raw);
  if (!key) return cert_error("tbsCertificate.subjectPublicKeyInfo: " + key.error().detail);
  cert.key = std::move(*key);
  ByteView uid;
  bool present = false;
  if (!tbs.read_optional(der::context(1), uid, present) || (present && cert.version < 2))
    return cert_error("tbsCertificate.issuerUniqueID: malformed or not allowed in v1");
  if (!tbs.read_optional(der::context(2), uid, present) || (present && cert.version < 2))
    return cert_error("tbsCertificate.subjectUniqueID: malformed or not allowed in v1");
  if (tbs.peek(der::context_constructed(3))) {
    // RFC 5280 §4.1.2.9: extensions appear only in v3 certificates.
    if (cert.version != 3)
      return cert_error("tbsCertificate.extensions: present in a v" + std::to_string(cert.version) +
                        " certificate");
    der::Reader wrap, exts;
    if (!tbs.enter(der::context_constructed(3), wrap) || !wrap.enter(der::kSequence, exts) ||
        !wrap.empty())
      return cert_error("tbsCertificate.extensions: malformed");
    while (!exts.empty()) {
      der::Reader er;
      Extension e;
      if (!exts.enter(der::kSequence, er) || !er.read_oid(e.oid))
        return cert_error("tbsCertificate.extensions: malformed Extension");
      if (er.peek(der::kBoolean) && !er.read_bool(e.critical))
        return cert_error("extension " + der::oid_to_string(e.oid) + ": malformed critical flag");
      if (!er.read(der::kOctetString, e.value) || !er.empty())
        return cert_error("extension " + der::oid_to_string(e.oid) + ": malformed extnValue");
      if (cert.extensions.size() >= kMaxExtensions) return cert_error("too many extensions");
      // RFC 5280 §4.2: a certificate MUST NOT include more than one instance of an extension.
      for (const auto& prev : cert.extensions)
        if (same_oid(prev.oid, e.oid) && cert.extension_error.empty())
          cert.extension_error = "extension " + oid_display(e.oid) + " appears more than once";
      cert.extensions.push_back(e);
    }
    if (cert.extensions.empty()) return cert_error("tbsCertificate.extensions: empty SEQUENCE");
  }
  if (!tbs.done()) return cert_error("tbsCertificate: unexpected data after the last field");

  for (const auto& e : cert.extensions) {
    bool known = apply_extension(cert, e);
    if (e.critical && (!known || !handled_when_critical(e.oid)))
      cert.unknown_critical.push_back(e.oid);
    // RFC 5280 §4.2.1.4: in a critical certificatePolicies, qualifiers we cannot interpret
    // make the extension unprocessable.
    if (e.critical && oid_eq(e.oid, kOidCertificatePolicies) && cert.policies) {
      bool unknown_qualifier = false;
      for (const auto& pi : *cert.policies)
        for (const auto& q : pi.qualifiers)
          if (!oid_eq(q.oid, kOidQtCps) && !oid_eq(q.oid, kOidQtUnotice)) unknown_qualifier = true;
      if (unknown_qualifier) cert.unknown_critical.push_back(e.oid);
    }
  }
  cert.self_issued = cert.subject.matches(cert.issuer);
  return CertPtr(std::move(c));
}

const Extension* Certificate::find_extension(OidBytes oid) const {
  for (const auto& e : extensions)
    if (oid_eq(e.oid, oid)) return &e;
  return nullptr;
}

std::vector<std::string_view> Certificate::san_dns() const {
  std::vector<std::string_view> out;
  if (subject_alt_names)
    for (const auto& n : *subject_alt_names)
      if (n.type == GeneralNameType::dns) out.push_back(n.text());
  return out;
}

std::vector<ByteView> Certificate::san_ips() const {
  std::vector<ByteView> out;
  if (subject_alt_names)
    for (const auto& n : *subject_alt_names)
      if (n.type == GeneralNameType::ip) out.push_back(n.value);
  return out;
}

std::vector<std::string> Certificate::ca_issuers_urls() const {
  std::vector<std::string> out;
  if (authority_info_access)
    for (const auto& a : *authority_info_access)
      if (oid_eq(a.method, kOidAdCaIssuers) && a.location.type == GeneralNameType::uri)
        out.emplace_back(a.location.text());
  return out;
}

std::vector<std::string> Certificate::ocsp_urls() const {
  std::vector<std::string> out;
  if (authority_info_access)
    for (const auto& a : *authority_info_access)
      if (oid_eq(a.method, kOidAdOcsp) && a.location.type == GeneralNameType::uri)
        out.emplace_back(a.location.text());
  return out;
}

std::string Certificate::serial_hex() const {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (uint8_t b : serial) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

Result<std::vector<CertPtr>> parse_certificates(ByteView input) {
  std::vector<CertPtr> out;
  std::string_view text(reinterpret_cast<const char*>(input.data()), input.size());
  if (text.find("-----BEGIN") == std::string_view::npos) {
    auto c = Certificate::parse(input);
    if (!c) return std::move(c).error();
    out.push_back(std::move(*c));
    return out;
  }
  TK_ASSIGN(auto blocks, pem_decode_all(text));
  for (const auto& b : blocks) {
    if (b.label != "CERTIFICATE" && b.label != "X509 CERTIFICATE" &&
        b.label != "TRUSTED CERTIFICATE")
      continue;
    auto c = Certificate::parse(b.der);
    if (!c) {
      Error e = std::move(c).error();
      e.detail = "PEM certificate #" + std::to_string(out.size() + 1) + ": " + e.detail;
      return e;
    }
    out.push_back(std::move(*c));
  }
  return out;
}

std::string format_time_openssl(int64_t t) {
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  auto c = der::civil_from_unix(t);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s %2u %02u:%02u:%02u %lld GMT", kMonths[c.month - 1], c.day,
                c.hour, c.minute, c.second, static_cast<long long>(c.year));
  return buf;
}

std::string format_time_iso(int64_t t) {
  auto c = der::civil_from_unix(t);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02u:%02u:%02uZ", static_cast<long long>(c.year),
                c.month, c.day, c.hour, c.minute, c.second);
  return buf;
}

std::optional<int64_t> parse_time_text(std::string_view s) {
  if (!s.empty() && s[0] == '@') s.remove_prefix(1);
  bool all_digits = !s.empty() && s.size() <= 12;
  for (char c : s) all_digits = all_digits && c >= '0' && c <= '9';
  if (all_digits) {
    int64_t v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
  }
  // YYYY-MM-DD[(T| )HH:MM[:SS]][Z|+00:00]
  auto num = [&](size_t at, size_t n, unsigned& out) {
    if (at + n > s.size()) return false;
    unsigned v = 0;
    for (size_t i = 0; i < n; ++i) {
      char c = s[at + i];
      if (c < '0' || c > '9') return false;
      v = v * 10 + static_cast<unsigned>(c - '0');
    }
    out = v;
    return true;
  };
  unsigned y, mo, d, h = 0, mi = 0, se = 0;
  if (!num(0, 4, y) || s.size() < 10 || s[4] != '-' || !num(5, 2, mo) || s[7] != '-' ||
      !num(8, 2, d))
    return std::nullopt;
  size_t p = 10;
  if (p < s.size() && (s[p] == 'T' || s[p] == ' ')) {
    if (!num(p + 1, 2, h) || p + 3 >= s.size() || s[p + 3] != ':' || !num(p + 4, 2, mi))
      return std::nullopt;
    p += 6;
    if (p < s.size() && s[p] == ':') {
      if (!num(p + 1, 2, se)) return std::nullopt;
      p += 3;
    }
  }
  std::string_view zone = s.substr(p);
  if (!(zone.empty() || zone == "Z" || zone == "+00:00" || zone == "z")) return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return std::nullopt;
  return der::days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
}

}  // namespace tlskit::x509
