/// @file
/// Certificate verification as the connection sees it: an interface the X.509 module implements.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "tlskit/alert.h"
#include "tlskit/bytes.h"
#include "tlskit/export.h"

namespace tlskit {

/// What the certificate is being checked for (extendedKeyUsage).
enum class CertPurpose : uint8_t { server, client };

/// The verdict on a peer's chain, in the terms `openssl verify` and people use.
struct CertVerifyResult {
  bool ok = false;  ///< the chain (and host name, when given) verified
  int code = 0;             ///< OpenSSL-compatible verify code: 0 ok, 10 expired, 20, 62, ...
  std::string code_text;    ///< OpenSSL's wording: "certificate has expired"
  int depth = -1;           ///< chain position of the certificate at fault (0 = leaf)
  std::string subject;      ///< subject of that certificate (OpenSSL one-line style)
  std::string cause;        ///< stable id: expired, missing_intermediate, hostname_mismatch, ...
  std::string explanation;  ///< one sentence: what is wrong and how to fix it
  Alert alert = Alert::none;  ///< the alert a TLS endpoint should send for this failure
  bool verified_host = false; ///< a host name was given and matched
  std::string summary;      ///< e.g. "chain verified to 'CN = ISRG Root X1'; host name matched"
};

/// Verifies a peer's certificate chain. Implementations must be safe to call from several
/// connections at once.
class TLSKIT_API CertVerifier {
 public:
  virtual ~CertVerifier() = default;
  /// chain: DER certificates as the peer sent them (leaf first). host: the name the client
  /// asked for (empty: no host check, e.g. for client certificates). ocsp: a stapled OCSP
  /// response, possibly empty. now: Unix seconds.
  virtual CertVerifyResult verify(std::span<const Bytes> chain, std::string_view host,
                                  CertPurpose purpose, ByteView ocsp, int64_t now) const = 0;
};

}  // namespace tlskit
