// CertifiedKey loading: a PEM chain and a PEM private key that must belong to the leaf.
#include <fstream>
#include <sstream>

#include "codec/pem.h"
#include "crypto/provider.h"
#include "handshake/spki_extract.h"
#include "tlskit/config.h"

namespace tlskit {
namespace {

// Largest PEM file we read (a long chain with comments is far smaller).
constexpr size_t kMaxPemFileSize = 4u << 20;

Error file_error(std::string detail) {
  return make_error(ErrorCode::file_error, Alert::none, Party::config, Step::config,
                    std::move(detail));
}

Result<std::string> read_text_file(const std::string& path, const char* what) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return file_error(std::string("cannot open the ") + what + " file '" + path + "'");
  std::string text;
  char buf[8192];
  while (f.read(buf, sizeof buf) || f.gcount() > 0) {
    text.append(buf, static_cast<size_t>(f.gcount()));
    if (text.size() > kMaxPemFileSize)
      return file_error(std::string("the ") + what + " file '" + path + "' is larger than 4 MiB");
  }
  if (f.bad()) return file_error(std::string("cannot read the ") + what + " file '" + path + "'");
  return text;
}

Result<CertifiedKey> build(std::string_view chain_pem, std::string_view key_pem,
                           const crypto::Provider& provider, const std::string& chain_name,
                           const std::string& key_name) {
  auto blocks = pem_decode_all(chain_pem);
  if (!blocks)
    return file_error("the certificate file " + chain_name + " is not valid PEM: " +
                      blocks.error().detail);
  CertifiedKey ck;
  for (auto& b : *blocks)
    if (b.label == "CERTIFICATE" || b.label == "X509 CERTIFICATE" ||
        b.label == "TRUSTED CERTIFICATE")
      ck.chain.push_back(std::move(b.der));
  if (ck.chain.empty())
    return file_error("the certificate file " + chain_name +
                      " contains no '-----BEGIN CERTIFICATE-----' block");
  auto leaf_spki = handshake::extract_spki(ck.chain.front());
  if (!leaf_spki)
    return file_error("the first certificate in " + chain_name +
                      " cannot be parsed: " + leaf_spki.error().detail);
  auto key = provider.load_private_key_pem(key_pem);
  if (!key)
    return file_error("the private key file " + key_name +
                      " holds no usable private key: " + key.error().detail);
  ByteView key_spki = (*key)->public_key_spki();
  if (!constant_time_equal(key_spki, *leaf_spki))
    return make_error(ErrorCode::key_mismatch, Alert::none, Party::config, Step::config,
                      "the private key in " + key_name +
                          " does not match the first certificate in " + chain_name +
                          " (their public keys differ); give the key that was used to "
                          "request that certificate, and put the leaf certificate first");
  ck.key = std::shared_ptr<const crypto::PrivateKey>(std::move(*key));
  return ck;
}

}  // namespace

Result<CertifiedKey> CertifiedKey::load_pem_files(const std::string& chain_path,
                                                  const std::string& key_path,
                                                  const crypto::Provider& provider) {
  TK_ASSIGN(std::string chain, read_text_file(chain_path, "certificate"));
  TK_ASSIGN(std::string key, read_text_file(key_path, "private key"));
  auto r = build(chain, key, provider, "'" + chain_path + "'", "'" + key_path + "'");
  secure_zero(key.data(), key.size());
  return r;
}

Result<CertifiedKey> CertifiedKey::from_pem(std::string_view chain_pem, std::string_view key_pem,
                                            const crypto::Provider& provider) {
  return build(chain_pem, key_pem, provider, "(in memory)", "(in memory)");
}

Result<CertifiedKey> CertifiedKey::load_pem_files(const std::string& chain_path,
                                                  const std::string& key_path) {
  return load_pem_files(chain_path, key_path, crypto::default_provider());
}

Result<CertifiedKey> CertifiedKey::from_pem(std::string_view chain_pem, std::string_view key_pem) {
  return from_pem(chain_pem, key_pem, crypto::default_provider());
}

}  // namespace tlskit
