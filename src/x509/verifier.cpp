// X509Verifier: the CertVerifier implementation, and explanations people can act on.
#include "x509/verifier.h"

#include <cctype>
#include <ctime>

#include "x509/cause_advice.h"
#include "x509/ocsp.h"
#include "x509/system_roots.h"
#include "x509/verify_codes.h"

namespace tlskit::x509 {
namespace {

const Certificate* cert_at(const ChainResult& r, int depth) {
  if (depth < 0 || static_cast<size_t>(depth) >= r.path.size()) return nullptr;
  return r.path[static_cast<size_t>(depth)].cert.get();
}

std::string subject_at(const ChainResult& r, int depth) {
  const Certificate* c = cert_at(r, depth);
  return c ? c->subject_line() : std::string();
}

}  // namespace

std::string explain(const ChainResult& r, std::string_view sender, std::string_view host) {
  if (r.ok()) return "The chain is valid.";
  const Certificate* c = cert_at(r, r.depth);
  std::string who = c ? "'" + c->subject_line() + "'" : std::string("the certificate");
  std::string cause = r.cause.empty() ? default_cause(r.code) : r.cause;
  std::string issuer = r.missing_issuer.empty() ? std::string() : "'" + r.missing_issuer + "'";
  AdviceFacts facts;
  facts.sender = std::string(sender);
  if (!host.empty()) facts.asked = "'" + std::string(host) + "'";
  facts.issuer = issuer;
  facts.code = r.code;
  facts.depth = r.depth;
  CauseAdvice advice = cause_advice(cause, facts);
  // One sentence: what is wrong (the validator's detail, else the table's problem); the fix.
  std::string detail = r.detail.empty() ? "The certificate " + who + " " + advice.problem : r.detail;
  detail[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(detail[0])));
  while (!detail.empty() && detail.back() == '.') detail.pop_back();
  std::string fix = advice.fix;
  fix[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(fix[0])));
  // Where the missing issuer can be fetched is a fact the table cannot know.
  if ((cause == "missing_intermediate" || cause == "untrusted_root") && !r.ca_issuers_urls.empty()) {
    fix.pop_back();
    fix += "; the certificate says its issuer can be downloaded from " + r.ca_issuers_urls.front() + ".";
  }
  return detail + "; " + fix;
}

CertVerifyResult to_verify_result(const ChainResult& r, std::string_view host, bool host_checked,
                                  std::string_view sender) {
  CertVerifyResult out;
  out.ok = r.ok();
  out.code = r.code;
  out.code_text = verify_code_text(r.code);
  out.depth = r.ok() ? -1 : r.depth;
  out.subject = r.ok() ? subject_at(r, 0) : subject_at(r, r.depth);
  out.cause = r.cause.empty() ? default_cause(r.code) : r.cause;
  out.alert = alert_for_verify_code(r.code);
  out.verified_host = r.ok() && host_checked;
  if (r.ok()) {
    std::string anchor = r.path.empty() ? std::string() : r.path.back().cert->subject_line();
    out.summary = "chain verified to '" + anchor + "'";
    out.summary +=
        host_checked ? "; host name '" + std::string(host) + "' matched" : "; no host name checked";
    out.explanation = "The chain of " + std::to_string(r.path.size()) + " certificate(s) is valid" +
                      (host_checked ? " for " + std::string(host) : std::string()) + ".";
  } else {
    out.explanation = explain(r, sender, host_checked ? host : std::string_view());
    out.summary = "verify error " + std::to_string(r.code) + " (" + out.code_text + ") at depth " +
                  std::to_string(r.depth) +
                  (out.subject.empty() ? std::string() : " '" + out.subject + "'") + ": " +
                  out.cause;
  }
  return out;
}

X509Verifier::X509Verifier(std::shared_ptr<const TrustStore> store, VerifierOptions opts)
    : store_(std::move(store)), opts_(std::move(opts)) {}

