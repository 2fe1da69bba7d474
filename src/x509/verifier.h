// The CertVerifier the connection uses (include/tlskit/verifier.h), built from a trust store
// and options, plus the human explanation of every verdict.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tlskit/verifier.h"
#include "x509/path_builder.h"
#include "x509/trust_store.h"

namespace tlskit::x509 {

// How to build a verifier.
struct VerifierOptions {
  // Trust anchors. With none of these set, the system bundle is used.
  bool use_system_store = false;            // add the system store (x509/system_roots.h)
  // With the system store: no CA certificate found is not an error (the store stays empty and
  // every chain fails with 20; the inspector then diagnoses no_trust_store).
  bool allow_empty_system_store = false;
  std::string ca_file;                      // --CAfile (PEM bundle or DER)
  std::string ca_path;                      // --CApath (directory)
  std::vector<Bytes> roots;                 // in-memory roots, PEM or DER each
  std::shared_ptr<const TrustStore> store;  // a prebuilt store (shared, read-only)

  std::optional<int64_t> time;  // validate at this time instead of `now`
  bool allow_sha1 = false;      // MD5 is always refused
  bool strict = false;          // extra RFC 5280 / CA-B profile checks (see ValidationParams)
  bool partial_chain = false;   // non-root certificates in the store are anchors too
  bool cn_fallback = false;     // match the subject CN when there is no DNS/IP SAN
  size_t max_path_certs = 32;
  // At most this many non-self-issued intermediate CAs (OpenSSL -verify_depth); more fail with
  // 22 "certificate chain too long". Unset: no limit beyond max_path_certs.
  std::optional<size_t> max_intermediates;
  size_t min_rsa_bits = 1024;
  std::vector<CrlPtr> crls;  // CRLs to check (leaf only unless crl_check_all)
  bool crl_check = false;
  bool crl_check_all = false;
  bool require_ocsp = false;  // fail (73) unless a good stapled OCSP response is given
  // Report a lone leaf whose issuer is missing as 21 "unable to verify the first certificate",
  // the final code `openssl s_client` shows, instead of `openssl verify`'s 20.
  bool leaf_only_code_21 = false;
};

// Fills the public verdict from a chain result: code text, cause, explanation with a fix,
// alert, summary. host: the name checked (for the summary); sender: who sent the chain, for
// the fix ("server", or "client" for a client certificate).
CertVerifyResult to_verify_result(const ChainResult& r, std::string_view host, bool host_checked,
                                  std::string_view sender = "server");

// The explanation sentence for a failed chain result: what is wrong (the validator's detail) and
// the fix from the cause table (x509/cause_advice.h). sender: who sent the chain ("server" or
// "client"); host: the name that was checked, if any.
std::string explain(const ChainResult& r, std::string_view sender = "server",
                    std::string_view host = {});

// A thread-safe verifier over an immutable trust store.
class X509Verifier final : public CertVerifier {
 public:
  X509Verifier(std::shared_ptr<const TrustStore> store, VerifierOptions opts);
  CertVerifyResult verify(std::span<const Bytes> chain, std::string_view host, CertPurpose purpose,
                          ByteView ocsp, int64_t now) const override;
  // The full result, with the path (for tools that print the chain).
  ChainResult verify_detailed(std::span<const Bytes> chain, std::string_view host,
                              CertPurpose purpose, ByteView ocsp, int64_t now) const;
  const TrustStore& store() const { return *store_; }

 private:
  std::shared_ptr<const TrustStore> store_;
  VerifierOptions opts_;
};

// Builds the trust store described by opts (system bundle, CAfile, CApath, roots). Fails with
// file_error/decode_error naming the file when one cannot be read.
Result<std::shared_ptr<const TrustStore>> build_trust_store(const VerifierOptions& opts);

// Builds a verifier; the trust store is parsed and indexed once here.
Result<std::shared_ptr<const CertVerifier>> make_verifier(VerifierOptions opts);

// Same, returning the concrete type (for callers that want verify_detailed).
Result<std::shared_ptr<const X509Verifier>> make_x509_verifier(VerifierOptions opts);

}  // namespace tlskit::x509
