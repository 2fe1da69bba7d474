// The raw extension list every handshake message keeps: (type, extension_data) in wire order.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "codec/byte_reader.h"
#include "codec/byte_writer.h"
#include "base/iana_registry.h"

namespace tlskit {

// One extension. A parsed extension is a view (`data`) into the message bytes, which the caller
// keeps alive; a built extension owns its bytes (`owned`). body() returns whichever is in use.
struct Extension {
  ExtensionType type{};
  ByteView data{};  // parsed: extension_data inside the message
  Bytes owned;      // built: extension_data owned by this object

  // The extension_data bytes (owned if non-empty, else the view).
  ByteView body() const { return owned.empty() ? data : ByteView(owned); }
};

// Extensions in wire order. Lookups are linear (lists are short: tens of entries at most).
struct ExtensionList {
  std::vector<Extension> items;

  // The first extension of this type, or nullptr.
  const Extension* find(ExtensionType t) const;
  // True when an extension of this type is present.
  bool contains(ExtensionType t) const { return find(t) != nullptr; }
  // Appends an extension that owns its data.
  void add(ExtensionType t, Bytes data);
  // Appends an extension (owned or view).
  void add(Extension e) { items.push_back(std::move(e)); }
  // Appends an extension with empty extension_data (e.g. extended_master_secret).
  void add_empty(ExtensionType t) { add(t, Bytes{}); }
  // Removes every extension of this type; returns how many were removed.
  size_t remove(ExtensionType t);
  // The types in wire order (for the "offered" check of the peer's response).
  std::vector<ExtensionType> types() const;
  size_t size() const { return items.size(); }
  bool empty() const { return items.empty(); }
};

// Upper bound on the number of extensions in one message: what a full 2^16-1 byte block can
// hold (4-byte empty extensions). It is the bound the wire already implies, named so loops over
// peer data are visibly bounded; every check over a list is linear, so a peer cannot make
// parsing quadratic (some test suites send ClientHellos with thousands of extensions).
inline constexpr size_t kMaxExtensionsPerMessage = 0xFFFF / 4;

// Reads `Extension extensions<0..2^16-1>` (the u16 length and every entry) from r.
// Fails with decode_error (Party::peer, `step`) on a bad length, a truncated entry or too many
// entries. Duplicates and placement are checked separately (extension_rules.h).
Result<ExtensionList> read_extension_block(ByteReader& r, Step step, const char* message_name);

// Writes the u16-prefixed extension block for `list` in order.
void write_extension_block(const ExtensionList& list, ByteWriter& w);

// Writes one extension (type, u16 length, data).
void write_extension(const Extension& e, ByteWriter& w);

// Checks that extension_data is empty (extensions like extended_master_secret, or server acks of
// server_name / early_data). decode_error when it is not.
Result<void> parse_empty_extension(ExtensionType t, ByteView data, Step step);

// Builds an extension with empty extension_data.
inline Extension empty_extension(ExtensionType t) { return Extension{t, {}, {}}; }

// Builds an owned extension by running write(value, writer) into its data.
template <typename T, typename WriteFn>
Extension make_owned_extension(ExtensionType t, const T& value, WriteFn write) {
  Extension e;
  e.type = t;
  ByteWriter w(e.owned);
  write(value, w);
  return e;
}

// Helper shared by the typed codecs: a decode_error from the peer at `step`.
Error wire_decode_error(Step step, std::string detail);
// Helper: illegal_parameter from the peer at `step`.
Error wire_illegal_parameter(Step step, std::string detail);

}  // namespace tlskit
