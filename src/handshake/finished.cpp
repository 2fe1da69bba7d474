// Finished construction and verification (RFC 8446 §4.4.4).
#include "handshake/finished.h"

#include "handshake/key_schedule_tls13.h"
#include "wire/msg_finished.h"

namespace tlskit::handshake {

Result<void> write_our_finished(const crypto::Provider& p, crypto::HashAlg h, ByteView base_key,
                                ByteView transcript_hash, ByteWriter& w) {
  TK_ASSIGN(Bytes verify_data, finished_verify_data(p, h, base_key, transcript_hash));
  write_finished(Finished{verify_data}, w);
  secure_zero(verify_data.data(), verify_data.size());
  return ok();
}

Result<FinishedVerified> verify_peer_finished(const crypto::Provider& p, crypto::HashAlg h,
                                              ByteView base_key, ByteView transcript_hash,
                                              ByteView body, Step step) {
  TK_ASSIGN(Finished fin, parse_finished(body, crypto::hash_size(h), step));
  auto r = check_finished(p, h, base_key, transcript_hash, fin.verify_data);
  if (!r) {
    Error e = std::move(r).error();
    e.step = step;
    e.party = Party::peer;
    if (e.code == ErrorCode::bad_finished) {
      // RFC 8446 §4.4.4: recipients MUST verify Finished and abort with decrypt_error.
      e.alert = Alert::decrypt_error;
      e.detail = std::string("the ") + (step == Step::server_finished ? "server" : "client") +
                 "'s Finished verify_data does not match our transcript: the handshake was "
                 "altered in transit or the peer derived different keys";
    }
    return e;
  }
  return FinishedVerified();
}

}  // namespace tlskit::handshake
