// SessionTicket extension codec.
#include "wire/ext_session_ticket.h"

namespace tlskit {

Result<SessionTicketExt> parse_session_ticket(ByteView data, Step) {
  return SessionTicketExt{Bytes(data.begin(), data.end())};
}

void write_session_ticket(const SessionTicketExt& v, ByteWriter& w) { w.bytes(v.ticket); }

Extension to_extension(const SessionTicketExt& v) {
  return make_owned_extension(ExtensionType::session_ticket, v, write_session_ticket);
}

}  // namespace tlskit
