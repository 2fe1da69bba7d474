// supported_groups (RFC 8446 §4.2.7, RFC 8422 §5.1.1).
#pragma once
#include <vector>

#include "base/result.h"
#include "codec/byte_writer.h"
#include "wire/extensions.h"
#include "base/iana_registry.h"

namespace tlskit {

// NamedGroupList.
struct SupportedGroups {
  std::vector<NamedGroup> groups;  // preference order; GREASE values dropped on parse

  bool operator==(const SupportedGroups&) const = default;
};

// Parses extension_data: an empty or odd-length list, bad lengths, trailing bytes ->
// decode_error. GREASE values (RFC 8701) are ignored; unknown groups are kept.
Result<SupportedGroups> parse_supported_groups(ByteView data, Step step = Step::client_hello);

// Writes the extension_data.
void write_supported_groups(const SupportedGroups& v, ByteWriter& w);

// Builds the supported_groups extension.
Extension to_extension(const SupportedGroups& v);

}  // namespace tlskit
