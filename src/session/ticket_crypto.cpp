// One ticket under one key: the AEAD layout of session/ticket_keys.h.
#include "session/ticket_crypto.h"

#include <algorithm>
#include <cstring>

namespace tlskit::session {

Result<Bytes> seal_ticket(crypto::Aead& aead, const std::array<uint8_t, kTicketKeyNameSize>& name,
                          ByteView plaintext, Rng& rng) {
  if (plaintext.size() > kMaxTicketSize - kTicketOverhead)
    return make_error(ErrorCode::limit_exceeded, Alert::internal_error, Party::us,
                      Step::new_session_ticket, "session state too large for a ticket");
  Bytes out(kTicketOverhead + plaintext.size());
  uint8_t* p = out.data();
  std::memcpy(p, name.data(), kTicketKeyNameSize);
  MutableByteView nonce(p + kTicketKeyNameSize, kTicketNonceSize);
  rng.fill(nonce);
  ByteView aad(p, kTicketKeyNameSize + kTicketNonceSize);
  MutableByteView body(p + kTicketKeyNameSize + kTicketNonceSize, plaintext.size());
  if (!plaintext.empty()) std::memcpy(body.data(), plaintext.data(), plaintext.size());
  MutableByteView tag(body.data() + body.size(), kTicketTagSize);
  auto sealed = aead.seal(nonce, aad, body, tag);
  if (!sealed) {
    secure_zero(out.data(), out.size());
    return std::move(sealed).error();
  }
  return out;
}

bool ticket_size_ok(ByteView ticket) {
  return ticket.size() >= kTicketOverhead && ticket.size() <= kMaxTicketSize;
}

bool ticket_names(ByteView ticket, const std::array<uint8_t, kTicketKeyNameSize>& name) {
  ByteView n = ticket.first(kTicketKeyNameSize);
  return std::equal(n.begin(), n.end(), name.begin());
}

std::optional<SecretBytes> open_ticket(crypto::Aead& aead, ByteView ticket) {
  ByteView nonce = ticket.subspan(kTicketKeyNameSize, kTicketNonceSize);
  ByteView aad = ticket.first(kTicketKeyNameSize + kTicketNonceSize);
  size_t body_len = ticket.size() - kTicketOverhead;
  ByteView tag = ticket.last(kTicketTagSize);
  SecretBytes plain(ticket.subspan(kTicketKeyNameSize + kTicketNonceSize, body_len));
  if (!aead.open(nonce, aad, plain.mutable_view(), tag)) return std::nullopt;
  return plain;
}

}  // namespace tlskit::session
