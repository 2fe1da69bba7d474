// The handshake transcript hash (RFC 8446 §4.4.1).
#include "handshake/transcript.h"

#include <string>

namespace tlskit::handshake {
namespace {

Error transcript_error(std::string detail) {
  return make_error(ErrorCode::internal_error, Alert::internal_error, Party::us, Step::none,
                    std::move(detail));
}

}  // namespace

Transcript::Transcript(const crypto::Provider& p) : p_(p) {}

size_t Transcript::hash_size() const { return hash_ ? crypto::hash_size(alg_) : 0; }

void Transcript::add(ByteView message) {
  ++count_;
  if (hash_) hash_->update(message);
  if (!hash_ || retain_) buffer_.insert(buffer_.end(), message.begin(), message.end());
}

Result<void> Transcript::set_hash(crypto::HashAlg h) {
  if (hash_) {
    if (h == alg_) return ok();
    return transcript_error(std::string("transcript hash already ") + crypto::hash_name(alg_) +
                            ", cannot switch to " + crypto::hash_name(h));
  }
  alg_ = h;
  hash_ = p_.make_hash(h);
  if (!hash_)
    return make_error(ErrorCode::crypto_failure, Alert::internal_error, Party::us, Step::none,
                      std::string("the crypto provider has no ") + crypto::hash_name(h));
  hash_->update(buffer_);
  if (!retain_) {
    secure_zero(buffer_.data(), buffer_.size());
    buffer_.clear();
    buffer_.shrink_to_fit();
  }
  return ok();
}

Result<Digest> Transcript::current() const {
  if (!hash_) return transcript_error("transcript hash requested before the hash was chosen");
  Digest d;
  d.size = crypto::hash_size(alg_);
  hash_->peek(MutableByteView(d.bytes.data(), d.size));
  return d;
}

Result<Transcript> Transcript::fork() const {
  if (!hash_) return transcript_error("transcript forked before the hash was chosen");
  Transcript t(p_);
  t.alg_ = alg_;
  t.hash_ = hash_->copy();
  t.count_ = count_;
  t.replaced_ = replaced_;
  return t;
}

Result<Digest> Transcript::hash_with(crypto::HashAlg h, ByteView extra) const {
  Digest d;
  d.size = crypto::hash_size(h);
  std::unique_ptr<crypto::Hash> tmp;
  if (hash_) {
    if (h != alg_)
      return transcript_error(std::string("binder hash ") + crypto::hash_name(h) +
                              " differs from the transcript hash " + crypto::hash_name(alg_));
    tmp = hash_->copy();
  } else {
    tmp = p_.make_hash(h);
    if (!tmp)
      return make_error(ErrorCode::crypto_failure, Alert::internal_error, Party::us, Step::none,
                        std::string("the crypto provider has no ") + crypto::hash_name(h));
    tmp->update(buffer_);
  }
  tmp->update(extra);
  tmp->peek(MutableByteView(d.bytes.data(), d.size));
  return d;
}

Result<void> Transcript::replace_with_message_hash() {
  if (!hash_)
    return transcript_error("HelloRetryRequest transcript rule before the hash was chosen");
  if (replaced_) return transcript_error("HelloRetryRequest transcript rule applied twice");
  TK_ASSIGN(Digest ch1, current());
  // RFC 8446 §4.4.1: Transcript-Hash(ClientHello1, HelloRetryRequest, ...) =
  //   Hash(message_hash || 00 00 Hash.length || Hash(ClientHello1) || HelloRetryRequest || ...)
  hash_ = p_.make_hash(alg_);
  if (!hash_)
    return make_error(ErrorCode::crypto_failure, Alert::internal_error, Party::us, Step::none,
                      std::string("the crypto provider has no ") + crypto::hash_name(alg_));
  const uint8_t header[4] = {static_cast<uint8_t>(HandshakeType::message_hash), 0, 0,
                             static_cast<uint8_t>(ch1.size)};
  hash_->update(header);
  hash_->update(ch1.view());
  if (retain_) {
    buffer_.clear();
    buffer_.insert(buffer_.end(), header, header + 4);
    buffer_.insert(buffer_.end(), ch1.bytes.begin(), ch1.bytes.begin() + ch1.size);
  }
  replaced_ = true;
  return ok();
}

}  // namespace tlskit::handshake
