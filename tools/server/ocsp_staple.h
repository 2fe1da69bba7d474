// `tlskit server --ocsp FILE`: deciding whether an OCSP response may be stapled to one
// certificate chain (RFC 6066 §8 status_request in TLS 1.2, RFC 8446 §4.4.2.1 in TLS 1.3).
// A staple a client would reject, or one saying the certificate is revoked, hurts more than
// no staple, so every check a client makes is made here first.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "tlskit/bytes.h"
#include "tlskit/config.h"

namespace tlskit::tools {

// What to staple for one certificate, and why.
struct StapleDecision {
  Bytes response;  // the DER OCSPResponse to staple; empty: staple nothing
  // One line a person can act on: why it is stapled or not ("OCSP response for CN=localhost
  // stapled (ocsp.der): good, next update 2026-12-08 10:00:00 UTC", "not stapling ocsp.der
  // for CN=localhost: the response expired at ... (nextUpdate); fetch a fresh one ...").
  // It does not depend on the current time unless the verdict does, so an unchanged verdict
  // gives the same line.
  std::string reason;
  // When a stapled response stops being fresh (its nextUpdate, or thisUpdate + 7 days without
  // one): the time to check again. Empty when nothing is stapled.
  std::optional<int64_t> expires_at;
};

// Decides whether der_response (read from file_name, which only appears in the reason) may be
// stapled to key's chain at time now (Unix seconds). It staples only a response that parses,
// is "successful", covers the leaf (CertID: the issuer's name and key hashes and the leaf's
// serial), is signed by the issuer or by a delegated responder the issuer certified (RFC 6960
// §4.2.2.2), is already valid (thisUpdate, with x509::kOcspClockSkew) and not past its
// nextUpdate (no skew: we never serve a stale response), and says "good". The issuer is the
// second certificate of key.chain; a chain of the leaf alone is refused, since the response
// cannot be checked without it. Never fails: a refusal is a decision with an empty response.
StapleDecision decide_staple(ByteView der_response, const CertifiedKey& key, int64_t now,
                             const std::string& file_name);

// Returns a copy of key (same chain, same private key) whose ocsp_response is response
// (empty = no staple). CertifiedKey is shared const by Configs, so a new staple is a new key.
std::shared_ptr<const CertifiedKey> with_staple(const CertifiedKey& key, Bytes response);

// "2026-12-08 10:00:00 UTC" for Unix seconds t (the time format of the reasons).
std::string format_staple_time(int64_t t);

}  // namespace tlskit::tools
