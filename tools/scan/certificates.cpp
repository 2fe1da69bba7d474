// Certificate checks and AIA chasing.
#include "scan/certificates.h"

#include "inspector/diagnosis.h"
#include "inspector/inspector.h"
#include "scan/http_fetch.h"
#include "x509/certificate.h"
#include "x509/hostname.h"

namespace tlskit::tools::scan {
namespace {

constexpr int64_t kDay = 86400;

// "rsaEncryption, 2048 (bit)" -> "RSA"; "id-ecPublicKey, 256 (bit)" -> "EC".
std::string key_type_of(const std::string& public_key) {
  if (public_key.find("rsa") != std::string::npos || public_key.find("RSA") != std::string::npos) return "RSA";
  if (public_key.find("ecPublicKey") != std::string::npos || public_key.find("EC") == 0) return "EC";
  if (public_key.find("Ed25519") != std::string::npos || public_key.find("ED25519") != std::string::npos) return "Ed25519";
  if (public_key.find("Ed448") != std::string::npos || public_key.find("ED448") != std::string::npos) return "Ed448";
  if (public_key.find("dsa") != std::string::npos) return "DSA";
  return public_key.substr(0, public_key.find(','));
}

bool weak_sig(const std::string& alg) {
  std::string a;
  for (char c : alg) a += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return a.find("md5") != std::string::npos || a.find("md2") != std::string::npos ||
         a.find("sha1") != std::string::npos || a.find("sha-1") != std::string::npos;
}

bool is_missing_issuer(int code) { return code == 20 || code == 21 || code == 2; }

}  // namespace

AiaFetcher http_aia_fetcher() {
  return [](const std::string& url) -> Result<Bytes> {
    SystemClock clock;
    TK_ASSIGN(HttpResponse r, fetch_http_url(url, kAiaTimeoutMs, clock));
    return r.body;
  };
}

AiaOutcome chase_aia(const x509::ChainResult& r, const std::vector<Bytes>& chain, const std::string& host,
                     const x509::X509Verifier& verifier, int64_t now, const AiaFetcher& fetch) {
  AiaOutcome o;
  if (!is_missing_issuer(r.code)) return o;
  std::vector<std::string> urls = r.ca_issuers_urls;
  if (urls.empty() && !chain.empty()) {
    // The path builder names the URL of the certificate whose issuer is missing; fall back to
    // the last certificate sent.
    if (auto c = x509::Certificate::parse(chain.back())) urls = (*c)->ca_issuers_urls();
  }
  if (urls.empty()) {
    o.detail = "no caIssuers URL (AIA) to fetch the missing issuer from";
    return o;
  }
  std::vector<Bytes> extended = chain;
  for (size_t i = 0; i < urls.size() && i < kMaxAiaFetches; ++i) {
    o.url = urls[i];
    if (urls[i].rfind("http://", 0) != 0) {
      o.detail = "the caIssuers URL is not http:// (not fetched)";
      continue;
    }
    auto body = fetch(urls[i]);
    if (!body) {
      o.detail = "fetch failed: " + body.error().detail;
      continue;
    }
    auto certs = x509::parse_certificates(*body);
    if (!certs || certs->empty()) {
      o.detail = "the URL did not return a certificate (DER or PEM)";
      continue;
    }
    for (const auto& c : *certs) extended.emplace_back(c->der().begin(), c->der().end());
    x509::ChainResult again = verifier.verify_detailed(extended, host, CertPurpose::server, {}, now);
    if (again.ok()) {
      o.completes_chain = true;
      o.detail = "the issuer fetched from " + urls[i] +
                 " completes the chain to a trusted root: the server does not send its intermediate";
      return o;
    }
    if (is_missing_issuer(again.code) || again.code == 19 || again.code == 18) {
      o.completes_chain = false;
      o.detail = "the issuer fetched from " + urls[i] + " does not lead to a trusted root (" +
                 std::to_string(again.code) + "): the root is not trusted here";
      return o;
    }
    o.completes_chain = false;
    o.detail = "with the issuer fetched from " + urls[i] + " the chain still fails: " + again.detail;
    return o;
  }
  return o;
}

CertificateFacts check_certificates(const std::vector<Bytes>& chain, const std::string& sni, bool with_sni,
                                    const std::string& host, ByteView ocsp, const x509::X509Verifier& verifier,
                                    int64_t now, const AiaFetcher& fetch) {
  CertificateFacts f;
  f.sni = sni;
  f.with_sni = with_sni;
  f.hostname_checked = host;
  for (size_t i = 0; i < chain.size(); ++i) f.chain.push_back(summarize_certificate(chain[i], static_cast<int>(i)));
  if (chain.empty()) return f;
  x509::ChainResult r = verifier.verify_detailed(chain, host, CertPurpose::server, ocsp, now);
  CertVerifyResult v = x509::to_verify_result(r, host, !host.empty());
  f.verify_code = v.code;
  f.verify_text = v.code_text;
  f.trusted = v.ok;
  f.cause = v.ok ? "none" : verify_cause_id(v, f.chain);
  f.explanation = v.ok ? v.summary : v.explanation;
  // The host name alone, independent of the chain's verdict.
  if (auto leaf = x509::Certificate::parse(chain[0]); leaf && !host.empty()) {
    f.hostname_ok = x509::check_host(**leaf, host).matched;
  } else {
    f.hostname_ok = host.empty();
  }
  const CertSummary& leaf = f.chain[0];
  f.days_left = (leaf.not_after_unix - now) / kDay;
  if (leaf.not_after_unix < now && f.days_left == 0) f.days_left = -1;
  f.expired = leaf.not_after_unix < now;
  f.not_yet_valid = leaf.not_before_unix > now;
  f.self_signed = leaf.self_signed;
  f.key_bits = leaf.public_key_bits;
  f.key_type = key_type_of(leaf.public_key);
  f.signature_algorithm = leaf.signature_algorithm;
  f.weak_signature = !leaf.self_signed && weak_sig(leaf.signature_algorithm);
  for (size_t i = 0; i + 1 < f.chain.size(); ++i)
    if (f.chain[i].issuer != f.chain[i + 1].subject) f.chain_in_order = false;
  if (!v.ok && is_missing_issuer(v.code)) {
    AiaOutcome a = chase_aia(r, chain, host, verifier, now, fetch);
    f.aia_url = a.url;
    f.aia_result = a.detail;
    f.aia_completes_chain = a.completes_chain;
    if (a.completes_chain == true) f.cause = "missing_intermediate";
    else if (a.completes_chain == false) f.cause = "untrusted_root";
  }
  f.chain_complete = !(f.aia_completes_chain == true || (!f.aia_completes_chain && f.cause == "missing_intermediate"));
  f.ocsp_stapled = !ocsp.empty();
  if (f.ocsp_stapled) f.ocsp_status = summarize_ocsp(ocsp).cert_status;
  auto check = [&](const char* id, bool ok, std::string detail) { f.checks.push_back({id, ok, std::move(detail)}); };
  check("chain_trusted", f.trusted,
        f.trusted ? "verified to the trust store" : std::to_string(v.code) + " " + v.code_text + ": " + v.explanation);
  check("not_expired", !f.expired && !f.not_yet_valid,
        "notAfter " + leaf.not_after + " (" + std::to_string(f.days_left) + " days left)");
  check("hostname", f.hostname_ok, host.empty() ? "no name to check" : "checked against '" + host + "'");
  check("key_size", !(f.key_type == "RSA" && f.key_bits < 2048), leaf.public_key);
  check("signature", !f.weak_signature, leaf.signature_algorithm);
  check("chain_order", f.chain_in_order, f.chain_in_order ? "each certificate is followed by its issuer" : "out of order");
  check("chain_complete", f.chain_complete,
        f.aia_url.empty() ? (f.chain_complete ? "complete" : "an intermediate is missing") : f.aia_result);
  return f;
}

}  // namespace tlskit::tools::scan
