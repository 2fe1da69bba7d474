// Internal helpers shared by describe.cpp and describe_extensions.cpp (not a public API).
#pragma once
#include <string>

#include "codec/byte_reader.h"
#include "wire/describe.h"
#include "wire/extension_rules.h"
#include "wire/extensions.h"

namespace tlskit::describe_detail {

// A scalar field.
DescribedField scalar(std::string name, std::string value);
// A list field.
DescribedField list(std::string name, std::vector<std::string> items);
// "N bytes".
std::string size_text(size_t n);
// Lowercase hex, truncated to `max` bytes with "..." appended when longer.
std::string short_hex(ByteView b, size_t max = 64);

// Describes one extension (its extension_data interpreted for context c). Never fails: a
// malformed extension yields value "malformed: <detail>".
DescribedField describe_extension(const Extension& e, ExtensionContext c);

// Reads an extension block leniently from r and appends one child per extension to `out`
// (name "extensions"). Returns false (and sets *error) when the block is malformed; the
// extensions decoded before the problem are kept.
bool describe_extension_block(ByteReader& r, ExtensionContext c, DescribedField& out,
                              std::string* error);

}  // namespace tlskit::describe_detail
