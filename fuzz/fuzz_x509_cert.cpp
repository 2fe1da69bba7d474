// libFuzzer target: certificate parsing, printing, host matching, name constraints and a
// self-validation of whatever parses (signature checks included), plus CRL parsing.
#include <cstddef>
#include <cstdint>

#include "crypto/provider.h"
#include "x509/cert_text.h"
#include "x509/crl.h"
#include "x509/hostname.h"
#include "x509/name_constraints.h"
#include "x509/path_builder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tlskit::x509;
  tlskit::ByteView in(data, size);
  (void)Crl::parse(in);
  auto c = Certificate::parse(in);
  if (!c) return 0;
  const Certificate& cert = **c;
  (void)certificate_text(cert);
  (void)cert.subject_line();
  (void)san_list(cert);
  (void)check_host(cert, "www.example.com", true);
  (void)check_host(cert, "192.0.2.1");
  (void)check_email(cert, "a@example.com");
  if (cert.name_constraints) (void)check_name_constraints(cert, *cert.name_constraints);
  TrustStore store;
  store.add(*c);
  ValidationParams p;
  p.time = cert.not_before;
  p.host = "example.com";
  p.strict = true;
  (void)verify_chain(*c, {}, store, p, tlskit::crypto::default_provider());
  return 0;
}
