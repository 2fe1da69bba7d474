// Trust store loading and lookup.
#include "x509/trust_store.h"

#include <dirent.h>
#include <sys/stat.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace tlskit::x509 {
namespace {

constexpr size_t kMaxFileSize = 64u << 20;
constexpr size_t kMaxDirEntries = 100000;

std::string view_key(ByteView v) {
  return std::string(reinterpret_cast<const char*>(v.data()), v.size());
}

Error file_error(std::string detail) {
  return make_error(ErrorCode::file_error, Alert::none, Party::config, Step::config,
                    std::move(detail));
}

bool looks_like_cert_file(const std::string& name) {
  auto ends = [&](std::string_view s) {
    return name.size() >= s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0;
  };
  if (ends(".pem") || ends(".crt") || ends(".cer") || ends(".der")) return true;
  // OpenSSL c_rehash links: 8 hex digits, '.', a number.
  if (name.size() >= 10 && name[8] == '.') {
    for (size_t i = 0; i < 8; ++i)
      if (!std::isxdigit(static_cast<unsigned char>(name[i]))) return false;
    for (size_t i = 9; i < name.size(); ++i)
      if (name[i] < '0' || name[i] > '9') return false;
    return true;
  }
  return false;
}

}  // namespace

Result<Bytes> read_file_bytes(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return file_error("cannot open '" + path + "': " + std::strerror(errno));
  Bytes out;
  uint8_t buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
    out.insert(out.end(), buf, buf + n);
    if (out.size() > kMaxFileSize) {
      std::fclose(f);
      return file_error("'" + path + "' is larger than 64 MB");
    }
  }
  bool err = std::ferror(f);
  std::fclose(f);
  if (err) return file_error("cannot read '" + path + "'");
  return out;
}

bool TrustStore::add(CertPtr cert) {
  if (!cert) return false;
  std::string der = view_key(cert->der());
  if (ders_.count(der)) return true;
  if (certs_.size() >= kMaxTrustStoreCerts) return false;
  ders_.insert(std::move(der));
  subject_keys_.insert(cert->subject.norm + '\0' + view_key(cert->key.spki));
  by_subject_.emplace(cert->subject.norm, certs_.size());
  certs_.push_back(std::move(cert));
  return true;
}

Result<size_t> TrustStore::add_pem(ByteView input) {
  TK_ASSIGN(auto certs, parse_certificates(input));
  size_t n = 0;
  for (auto& c : certs)
    if (add(std::move(c))) ++n;
  return n;
}

Result<size_t> TrustStore::add_file(const std::string& path) {
  TK_ASSIGN(Bytes data, read_file_bytes(path));
  auto n = add_pem(data);
  if (!n) {
    Error e = std::move(n).error();
    e.detail = "'" + path + "': " + e.detail;
    e.party = Party::config;
    return e;
  }
  if (*n == 0) return file_error("'" + path + "' contains no certificate");
  return *n;
}

Result<size_t> TrustStore::add_directory(const std::string& path) {
  DIR* d = opendir(path.c_str());
  if (!d) return file_error("cannot open directory '" + path + "': " + std::strerror(errno));
  std::vector<std::string> names;
  while (dirent* e = readdir(d)) {
    if (names.size() >= kMaxDirEntries) break;
    std::string name = e->d_name;
    if (looks_like_cert_file(name)) names.push_back(name);
  }
  closedir(d);
  size_t total = 0;
  for (const auto& name : names) {
    std::string full = path + "/" + name;
    struct stat st;
    if (stat(full.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    auto n = add_file(full);
    if (n) total += *n;
  }
  if (total == 0 && size() == 0)
    return file_error("no certificate could be read from directory '" + path + "'");
  return total;
}

std::vector<CertPtr> TrustStore::find_by_subject(const Name& name) const {
  std::vector<CertPtr> out;
  auto range = by_subject_.equal_range(name.norm);
  for (auto it = range.first; it != range.second; ++it) out.push_back(certs_[it->second]);
  return out;
}

bool TrustStore::contains(const Certificate& cert) const {
  return ders_.count(view_key(cert.der())) > 0;
}

bool TrustStore::contains_key(const Certificate& cert) const {
  return subject_keys_.count(cert.subject.norm + '\0' + view_key(cert.key.spki)) > 0;
}

}  // namespace tlskit::x509
