// Certificate checks of a scan: every check of `tlskit verify` over the chain a server sent
// (trust, expiry with days left, host name, key size, signature algorithm), chain order and
// completeness, and AIA chasing: when the chain stops at an unknown issuer, the issuer named by
// the caIssuers URL is fetched (http only, bounded) and the chain verified again with it, to tell
// an intermediate the server forgot from a root the client does not trust. A fetched
// certificate is never trusted by itself: it can only complete a path to the trust store.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "scan/scan_report.h"
#include "x509/verifier.h"

namespace tlskit::tools::scan {

// Bounds of AIA chasing.
inline constexpr int kAiaTimeoutMs = 3000;
inline constexpr size_t kMaxAiaFetches = 2;

// Fetches the body at an http:// URL (the AIA caIssuers certificate: DER, PEM or PKCS#7 DER is
// read as DER/PEM only). Replaceable in tests.
using AiaFetcher = std::function<Result<Bytes>(const std::string& url)>;

// The default fetcher: fetch_http_url with kAiaTimeoutMs.
AiaFetcher http_aia_fetcher();

// What AIA chasing found for a chain that did not verify for lack of an issuer.
struct AiaOutcome {
  std::string url;                     // the URL tried ("" when none)
  std::optional<bool> completes_chain; // true: with the fetched issuer the chain verifies
  std::string detail;                  // what happened
};

// Chases the caIssuers URL of r (a failed ChainResult whose issuer is missing); nullopt
// completes_chain when there is no URL or the fetch failed. Never changes trust by itself.
AiaOutcome chase_aia(const x509::ChainResult& r, const std::vector<Bytes>& chain, const std::string& host,
                     const x509::X509Verifier& verifier, int64_t now, const AiaFetcher& fetch);

// Checks the chain as sent. sni: the name sent ("" when without SNI); host: the name checked
// (the SNI, or the target host when none; "" for an IP target without SNI is the IP).
CertificateFacts check_certificates(const std::vector<Bytes>& chain, const std::string& sni, bool with_sni,
                                    const std::string& host, ByteView ocsp, const x509::X509Verifier& verifier,
                                    int64_t now, const AiaFetcher& fetch);

}  // namespace tlskit::tools::scan
