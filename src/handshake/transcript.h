// The handshake transcript (RFC 8446 §4.4.1, RFC 5246 §7.4.9): a running hash of handshake
// messages. Messages are buffered until the hash is known (it is chosen by ServerHello or
// HelloRetryRequest), then hashed incrementally.
#pragma once
#include <array>
#include <cstddef>
#include <memory>

#include "base/bytes.h"
#include "base/result.h"
#include "crypto/provider.h"

namespace tlskit::handshake {

// A hash value held inline (no allocation).
struct Digest {
  std::array<uint8_t, crypto::kMaxHashSize> bytes{};
  size_t size = 0;
  ByteView view() const { return {bytes.data(), size}; }
  operator ByteView() const { return view(); }
};

// The running transcript of one handshake.
class Transcript {
 public:
  explicit Transcript(const crypto::Provider& p);

  // Appends one whole handshake message (4-byte header included).
  void add(ByteView message);

  // Fixes the hash (on ServerHello / HelloRetryRequest) and hashes what was buffered.
  // Calling again with the same hash does nothing. Errors: internal_error if a different hash
  // was already set.
  Result<void> set_hash(crypto::HashAlg h);
  bool has_hash() const { return hash_ != nullptr; }
  crypto::HashAlg hash_alg() const { return alg_; }
  size_t hash_size() const;

  // Transcript-Hash of everything added so far, without ending the hash.
  // Errors: internal_error before set_hash.
  Result<Digest> current() const;

  // Transcript-Hash(messages so far || extra) for hash h, without adding extra: the hash
  // over a truncated ClientHello for PSK binders (RFC 8446 §4.2.11.2), usable before
  // set_hash (it hashes the buffer with h) and after (h must equal the chosen hash).
  // Errors: internal_error (h differs from the chosen hash).
  Result<Digest> hash_with(crypto::HashAlg h, ByteView extra) const;

  // The HelloRetryRequest rule (RFC 8446 §4.4.1): replaces the transcript so far
  // (ClientHello1) by message_hash(254) || 00 00 Hash.length || Hash(ClientHello1).
  // Call after set_hash and before adding the HelloRetryRequest.
  // Errors: internal_error before set_hash or when called twice.
  Result<void> replace_with_message_hash();

  // Keep copies of the messages added from now on (TLS 1.2 CertificateVerify signs the
  // handshake messages themselves, RFC 5246 §7.4.8). Off by default.
  void retain_messages(bool on) { retain_ = on; }
  // All messages added while retaining (or still buffered before set_hash).
  ByteView messages() const { return buffer_; }

  // An independent copy of the running hash (no retained messages): each post-handshake
  // authentication continues from the transcript through the client Finished (RFC 8446
  // §4.4). Errors: internal_error before set_hash.
  Result<Transcript> fork() const;
  // Number of messages added.
  size_t message_count() const { return count_; }

 private:
  const crypto::Provider& p_;
  crypto::HashAlg alg_ = crypto::HashAlg::sha256;
  std::unique_ptr<crypto::Hash> hash_;
  Bytes buffer_;
  size_t count_ = 0;
  bool retain_ = false;
  bool replaced_ = false;
};

}  // namespace tlskit::handshake
