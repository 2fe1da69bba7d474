// NewSessionTicket (RFC 8446 §4.6.1 for TLS 1.3; RFC 5077 §3.3 for TLS 1.2).
#pragma once
#include <cstdint>

#include "base/bytes.h"
#include "base/result.h"
#include "codec/byte_writer.h"
#include "wire/extensions.h"

namespace tlskit {

// RFC 8446 §4.6.1: "Servers MUST NOT use any value greater than 604800 seconds (7 days)".
inline constexpr uint32_t kMaxTicketLifetimeSeconds = 604800;

// TLS 1.3 NewSessionTicket. Parsed byte fields are views into the body.
struct NewSessionTicket13 {
  uint32_t ticket_lifetime = 0;
  uint32_t ticket_age_add = 0;
  ByteView ticket_nonce;     // <0..255>
  ByteView ticket;           // <1..2^16-1>
  ExtensionList extensions;  // NST context: early_data (max_early_data_size)
};

// Parses a TLS 1.3 NewSessionTicket body (Step::new_session_ticket, Party::peer): bad lengths,
// trailing bytes, an empty ticket -> decode_error; NST extension rules (unknown extensions are
// kept and ignored, RFC 8446 §4.6.1). A lifetime above kMaxTicketLifetimeSeconds is kept; the
// client caps it (RFC 8446 §4.6.1 lets clients use the ticket for at most 7 days).
Result<NewSessionTicket13> parse_new_session_ticket13(ByteView body);

// Writes the whole message (header + body).
void write_new_session_ticket13(const NewSessionTicket13& t, ByteWriter& w);

// TLS 1.2 NewSessionTicket (RFC 5077 §3.3).
struct NewSessionTicket12 {
  uint32_t ticket_lifetime_hint = 0;
  ByteView ticket;  // <0..2^16-1>; empty means "no ticket this time" (RFC 5077 §3.3)
};

// Parses a TLS 1.2 NewSessionTicket body: bad lengths or trailing bytes -> decode_error.
Result<NewSessionTicket12> parse_new_session_ticket12(ByteView body);

// Writes the whole message (header + body).
void write_new_session_ticket12(const NewSessionTicket12& t, ByteWriter& w);

}  // namespace tlskit
