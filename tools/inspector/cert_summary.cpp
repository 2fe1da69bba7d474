// Certificate summaries for the chain section, from the x509 module's parser.
#include "codec/pem.h"
#include "inspector/inspector.h"
#include "x509/certificate.h"
#include "x509/general_name.h"
#include "x509/ocsp.h"

namespace tlskit::tools {
namespace {

// OpenSSL's short names of public key algorithms, as `s_client` prints them after "PKEY:".
const char* openssl_key_name(x509::KeyAlg a) {
  switch (a) {
    case x509::KeyAlg::rsa: return "rsaEncryption";
    case x509::KeyAlg::rsa_pss: return "RSASSA-PSS";
    case x509::KeyAlg::ec: return "id-ecPublicKey";
    case x509::KeyAlg::ed25519: return "ED25519";
    case x509::KeyAlg::ed448: return "ED448";
    case x509::KeyAlg::dsa: return "dsaEncryption";
    case x509::KeyAlg::unknown: break;
  }
  return "unknown";
}

}  // namespace

CertSummary summarize_certificate(ByteView der, int depth) {
  CertSummary s;
  s.depth = depth;
  s.pem = pem_encode("CERTIFICATE", der);
  auto parsed = x509::Certificate::parse(der);
  if (!parsed) {
    s.parse_error = parsed.error().detail;
    return s;
  }
  const x509::Certificate& c = **parsed;
  s.subject = c.subject_line();
  s.issuer = c.issuer_line();
  s.not_before_unix = c.not_before;
  s.not_after_unix = c.not_after;
  s.not_before = x509::format_time_openssl(c.not_before);
  s.not_after = x509::format_time_openssl(c.not_after);
  s.public_key_bits = static_cast<int>(c.key.bits);
  s.public_key = std::string(openssl_key_name(c.key.alg)) + ", " + std::to_string(c.key.bits) + " (bit)";
  s.signature_algorithm = c.sig_alg.name;
  for (std::string_view n : c.san_dns()) s.dns_names.emplace_back(n);
  for (ByteView ip : c.san_ips()) s.ip_addresses.push_back(x509::ip_to_string(ip));
  s.self_signed = c.self_issued;
  return s;
}

OcspSummary summarize_ocsp(ByteView der) {
  OcspSummary s;
  s.present = true;
  auto parsed = x509::parse_ocsp_response(der);
  if (!parsed) {
    s.parse_error = parsed.error().detail;
    return s;
  }
  s.response_status = parsed->response_status;
  if (parsed->produced_at != 0) s.produced_at = x509::format_time_openssl(parsed->produced_at);
  if (!parsed->responses.empty()) {
    const x509::OcspSingle& one = parsed->responses.front();
    switch (one.status) {
      case x509::OcspCertStatus::good: s.cert_status = "good"; break;
      case x509::OcspCertStatus::revoked: s.cert_status = "revoked"; break;
      case x509::OcspCertStatus::unknown: s.cert_status = "unknown"; break;
    }
    s.this_update = x509::format_time_openssl(one.this_update);
    if (one.next_update) s.next_update = x509::format_time_openssl(*one.next_update);
    if (one.status == x509::OcspCertStatus::revoked)
      s.revocation_time = x509::format_time_openssl(one.revoked_at);
  }
  return s;
}

}  // namespace tlskit::tools
