// libFuzzer target: OCSP response parsing and verification against a fixed certificate pair.
#include <cstddef>
#include <cstdint>

#include "crypto/provider.h"
#include "x509/ocsp.h"

namespace {

// The test PKI's leaf and intermediate (tests/x509/data), whose OCSP responses seed the corpus.
const char kLeaf[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIDFTCCArqgAwIBAgIUQvSDsxn0hEzqseFWQoAZJLmliM4wCgYIKoZIzj0EAwIw\n"
    "RzELMAkGA1UEBhMCVVMxFTATBgNVBAoMDHRsc2tpdCB0ZXN0czEhMB8GA1UEAwwY\n"
    "dGxza2l0IFRlc3QgSW50ZXJtZWRpYXRlMB4XDTI2MTEyMjIwMzQwM1oXDTI5MDIy\n"
    "NDIwMzQwM1owPzELMAkGA1UEBhMCVVMxFTATBgNVBAoMDHRsc2tpdCB0ZXN0czEZ\n"
    "MBcGA1UEAwwQd3d3LmV4YW1wbGUudGVzdDBZMBMGByqGSM49AgEGCCqGSM49AwEH\n"
    "A0IABPz9fwjliH8V3ErutqgNpnefl6B9AbBvSJm9o5iSvDTzbrsh60NCo3DglaKG\n"
    "c0DKmn5J6DgouzIfrZbcYc2T7gSjggGKMIIBhjAMBgNVHRMBAf8EAjAAMA4GA1Ud\n"
    "DwEB/wQEAwIHgDAdBgNVHSUEFjAUBggrBgEFBQcDAQYIKwYBBQUHAwIwWQYDVR0R\n"
    "BFIwUIIQd3d3LmV4YW1wbGUudGVzdIISKi5hcGkuZXhhbXBsZS50ZXN0hwTAAAIK\n"
    "hxAgAQ24AAAAAAAAAAAAAAAQgRBvcHNAZXhhbXBsZS50ZXN0MB0GA1UdDgQWBBSz\n"
    "zF6YSxTuRNkR1ratjGaIkq6JxTAfBgNVHSMEGDAWgBS91lkJcDQGABbRce2zkQiM\n"
    "IYeCoDBjBggrBgEFBQcBAQRXMFUwLAYIKwYBBQUHMAKGIGh0dHA6Ly9jYS5leGFt\n"
    "cGxlLnRlc3QvaW50ZXIuZGVyMCUGCCsGAQUFBzABhhlodHRwOi8vb2NzcC5leGFt\n"
    "cGxlLnRlc3QvMDIGA1UdHwQrMCkwJ6AloCOGIWh0dHA6Ly9jcmwuZXhhbXBsZS50\n"
    "ZXN0L2ludGVyLmNybDATBgNVHSAEDDAKMAgGBmeBDAECATAKBggqhkjOPQQDAgNJ\n"
    "ADBGAiEA/mw2l4fIPwTDxRxnEArOIcl3JcnkkjiFFgLbUn2LGY8CIQC//q6zK/rP\n"
    "a3S9H8tR53RwhekQHrTJ/1mrCnORliOP+Q==\n"
    "-----END CERTIFICATE-----\n";
const char kInter[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIICdTCCAfqgAwIBAgIUfukSqjwvqQRHiY7x2vehAmWW630wCgYIKoZIzj0EAwIw\n"
    "PzELMAkGA1UEBhMCVVMxFTATBgNVBAoMDHRsc2tpdCB0ZXN0czEZMBcGA1UEAwwQ\n"
    "dGxza2l0IFRlc3QgUm9vdDAeFw0yNjExMjIyMDM0MDJaFw0zNjExMTkyMDM0MDJa\n"
    "MEcxCzAJBgNVBAYTAlVTMRUwEwYDVQQKDAx0bHNraXQgdGVzdHMxITAfBgNVBAMM\n"
    "GHRsc2tpdCBUZXN0IEludGVybWVkaWF0ZTBZMBMGByqGSM49AgEGCCqGSM49AwEH\n"
    "A0IABOUPVzTxfzh5lY011XpqCYt9LqxdkY8vGxPBQNZ6KXGlbpnTz++elTl4Pu6L\n"
    "o2AdyD0bG5sTPC1UeZBMv1OOH8CjgcswgcgwEgYDVR0TAQH/BAgwBgEB/wIBADAO\n"
    "BgNVHQ8BAf8EBAMCAQYwHQYDVR0OBBYEFL3WWQlwNAYAFtFx7bORCIwhh4KgMB8G\n"
    "A1UdIwQYMBaAFI5wRh6aOXeQqvGHxMmb7S8q7QxDMGIGCCsGAQUFBwEBBFYwVDAr\n"
    "BggrBgEFBQcwAoYfaHR0cDovL2NhLmV4YW1wbGUudGVzdC9yb290LmRlcjAlBggr\n"
    "BgEFBQcwAYYZaHR0cDovL29jc3AuZXhhbXBsZS50ZXN0LzAKBggqhkjOPQQDAgNp\n"
    "ADBmAjEA+KEvFgzDmL7mhwerj89O5/If0gxh0GNU/cSyDEx+SChy3vLoHhnU03Mo\n"
    "P9b8mQIXAjEA+bkyFFnh7MW/SjKwl4oJ7G1OAclIBXxhuUKtm5QBH2JQuYjq/bnV\n"
    "4gMkvGEFtFUA\n"
    "-----END CERTIFICATE-----\n";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tlskit::x509;
  static auto leaf = parse_certificates(tlskit::as_bytes(kLeaf));
  static auto inter = parse_certificates(tlskit::as_bytes(kInter));
  tlskit::ByteView in(data, size);
  auto parsed = parse_ocsp_response(in);
  if (parsed && leaf && inter && !leaf->empty() && !inter->empty()) {
    int64_t when =
        parsed->responses.empty() ? parsed->produced_at : parsed->responses[0].this_update;
    (void)check_ocsp(in, *leaf->front(), *inter->front(), when, false,
                     tlskit::crypto::default_provider());
  }
  return 0;
}