ChainResult X509Verifier::verify_detailed(std::span<const Bytes> chain, std::string_view host,
                                          CertPurpose purpose, ByteView ocsp, int64_t now) const {
  ChainResult bad;
  bad.code = kUnspecified;
  if (chain.empty()) {
    bad.cause = "no_certificate";
    bad.detail = "the peer sent no certificate";
    return bad;
  }
  // Parse what the peer sent; a malformed leaf fails, malformed extras are ignored.
  std::vector<CertPtr> certs;
  certs.reserve(chain.size());
  for (size_t i = 0; i < chain.size(); ++i) {
    auto c = Certificate::parse(chain[i]);
    if (!c) {
      if (i == 0) {
        bad.depth = 0;
        bad.cause = "malformed_certificate";
        bad.detail = "the peer's certificate cannot be parsed: " + c.error().detail;
        return bad;
      }
      continue;
    }
    certs.push_back(std::move(*c));
  }
  ValidationParams p;
  p.purpose = purpose == CertPurpose::client ? Purpose::client : Purpose::server;
  p.time = opts_.time ? *opts_.time : now;
  p.host = std::string(host);
  p.cn_fallback = opts_.cn_fallback;
  p.allow_sha1 = opts_.allow_sha1;
  p.strict = opts_.strict;
  p.partial_chain = opts_.partial_chain;
  p.max_path_certs = opts_.max_path_certs;
  p.max_intermediates = opts_.max_intermediates;
  p.min_rsa_bits = opts_.min_rsa_bits;
  p.crls = opts_.crls;
  p.crl_check = opts_.crl_check;
  p.crl_check_all = opts_.crl_check_all;
  std::span<const CertPtr> inter(certs.data() + 1, certs.size() - 1);
  ChainResult r = verify_chain(certs[0], inter, *store_, p, crypto::default_provider());
  if (opts_.leaf_only_code_21 && r.code == kUnableToGetIssuerCertLocally && r.depth == 0 &&
      r.path.size() == 1)
    r.code = kUnableToVerifyLeafSignature;
  if (!r.ok()) return r;
  // Stapled OCSP for the leaf (RFC 6066 §8 / RFC 8446 §4.4.2.1).
  if (r.path.size() >= 2 && (!ocsp.empty() || opts_.require_ocsp)) {
    if (ocsp.empty()) {
      r.code = kOcspVerifyNeeded;
      r.depth = 0;
      r.cause = "bad_ocsp_response";
      r.detail = "an OCSP response is required but the peer stapled none";
      return r;
    }
    OcspResult o = check_ocsp(ocsp, *r.path[0].cert, *r.path[1].cert, p.time, p.allow_sha1,
                              crypto::default_provider());
    if (o.code) {
      r.code = o.code;
      r.depth = 0;
      r.cause = default_cause(o.code);
      r.detail = o.detail;
    }
  }
  return r;
}

CertVerifyResult X509Verifier::verify(std::span<const Bytes> chain, std::string_view host,
                                      CertPurpose purpose, ByteView ocsp, int64_t now) const {
  ChainResult r = verify_detailed(chain, host, purpose, ocsp, now);
  return to_verify_result(r, host, !host.empty(),
                          purpose == CertPurpose::client ? "client" : "server");
}

namespace {

// Adds the system trust store (find_system_roots). An unreadable candidate directory is skipped
// (a container may have an empty /etc/ssl/certs); an explicit SSL_CERT_FILE that does not parse
// fails. No certificate at all is file_error, unless opts.allow_empty_system_store.
Result<void> add_system_roots(TrustStore& store, const VerifierOptions& opts) {
  SystemRoots roots = find_system_roots();
  size_t before = store.size();
  for (const auto& f : roots.files) TK_TRY(store.add_file(f));
  for (const auto& d : roots.dirs) (void)store.add_directory(d);
  if (store.size() > before || opts.allow_empty_system_store) return ok();
  std::string tried;
  for (const auto& t : roots.tried) tried += (tried.empty() ? "" : ", ") + t;
  return make_error(ErrorCode::file_error, Alert::none, Party::config, Step::config,
                    "no system trust store: no CA certificates in " +
                        (tried.empty() ? std::string("(no candidate paths)") : tried) +
                        "; install the ca-certificates package, set SSL_CERT_FILE to a CA "
                        "bundle, or give the CAs explicitly (CA file or directory)");
}

}  // namespace

Result<std::shared_ptr<const TrustStore>> build_trust_store(const VerifierOptions& opts) {
  if (opts.store && !opts.use_system_store && opts.ca_file.empty() && opts.ca_path.empty() &&
      opts.roots.empty())
    return opts.store;
  auto store = std::make_shared<TrustStore>();
  if (opts.store)
    for (const auto& c : opts.store->all()) store->add(c);
  bool any_source =
      opts.store || !opts.ca_file.empty() || !opts.ca_path.empty() || !opts.roots.empty();
  if (opts.use_system_store || !any_source) TK_TRY(add_system_roots(*store, opts));
  if (!opts.ca_file.empty()) TK_TRY(store->add_file(opts.ca_file));
  if (!opts.ca_path.empty()) TK_TRY(store->add_directory(opts.ca_path));
  for (const auto& r : opts.roots) TK_TRY(store->add_pem(r));
  return std::shared_ptr<const TrustStore>(std::move(store));
}

Result<std::shared_ptr<const X509Verifier>> make_x509_verifier(VerifierOptions opts) {
  TK_ASSIGN(auto store, build_trust_store(opts));
  return std::make_shared<const X509Verifier>(std::move(store), std::move(opts));
}

Result<std::shared_ptr<const CertVerifier>> make_verifier(VerifierOptions opts) {
  TK_ASSIGN(auto v, make_x509_verifier(std::move(opts)));
  return std::shared_ptr<const CertVerifier>(std::move(v));
}

}  // namespace tlskit::x509
