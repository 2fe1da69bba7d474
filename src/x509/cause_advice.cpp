// The cause-to-advice table (cause_advice.h): one row per failure cause, with variants by verify
// code or by the failing certificate's place in the chain where the fix differs.
#include "x509/cause_advice.h"

#include <iterator>

#include "x509/verify_codes.h"

namespace tlskit::x509 {
namespace {

// Which certificate a row applies to.
enum class At { any, leaf, ca };

// One row. Placeholders in the texts: {sender} (who sent the chain), {issuer} (the issuer that
// was not found), {asked} (the host name asked for).
struct Row {
  const char* cause;
  int code;  // 0: any verify code
  At at;
  const char* problem;
  const char* fix;
};

// First matching row wins: the variants come before their cause's general row.
constexpr Row kRows[] = {
    {"expired", 0, At::ca, "has expired",
     "Install the current version of that CA certificate in the chain the {sender} sends (the CA "
     "has renewed it)."},
    {"expired", 0, At::any, "has expired",
     "Renew the certificate and install it on the {sender} (or, if this machine's clock is "
     "wrong, fix the clock)."},
    {"not_yet_valid", 0, At::any, "is not valid yet",
     "Check the clocks of this machine and of the {sender} (NTP); if they are right, reissue the "
     "certificate with a start date in the past."},
    {"hostname_mismatch", 0, At::any, "is not valid for {asked}",
     "Connect with a name the certificate covers, or reissue the certificate with {asked} in its "
     "subjectAltName."},
    {"missing_intermediate", kUnableToGetIssuerCert, At::any,
     "chains to {issuer}, a root that is not in the trust store",
     "Add {issuer} (the root) to the trust store (--CAfile) if you trust it, or allow partial "
     "chains."},
    {"missing_intermediate", 0, At::any,
     "names an issuer, {issuer}, that is neither in the chain nor in the trust store",
     "Configure the {sender} to send the full chain: its certificate followed by the intermediate "
     "{issuer} (e.g. cat cert.pem intermediate.pem > chain.pem), or, if that issuer is a root, "
     "trust it."},
    {"untrusted_root", 0, At::any, "leads to a root that is not in the trust store",
     "If you trust that CA, add its certificate to the trust store (--CAfile); otherwise the "
     "{sender} needs a certificate from a CA its peers trust. If it is an intermediate CA, the "
     "{sender} must send it too."},
    {"self_signed", 0, At::any, "is self-signed and not in the trust store",
     "If this is the certificate you expect, trust it explicitly (--CAfile with that "
     "certificate); otherwise install a CA-issued certificate on the {sender}."},
    {"distrusted", 0, At::any, "is explicitly distrusted by the trust store",
     "The trust store rejects this certificate for this purpose; use a certificate from another "
     "CA."},
    {"bad_signature", 0, At::any, "has a signature that does not verify with its issuer's key",
     "Install the right issuer certificates on the {sender}: the chain is corrupt or mixes "
     "certificates from different CAs (reinstall the CA's published chain)."},
    {"weak_signature_algorithm", 0, At::any, "is signed with a weak algorithm (MD5 or SHA-1)",
     "Reissue the certificate with a SHA-256 (or stronger) signature."},
    {"unsupported_algorithm", 0, At::any, "uses a signature algorithm that is not supported",
     "Reissue the certificate with RSA (PKCS#1 v1.5 or PSS), ECDSA or Ed25519 and SHA-256 or "
     "stronger."},
    {"key_too_small", 0, At::any, "has a key that is too small",
     "Reissue with at least a 2048-bit RSA key or an ECDSA key."},
    {"not_a_ca", 0, At::any, "issued a certificate without being a CA",
     "Only CA certificates (basicConstraints cA:TRUE with keyCertSign) may issue certificates; "
     "use the CA's real intermediate."},
    {"path_too_long", 0, At::any, "is below more CAs than a pathLenConstraint allows",
     "The CA's pathLenConstraint forbids this many intermediate CAs below it; issue from a higher "
     "CA."},
    {"chain_too_long", 0, At::any, "is at the end of a chain longer than the depth limit",
     "Raise the depth limit (-verify_depth / --verify-depth counts intermediates), or have the "
     "{sender} send a chain to a nearer trusted CA."},
    {"path_loop", 0, At::any, "is part of a chain that loops",
     "The {sender}'s chain names its certificates in a circle; send the chain the CA publishes."},
    {"wrong_purpose", 0, At::any,
     "is not valid for this purpose: its extendedKeyUsage or keyUsage does not allow it",
     "Use a certificate whose extendedKeyUsage includes this purpose (serverAuth for servers, "
     "clientAuth for clients) and whose keyUsage allows digitalSignature."},
    {"wrong_key_usage", 0, At::any, "has a keyUsage that does not allow signing the handshake",
     "Reissue the certificate with keyUsage digitalSignature."},
    {"revoked", 0, At::any, "was revoked by its CA",
     "The CA revoked this certificate: install a new one on the {sender}."},
    {"revocation_unknown", 0, At::any, "has a revocation status that could not be checked",
     "Supply a current, correctly signed CRL from the certificate's issuer."},
    {"bad_crl", 0, At::any, "has a CRL that is stale or not correctly signed",
     "Supply a current, correctly signed CRL from the certificate's issuer."},
    {"bad_ocsp_response", 0, At::any, "came with an OCSP response that does not check out",
     "Staple a fresh OCSP response signed by the issuer or its delegated responder."},
    {"ocsp_unknown", 0, At::any, "is unknown to its OCSP responder",
     "Staple a fresh OCSP response signed by the issuer or its delegated responder."},
    {"unknown_critical_extension", 0, At::any, "has a critical extension that is not implemented",
     "The certificate needs processing we do not implement; reissue it without that critical "
     "extension."},
    {"invalid_extension", 0, At::any, "has a malformed or inconsistent extension",
     "Reissue the certificate with well-formed extensions that agree with each other (RFC 5280 "
     "§4.2)."},
    {"name_constraint_violation", 0, At::any, "has a name its CA may not issue for",
     "The CA is not allowed to issue for this name; use a CA whose name constraints permit it."},
    {"policy_violation", 0, At::any, "does not satisfy the certificate policies its CAs require",
     "Issue the certificate under a policy the CAs above it accept."},
    {"malformed_certificate", 0, At::any, "cannot be parsed",
     "The {sender} sent a corrupt certificate; reinstall it from the CA's files."},
    {"no_certificate", 0, At::any, "is missing: the {sender} sent none",
     "Configure the {sender} with its certificate."},
    {"pin_mismatch", 0, At::any, "does not match the pinned key",
     "Check that the {sender} serves the expected certificate, or update the pin."},
};

constexpr Row kGeneric = {"", 0, At::any, "failed verification",
                          "Reissue the certificate in conformance with RFC 5280."};

bool row_matches(const Row& row, std::string_view cause, const AdviceFacts& f) {
  if (cause != row.cause) return false;
  if (row.code != 0 && row.code != f.code) return false;
  if (row.at == At::leaf) return f.depth == 0;
  if (row.at == At::ca) return f.depth > 0;
  return true;
}

// Replaces every {name} placeholder with the fact it stands for.
std::string fill(std::string_view text, const AdviceFacts& f) {
  std::string out;
  out.reserve(text.size() + 32);
  for (size_t i = 0; i < text.size();) {
    if (text[i] == '{') {
      size_t end = text.find('}', i);
      if (end == std::string_view::npos) break;  // not a placeholder: the table has none such
      std::string_view key = text.substr(i + 1, end - i - 1);
      if (key == "sender") {
        out += f.sender.empty() ? std::string_view("peer") : std::string_view(f.sender);
      } else if (key == "issuer") {
        out += f.issuer.empty() ? std::string_view("its issuer") : std::string_view(f.issuer);
      } else if (key == "asked") {
        out += f.asked.empty() ? std::string_view("the name asked for") : std::string_view(f.asked);
      }
      i = end + 1;
      continue;
    }
    out += text[i++];
  }
  return out;
}

}  // namespace

CauseAdvice cause_advice(std::string_view cause, const AdviceFacts& facts) {
  const Row* row = &kGeneric;
  for (const Row& r : kRows) {
    if (row_matches(r, cause, facts)) {
      row = &r;
      break;
    }
  }
  return {fill(row->problem, facts), fill(row->fix, facts)};
}

std::vector<std::string> advised_causes() {
  std::vector<std::string> out;
  for (const Row& r : kRows) {
    if (out.empty() || out.back() != r.cause) out.emplace_back(r.cause);
  }
  return out;
}

}  // namespace tlskit::x509
