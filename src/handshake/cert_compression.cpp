// Certificate compression (RFC 8879 §3, §4): offer, choice, cached compression, and the bounded
// opening of the peer's CompressedCertificate.
#include "handshake/cert_compression.h"

#include <algorithm>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>

#include "compress/cert_codec.h"
#include "wire/ext_compress_certificate.h"
#include "wire/msg_compressed_certificate.h"

namespace tlskit::handshake {
namespace {

// Compressed Certificate bodies by (algorithm, uncompressed body): compression at a high level
// costs milliseconds, and a server sends the same chain in every handshake. Keyed by content,
// so a reloaded chain or a new OCSP staple simply makes a new entry. One cache per thread, so a
// handshake takes no lock (a server's worker threads each compress a chain once).
class CompressedCertificateCache {
 public:
  // The compressed form of body with alg, compressed now if not cached.
  Result<std::shared_ptr<const Bytes>> get(CertCompressionAlgorithm alg, ByteView body,
                                           Step step) {
    std::string key(2 + body.size(), '\0');
    key[0] = static_cast<char>(static_cast<uint16_t>(alg) >> 8);
    key[1] = static_cast<char>(static_cast<uint16_t>(alg) & 0xFF);
    std::copy(body.begin(), body.end(), key.begin() + 2);
    if (auto it = entries_.find(key); it != entries_.end()) return it->second;
    TK_ASSIGN(Bytes packed, compress::compress(alg, body, step));
    auto value = std::make_shared<const Bytes>(std::move(packed));
    if (entries_.size() >= kCompressedCertificateCacheEntries && !order_.empty()) {
      entries_.erase(order_.front());
      order_.pop_front();
    }
    if (entries_.emplace(key, value).second) order_.push_back(std::move(key));
    return value;
  }

 private:
  std::unordered_map<std::string, std::shared_ptr<const Bytes>> entries_;
  std::deque<std::string> order_;  // insertion order, for eviction
};

CompressedCertificateCache& cache() {
  thread_local CompressedCertificateCache c;
  return c;
}

}  // namespace

bool cert_compression_implemented(CertCompressionAlgorithm a) { return compress::supported(a); }

std::span<const CertCompressionAlgorithm> offered_cert_compression(const Config& config) {
  return config.certificate_compression;
}

std::optional<Extension> our_compress_certificate_extension(const Config& config) {
  if (config.certificate_compression.empty()) return std::nullopt;
  return to_extension(CompressCertificate{config.certificate_compression});
}

Result<std::optional<CertCompressionAlgorithm>> choose_cert_compression(const Config& config,
                                                                       const Extension* peer,
                                                                       Step step) {
  if (!peer || config.certificate_compression.empty())
    return std::optional<CertCompressionAlgorithm>();
  TK_ASSIGN(CompressCertificate theirs, parse_compress_certificate(peer->body(), step));
  for (CertCompressionAlgorithm a : config.certificate_compression)
    if (theirs.contains(a) && compress::supported(a)) return std::optional(a);
  return std::optional<CertCompressionAlgorithm>();
}

Result<Bytes> build_our_certificate(const Certificate13& cert,
                                    std::optional<CertCompressionAlgorithm> alg,
                                    HandshakeInfo& info, Step step) {
  Bytes plain;
  ByteWriter w(plain);
  write_certificate13(cert, w);
  if (!alg) return plain;
  // RFC 8879 §4 (errata 8753): the input is the Certificate body, without its handshake header.
  const ByteView body = ByteView(plain).subspan(4);
  TK_ASSIGN(std::shared_ptr<const Bytes> packed, cache().get(*alg, body, step));
  CompressedCertificate cc;
  cc.algorithm = *alg;
  cc.uncompressed_length = static_cast<uint32_t>(body.size());
  cc.compressed_certificate_message = *packed;
  Bytes out;
  ByteWriter cw(out);
  write_compressed_certificate(cc, cw);
  info.local_cert_compression = CertCompressionInfo{
      *alg, cc.uncompressed_length, static_cast<uint32_t>(packed->size())};
  return out;
}

Result<Bytes> open_compressed_certificate(const Config& config,
                                          std::span<const CertCompressionAlgorithm> offered,
                                          ByteView body, Step step, HandshakeInfo& info) {
  // RFC 8879 §3: a peer may send CompressedCertificate only after our compress_certificate.
  if (offered.empty())
    return make_error(ErrorCode::unexpected_message, Alert::unexpected_message, Party::peer, step,
                      "expected Certificate, got CompressedCertificate, but we did not offer "
                      "certificate compression (RFC 8879 §3)");
  TK_ASSIGN(CompressedCertificate cc, parse_compressed_certificate(body, step));
  // RFC 8879 §4: "The algorithm MUST be one of the algorithms listed in the peer's
  // compress_certificate extension."
  if (std::find(offered.begin(), offered.end(), cc.algorithm) == offered.end())
    return make_error(ErrorCode::illegal_parameter, Alert::illegal_parameter, Party::peer, step,
                      "the CompressedCertificate uses " + cert_compression_name(cc.algorithm) +
                          ", which we did not offer (RFC 8879 §4)");
  // RFC 8879 §4: the length is checked before decompressing; a stream that decodes to another
  // length is bad_certificate.
  TK_ASSIGN(Bytes plain, compress::decompress(cc.algorithm, cc.compressed_certificate_message,
                                              cc.uncompressed_length,
                                              config.max_decompressed_certificate, step));
  info.peer_cert_compression =
      CertCompressionInfo{cc.algorithm, cc.uncompressed_length,
                          static_cast<uint32_t>(cc.compressed_certificate_message.size())};
  return plain;
}

}  // namespace tlskit::handshake
