// Finished (RFC 8446 §4.4.4): building ours and checking the peer's, with a proof value that
// only a successful check creates (the Connected state requires it).
#pragma once
#include "base/bytes.h"
#include "base/result.h"
#include "codec/byte_writer.h"
#include "crypto/provider.h"

namespace tlskit::handshake {

// Proof that the peer's Finished verified. Only verify_peer_finished() creates one.
class FinishedVerified {
 private:
  FinishedVerified() = default;
  friend Result<FinishedVerified> verify_peer_finished(const crypto::Provider&, crypto::HashAlg,
                                                       ByteView, ByteView, ByteView, Step);
  friend Result<FinishedVerified> check_finished_tls12(const crypto::Provider&, crypto::HashAlg,
                                                       ByteView, bool, ByteView, ByteView);
};

// Writes a whole Finished message (header + verify_data) to w, with verify_data =
// HMAC(finished_key(base_key), transcript_hash). Errors: crypto_failure.
Result<void> write_our_finished(const crypto::Provider& p, crypto::HashAlg h, ByteView base_key,
                                ByteView transcript_hash, ByteWriter& w);

// Parses the peer's Finished body and checks its verify_data in constant time.
// Errors: decode_error (wrong length), bad_finished with alert decrypt_error (mismatch,
// RFC 8446 §4.4.4), both at step.
Result<FinishedVerified> verify_peer_finished(const crypto::Provider& p, crypto::HashAlg h,
                                              ByteView base_key, ByteView transcript_hash,
                                              ByteView body, Step step);

}  // namespace tlskit::handshake
