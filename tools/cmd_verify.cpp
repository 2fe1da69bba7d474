// `tlskit verify chain.pem`: verifies a chain offline, explains the verdict, and ends with
// OpenSSL's "Verify return code: N (text)" line. Exit 0 only when the chain verified.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <ctime>
#include <iostream>

#include "commands.h"
#include "x509/cert_text.h"
#include "x509/crl.h"
#include "x509/verifier.h"
#include "x509/verify_codes.h"

namespace tlskit::tools {

int run_verify(int argc, char** argv) {
  CLI::App app{"Verify a certificate chain offline and explain the result", "tlskit verify"};
  std::string chain_file, ca_file, ca_path, untrusted, host, purpose = "server", at, crl_file,
                                                             ocsp_file;
  bool allow_sha1 = false, strict = false, partial = false, crl_all = false;
  app.add_option("chain", chain_file, "PEM file: the leaf first, then any intermediates")
      ->required();
  app.add_option("--CAfile", ca_file, "trusted certificates (PEM); default: the system bundle");
  app.add_option("--CApath", ca_path, "directory of trusted certificates");
  app.add_option("--untrusted", untrusted, "more intermediate certificates (PEM)");
  app.add_option("--host", host, "host name or IP address the leaf must match");
  app.add_option("--purpose", purpose, "server or client")
      ->check(CLI::IsMember({"server", "client"}));
  app.add_option("--at", at, "verify at this time (2024-05-01T12:00:00Z or Unix seconds)");
  app.add_option("--crl", crl_file, "CRLs (PEM or DER) to check the leaf against");
  app.add_flag("--crl-all", crl_all, "check every certificate of the chain against the CRLs");
  app.add_option("--ocsp", ocsp_file, "a DER OCSP response for the leaf");
  app.add_flag("--allow-sha1", allow_sha1, "accept SHA-1 signatures");
  app.add_flag("--strict", strict,
               "also apply the strict RFC 5280 / CA-Browser Forum profile checks");
  app.add_flag("--partial-chain", partial,
               "trust non-root certificates of the trust store as anchors");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "tlskit verify: %s\n", e.what());
    return kExitUsage;
  }
  auto usage = [](const std::string& msg) {
    std::fprintf(stderr, "tlskit verify: %s\n", msg.c_str());
    return kExitUsage;
  };
  x509::VerifierOptions o;
  o.ca_file = ca_file;
  o.ca_path = ca_path;
  o.use_system_store = ca_file.empty() && ca_path.empty();
  o.allow_sha1 = allow_sha1;
  o.strict = strict;
  o.partial_chain = partial;
  int64_t now = std::time(nullptr);
  if (!at.empty()) {
    auto t = x509::parse_time_text(at);
    if (!t)
      return usage("--at: cannot read '" + at +
                   "' as a time (use 2024-05-01T12:00:00Z or Unix seconds)");
    o.time = *t;
    now = *t;
  }
  if (!crl_file.empty()) {
    auto data = x509::read_file_bytes(crl_file);
    if (!data) return usage(data.error().detail);
    auto crls = x509::parse_crls(*data);
    if (!crls) return usage(crl_file + ": " + crls.error().detail);
    o.crls = std::move(*crls);
    o.crl_check = true;
    o.crl_check_all = crl_all;
  }
  Bytes ocsp;
  if (!ocsp_file.empty()) {
    auto data = x509::read_file_bytes(ocsp_file);
    if (!data) return usage(data.error().detail);
    ocsp = std::move(*data);
  }
  auto verifier = x509::make_x509_verifier(o);
  if (!verifier) return usage(verifier.error().detail);
  std::vector<Bytes> chain;
  for (const std::string& f : {chain_file, untrusted}) {
    if (f.empty()) continue;
    auto data = x509::read_file_bytes(f);
    if (!data) return usage(data.error().detail);
    auto certs = x509::parse_certificates(*data);
    if (!certs) return usage(f + ": " + certs.error().detail);
    if (certs->empty()) return usage(f + ": no certificate found");
    for (const auto& c : *certs) chain.emplace_back(c->der().begin(), c->der().end());
  }
  CertPurpose p = purpose == "client" ? CertPurpose::client : CertPurpose::server;
  x509::ChainResult r = (*verifier)->verify_detailed(chain, host, p, ocsp, now);
  CertVerifyResult v = x509::to_verify_result(r, host, !host.empty());

  std::printf("%s: %zu certificate(s), trust store of %zu certificate(s)\n", chain_file.c_str(),
              chain.size(), (*verifier)->store().size());
  for (size_t i = 0; i < r.path.size(); ++i) {
    const x509::Certificate& c = *r.path[i].cert;
    std::printf("depth %zu: %s\n", i, c.subject_line().c_str());
    std::printf("   issuer: %s\n", c.issuer_line().c_str());
    std::printf(
        "   key: %s, signed with %s; %s (notAfter %s)%s\n", x509::key_description(c).c_str(),
        c.sig_alg.name.c_str(), x509::validity_summary(c, now).c_str(),
        x509::format_time_iso(c.not_after).c_str(),
        r.path[i].anchor ? " [trust anchor]" : (r.path[i].from_store ? " [from trust store]" : ""));
  }
  if (v.ok) {
    std::printf("OK: %s\n", v.summary.c_str());
  } else {
    std::printf("error %d at %d depth lookup: %s\n", v.code, v.depth, v.code_text.c_str());
    std::printf("cause: %s\n", v.cause.c_str());
    if (!v.subject.empty()) std::printf("certificate: %s\n", v.subject.c_str());
    std::printf("explanation: %s\n", v.explanation.c_str());
    std::printf("TLS alert a client would send: %s\n", alert_name(v.alert));
  }
  std::printf("Verify return code: %d (%s)\n", v.code, v.code_text.c_str());
  return v.ok ? kExitOk : kExitVerifyFailed;
}

}  // namespace tlskit::tools
