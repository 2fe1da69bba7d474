// `tlskit cert FILE|-`: prints certificates like `openssl x509 -noout -text`, or selected
// fields (--subject, --issuer, --dates, --fingerprint, --pem).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <iterator>

#include "codec/pem.h"
#include "commands.h"
#include "x509/cert_text.h"
#include "x509/trust_store.h"

namespace tlskit::tools {
namespace {

// Reads FILE, or standard input for "-" (bounded to 64 MB).
Result<Bytes> read_input(const std::string& path) {
  if (path != "-") return x509::read_file_bytes(path);
  Bytes data;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, stdin)) > 0) {
    data.insert(data.end(), buf, buf + n);
    if (data.size() > (64u << 20))
      return make_error(ErrorCode::file_error, Alert::none, Party::config, Step::config,
                        "standard input is larger than 64 MB");
  }
  return data;
}

}  // namespace

int run_cert(int argc, char** argv) {
  CLI::App app{"Print a certificate like `openssl x509 -noout -text`", "tlskit cert"};
  std::string file;
  bool subject = false, issuer = false, dates = false, fingerprint = false, pem = false,
       all = false;
  app.add_option("file", file, "PEM or DER certificate file, or - for standard input")->required();
  app.add_flag("--subject", subject, "print the subject (OpenSSL one-line style)");
  app.add_flag("--issuer", issuer, "print the issuer");
  app.add_flag("--dates", dates, "print notBefore/notAfter and the days remaining");
  app.add_flag("--fingerprint", fingerprint, "print the SHA-256 fingerprint");
  app.add_flag("--pem", pem, "print the certificate in PEM");
  app.add_flag("--all", all, "print every certificate of the file, not only the first");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "tlskit cert: %s\n", e.what());
    return kExitUsage;
  }
  auto data = read_input(file);
  if (!data) {
    std::fprintf(stderr, "tlskit cert: %s\n", data.error().detail.c_str());
    return kExitUsage;
  }
  auto certs = x509::parse_certificates(*data);
  if (!certs) {
    std::fprintf(stderr, "tlskit cert: %s: %s\n", file.c_str(), certs.error().detail.c_str());
    return kExitUsage;
  }
  if (certs->empty()) {
    std::fprintf(stderr, "tlskit cert: %s: no certificate found\n", file.c_str());
    return kExitUsage;
  }
  bool selected = subject || issuer || dates || fingerprint || pem;
  int64_t now = std::time(nullptr);
  size_t count = all ? certs->size() : 1;
  for (size_t i = 0; i < count; ++i) {
    const x509::Certificate& c = *(*certs)[i];
    if (i) std::printf("\n");
    if (!selected) {
      std::fputs(x509::certificate_text(c).c_str(), stdout);
      continue;
    }
    if (subject) std::printf("subject=%s\n", c.subject_line().c_str());
    if (issuer) std::printf("issuer=%s\n", c.issuer_line().c_str());
    if (dates) {
      std::fputs(x509::dates_text(c).c_str(), stdout);
      std::printf("validity=%s\n", x509::validity_summary(c, now).c_str());
    }
    if (fingerprint) std::printf("sha256 Fingerprint=%s\n", x509::fingerprint_sha256(c).c_str());
    if (pem) std::fputs(pem_encode("CERTIFICATE", c.der()).c_str(), stdout);
  }
  return kExitOk;
}

}  // namespace tlskit::tools
