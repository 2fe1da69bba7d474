// SessionTicket TLS extension (RFC 5077 §3.2), TLS 1.2 only.
#pragma once
#include "base/bytes.h"
#include "base/result.h"
#include "codec/byte_writer.h"
#include "wire/extensions.h"

namespace tlskit {

// ClientHello form: the whole extension_data is the ticket (empty = "I support tickets").
// The ServerHello form is always empty (parse_empty_extension).
struct SessionTicketExt {
  Bytes ticket;

  bool operator==(const SessionTicketExt&) const = default;
};

// Parses the ClientHello form (never fails: any bytes are a ticket).
Result<SessionTicketExt> parse_session_ticket(ByteView data, Step step = Step::client_hello);

// Writes the extension_data.
void write_session_ticket(const SessionTicketExt& v, ByteWriter& w);

// Builds the extension.
Extension to_extension(const SessionTicketExt& v);

}  // namespace tlskit
