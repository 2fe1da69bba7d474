// Certificate compression (RFC 8879), TLS 1.3 only: what we offer (compress_certificate in the
// ClientHello or the CertificateRequest), which algorithm compresses our Certificate, the
// CompressedCertificate we send (compressed once per chain and algorithm, then cached), and the
// checks and bounded decompression of the peer's.
#pragma once
#include <optional>
#include <span>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "tlskit/config.h"
#include "tlskit/events.h"
#include "wire/extensions.h"
#include "wire/msg_certificate.h"

namespace tlskit::handshake {

// Most compressed Certificates kept by the process-wide cache (a few chains times three
// algorithms); when full the oldest entry goes.
inline constexpr size_t kCompressedCertificateCacheEntries = 64;

// True for the algorithms tlskit implements (zlib, brotli, zstd).
bool cert_compression_implemented(CertCompressionAlgorithm a);

// The algorithms we offer: Config::certificate_compression (validated: implemented, no
// duplicates). Empty = certificate compression off.
std::span<const CertCompressionAlgorithm> offered_cert_compression(const Config& config);

// Our compress_certificate extension, or nullopt when the Config offers none.
std::optional<Extension> our_compress_certificate_extension(const Config& config);

// The algorithm to compress our Certificate with: our first preference that the peer's
// compress_certificate extension_data lists (RFC 8879 §4: it MUST be one the peer offered), or
// nullopt (no extension, none in common, compression off). Errors: decode_error at `step` for a
// malformed extension.
Result<std::optional<CertCompressionAlgorithm>> choose_cert_compression(const Config& config,
                                                                       const Extension* peer,
                                                                       Step step);

// Our whole Certificate message (header + body): a Certificate, or with alg a
// CompressedCertificate of its body (from the cache when this chain was compressed before).
// Records info.local_cert_compression for a compressed one. Errors: internal_error when the
// codec fails (at `step`).
Result<Bytes> build_our_certificate(const Certificate13& cert,
                                    std::optional<CertCompressionAlgorithm> alg,
                                    HandshakeInfo& info, Step step);

// The peer's CompressedCertificate body -> the Certificate body it carries, to parse as a
// Certificate. offered: what we offered for this certificate. Errors (Party::peer, at `step`):
// - nothing offered -> unexpected_message (RFC 8879 §3: only after compress_certificate);
// - malformed -> decode_error;
// - an algorithm we did not offer -> illegal_parameter (RFC 8879 §4: it MUST be one of ours);
// - uncompressed_length over max_decompressed_certificate -> bad_certificate, nothing
//   allocated; undecodable, or not exactly uncompressed_length bytes -> bad_certificate (§4).
// Records info.peer_cert_compression.
Result<Bytes> open_compressed_certificate(const Config& config,
                                          std::span<const CertCompressionAlgorithm> offered,
                                          ByteView body, Step step, HandshakeInfo& info);

}  // namespace tlskit::handshake
