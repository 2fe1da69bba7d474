// early_data (RFC 8446 §4.2.10): empty in ClientHello and EncryptedExtensions; in
// NewSessionTicket it carries max_early_data_size.
#pragma once
#include <cstdint>

#include "base/result.h"
#include "codec/byte_writer.h"
#include "wire/extensions.h"

namespace tlskit {

// NewSessionTicket form.
struct EarlyDataNst {
  uint32_t max_early_data_size = 0;

  bool operator==(const EarlyDataNst&) const = default;
};

// Parses the NewSessionTicket form: exactly 4 bytes, else decode_error.
Result<EarlyDataNst> parse_early_data_nst(ByteView data, Step step = Step::new_session_ticket);

// Writes the NewSessionTicket extension_data.
void write_early_data_nst(const EarlyDataNst& v, ByteWriter& w);

// Builds the NewSessionTicket form (for CH / EE use empty_extension(ExtensionType::early_data)).
Extension to_extension(const EarlyDataNst& v);

}  // namespace tlskit
