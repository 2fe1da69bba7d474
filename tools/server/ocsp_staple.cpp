// Deciding whether an OCSP response may be stapled to a certificate chain.
#include "server/ocsp_staple.h"

#include <algorithm>
#include <ctime>

#include "crypto/provider.h"
#include "x509/certificate.h"
#include "x509/ocsp.h"
#include "x509/oid.h"
#include "x509/verify_codes.h"

namespace tlskit::tools {
namespace {

// "CN=localhost" for a certificate with a common name, else its subject in one line.
std::string cert_label(const x509::Certificate& c) {
  auto cns = c.subject.values_of(x509::kOidCommonName);
  if (!cns.empty()) return "CN=" + cns.front();
  std::string line = c.subject_line();
  return line.empty() ? "the leaf certificate (empty subject)" : line;
}

// Uppercase hex of a serial number, as OpenSSL prints it.
std::string serial_text(ByteView serial) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (uint8_t b : serial) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

// The name RFC 6960 §4.2.1 gives an OCSPResponseStatus value.
std::string response_status_name(int s) {
  switch (s) {
    case 1:
      return "malformedRequest";
    case 2:
      return "internalError";
    case 3:
      return "tryLater";
    case 5:
      return "sigRequired";
    case 6:
      return "unauthorized";
    default:
      return "status " + std::to_string(s);
  }
}

bool same_bytes(ByteView a, ByteView b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

// The SingleResponse whose CertID names leaf under issuer (RFC 6960 §4.1.1: the hashes of the
// issuer's name and public key, and the serial number), or nullptr. check_ocsp matches the
// same way; we need the entry itself for its times.
const x509::OcspSingle* find_single(const x509::OcspResponse& r, const x509::Certificate& leaf,
                                    const x509::Certificate& issuer,
                                    const crypto::Provider& provider) {
  for (const auto& s : r.responses) {
    crypto::HashAlg h;
    if (x509::oid_eq(s.hash_alg_oid, x509::kOidSha1))
      h = crypto::HashAlg::sha1;
    else if (x509::oid_eq(s.hash_alg_oid, x509::kOidSha256))
      h = crypto::HashAlg::sha256;
    else
      continue;
    uint8_t name_hash[crypto::kMaxHashSize], key_hash[crypto::kMaxHashSize];
    const size_t n = crypto::hash_size(h);
    provider.hash(h, issuer.subject.der, MutableByteView(name_hash, n));
    provider.hash(h, issuer.key.key_bits, MutableByteView(key_hash, n));
    if (same_bytes(s.issuer_name_hash, ByteView(name_hash, n)) &&
        same_bytes(s.issuer_key_hash, ByteView(key_hash, n)) && same_bytes(s.serial, leaf.serial))
      return &s;
  }
  return nullptr;
}

// Why a response without our leaf's CertID does not fit: another serial, or another issuer.
std::string not_covered(const x509::OcspResponse& r, const x509::Certificate& leaf,
                        const std::string& label) {
  std::string serials;
  bool same_serial = false;
  for (const auto& s : r.responses) {
    if (same_bytes(s.serial, leaf.serial)) same_serial = true;
    if (!serials.empty()) serials += ", ";
    serials += serial_text(s.serial);
  }
  if (same_serial)
    return "the response names serial " + leaf.serial_hex() +
           " but under another issuer (its issuer name or key hash is not that of the chain's "
           "second certificate); fetch the response from " +
           label + "'s own CA";
  return "the response is for another certificate (serial " +
         (serials.empty() ? std::string("none") : serials) + ", but " + label + " has serial " +
         leaf.serial_hex() + "); fetch the response for this certificate";
}

}  // namespace

std::string format_staple_time(int64_t t) {
  const time_t tt = static_cast<time_t>(t);
  std::tm tm{};
  if (!gmtime_r(&tt, &tm)) return std::to_string(t);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
  return buf;
}

StapleDecision decide_staple(ByteView der_response, const CertifiedKey& key, int64_t now,
                             const std::string& file_name) {
  StapleDecision d;
  std::string label = "the certificate";
  auto refuse = [&](const std::string& why) {
    d.response.clear();
    d.expires_at.reset();
    d.reason = "not stapling " + file_name + " for " + label + ": " + why;
    return d;
  };
  if (key.chain.empty()) return refuse("the certificate chain is empty");
  auto leaf = x509::Certificate::parse(key.chain[0]);
  if (!leaf) return refuse("the leaf certificate does not parse (" + leaf.error().detail + ")");
  label = cert_label(**leaf);
  // The response can only be checked against the leaf's issuer (RFC 6960 §4.1.1 CertID and
  // §4.2.2.2 responder authorization both name it), which the chain must carry.
  if (key.chain.size() < 2)
    return refuse("the chain of " + label +
                  " has no issuer certificate, so the response cannot be checked; add the "
                  "intermediate (the leaf's issuer) after the leaf in "
                  "the --cert file");
  auto issuer = x509::Certificate::parse(key.chain[1]);
  if (!issuer)
    return refuse("the chain's second certificate does not parse (" + issuer.error().detail + ")");
  if (!(*leaf)->issuer.matches((*issuer)->subject))
    return refuse("the chain's second certificate (" + (*issuer)->subject_line() +
                  ") is not the leaf's issuer (" + (*leaf)->issuer_line() +
                  "); put the issuer right after the leaf in the --cert file");

  auto parsed = x509::parse_ocsp_response(der_response);
  if (!parsed) return refuse("it is not a valid OCSP response (" + parsed.error().detail + ")");
  const x509::OcspResponse& r = *parsed;
  // RFC 6960 §4.2.1: only a "successful" response carries a (signed) status.
  if (r.response_status != 0)
    return refuse("the responder answered " + response_status_name(r.response_status) +
                  " instead of successful, so it holds no status; fetch the response again");
  const crypto::Provider& provider = crypto::default_provider();
  // RFC 6960 §3.2 (1): the response must identify the certificate.
  const x509::OcspSingle* single = find_single(r, **leaf, **issuer, provider);
  if (!single) return refuse(not_covered(r, **leaf, label));
  // RFC 6960 §3.2 (5): thisUpdate must not be in the future (beyond the tolerated skew).
  if (single->this_update > now + x509::kOcspClockSkew)
    return refuse("the response is not valid before " + format_staple_time(single->this_update) +
                  " (thisUpdate); the responder's clock or ours is wrong");
  // RFC 6960 §3.2 (6) and §4.2.2.1: past nextUpdate the response is unreliable. A server has
  // no business serving it late, so no skew here: clients at or after nextUpdate refuse it.
  const int64_t expires = single->next_update
                              ? *single->next_update
                              : single->this_update + x509::kOcspMaxAgeWithoutNextUpdate;
  if (now >= expires)
    return refuse(
        std::string(single->next_update
                        ? "the response expired at " + format_staple_time(expires) + " (nextUpdate)"
                        : "the response from " + format_staple_time(single->this_update) +
                              " has no nextUpdate and is older than 7 days") +
        "; fetch a fresh one from the CA's OCSP responder");
  // Clients refuse SHA-1 and MD5 signatures (as check_ocsp does without allow_sha1).
  if (r.sig_alg.digest == x509::DigestAlg::md5 || r.sig_alg.digest == x509::DigestAlg::sha1)
    return refuse("the response is signed with " + r.sig_alg.name +
                  ", which clients refuse as too weak; ask for a SHA-256 signed response");

  // RFC 6960 §3.2 (2)-(4) and §4.2.2.2: the signature, by the issuer or a delegated responder
  // it certified with id-kp-OCSPSigning; then the status.
  const x509::OcspResult res = x509::check_ocsp(der_response, **leaf, **issuer, now,
                                                /*allow_sha1=*/false, provider);
  if (res.code == x509::kCertRevoked)
    return refuse(res.detail + "; a revoked certificate is never stapled: replace the certificate");
  if (res.code == x509::kOcspCertUnknown)
    return refuse(res.detail + " (status unknown); fetch the response from " + label +
                  "'s CA (the OCSP URL in its authorityInfoAccess)");
  if (res.code != 0)
    return refuse(res.detail + "; it must be signed by the issuer (" + (*issuer)->subject_line() +
                  ") or by a responder certificate the issuer signed with the OCSPSigning "
                  "extended key usage (RFC 6960 §4.2.2.2)");

  d.response.assign(der_response.begin(), der_response.end());
  d.expires_at = expires;
  d.reason = "OCSP response for " + label + " stapled (" + file_name + "): good, " +
             (single->next_update ? "next update " + format_staple_time(expires)
                                  : "no nextUpdate, fresh until " + format_staple_time(expires) +
                                        " (thisUpdate + 7 days)");
  return d;
}

std::shared_ptr<const CertifiedKey> with_staple(const CertifiedKey& key, Bytes response) {
  CertifiedKey copy = key;
  copy.ocsp_response = std::move(response);
  return std::make_shared<const CertifiedKey>(std::move(copy));
}

}  // namespace tlskit::tools
