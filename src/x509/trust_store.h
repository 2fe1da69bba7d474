// Trust anchors: the system bundle, a CA file, a CA directory, or in-memory roots, parsed once
// and indexed by normalized subject name and subject key identifier.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "x509/certificate.h"

namespace tlskit::x509 {

// Where Debian keeps the system CA bundle (the first candidate of x509/system_roots.h, which
// finds the bundle on other systems too).
inline constexpr std::string_view kSystemBundle = "/etc/ssl/certs/ca-certificates.crt";
// Bound on certificates in one store (the Mozilla bundle has ~150).
inline constexpr size_t kMaxTrustStoreCerts = 100000;

// An immutable-after-construction set of trusted certificates; safe to share between threads
// once built.
class TrustStore {
 public:
  // Adds one certificate (duplicates by DER are ignored). Returns false when the store is full.
  bool add(CertPtr cert);
  // Adds every certificate of a PEM or DER file; returns how many were added. Fails with
  // file_error when the file cannot be read or holds no certificate, decode_error when a
  // certificate in it is malformed.
  Result<size_t> add_file(const std::string& path);
  // Adds every certificate file in a directory (OpenSSL -CApath: *.pem, *.crt, *.cer and the
  // hashed "xxxxxxxx.N" links). Unparsable files are skipped; fails if none could be read.
  Result<size_t> add_directory(const std::string& path);
  // Adds the certificates of a PEM/DER text held in memory.
  Result<size_t> add_pem(ByteView pem_or_der);

  // Certificates whose subject matches name (RFC 5280 §7.1 comparison).
  std::vector<CertPtr> find_by_subject(const Name& name) const;
  // True when this exact certificate (same DER) is in the store.
  bool contains(const Certificate& cert) const;
  // True when a certificate with this subject and public key is in the store (a re-issued
  // root that the peer sent is still recognized as the anchor).
  bool contains_key(const Certificate& cert) const;
  size_t size() const { return certs_.size(); }
  const std::vector<CertPtr>& all() const { return certs_; }

 private:
  std::vector<CertPtr> certs_;
  std::unordered_multimap<std::string, size_t> by_subject_;
  std::unordered_set<std::string> ders_;
  std::unordered_set<std::string> subject_keys_;
};

// Reads a whole file (bounded to 64 MB); file_error with the path and reason on failure.
Result<Bytes> read_file_bytes(const std::string& path);

}  // namespace tlskit::x509
