// NewSessionTicket (TLS 1.3 and TLS 1.2 forms) parse and serialize.
#include "wire/msg_new_session_ticket.h"

#include <string>

#include "codec/byte_reader.h"
#include "wire/extension_rules.h"
#include "wire/handshake_header.h"

namespace tlskit {
namespace {

constexpr Step kStep = Step::new_session_ticket;

Error decode(std::string d) {
  return wire_decode_error(kStep, "NewSessionTicket: " + std::move(d));
}

}  // namespace

Result<NewSessionTicket13> parse_new_session_ticket13(ByteView body) {
  ByteReader r(body);
  NewSessionTicket13 t;
  if (r.remaining() < 9) return decode("truncated: " + std::to_string(body.size()) + " bytes");
  t.ticket_lifetime = r.u32();
  t.ticket_age_add = r.u32();
  uint8_t nonce_len = r.u8();
  if (nonce_len > r.remaining()) return decode("truncated ticket_nonce");
  t.ticket_nonce = r.bytes(nonce_len);
  if (r.remaining() < 2) return decode("truncated before ticket");
  uint16_t ticket_len = r.u16();
  // RFC 8446 §4.6.1: opaque ticket<1..2^16-1>.
  if (ticket_len == 0) return decode("empty ticket");
  if (ticket_len > r.remaining()) return decode("truncated ticket");
  t.ticket = r.bytes(ticket_len);
  TK_ASSIGN(t.extensions, read_extension_block(r, kStep, "NewSessionTicket"));
  if (!r.empty())
    return decode(std::to_string(r.remaining()) + " trailing bytes after the extensions");
  TK_TRY(check_extension_rules(t.extensions, ExtensionContext::new_session_ticket, kStep));
  return t;
}

void write_new_session_ticket13(const NewSessionTicket13& t, ByteWriter& w) {
  auto msg = open_handshake(w, HandshakeType::new_session_ticket);
  w.u32(t.ticket_lifetime);
  w.u32(t.ticket_age_add);
  w.vec8(t.ticket_nonce);
  w.vec16(t.ticket);
  write_extension_block(t.extensions, w);
  close_handshake(w, msg);
}

Result<NewSessionTicket12> parse_new_session_ticket12(ByteView body) {
  ByteReader r(body);
  NewSessionTicket12 t;
  if (r.remaining() < 6) return decode("truncated: " + std::to_string(body.size()) + " bytes");
  t.ticket_lifetime_hint = r.u32();
  uint16_t len = r.u16();
  if (len != r.remaining())
    return decode("ticket length " + std::to_string(len) + " but " + std::to_string(r.remaining()) +
                  " bytes follow");
  t.ticket = r.bytes(len);
  return t;
}

void write_new_session_ticket12(const NewSessionTicket12& t, ByteWriter& w) {
  auto msg = open_handshake(w, HandshakeType::new_session_ticket);
  w.u32(t.ticket_lifetime_hint);
  w.vec16(t.ticket);
  close_handshake(w, msg);
}

}  // namespace tlskit
