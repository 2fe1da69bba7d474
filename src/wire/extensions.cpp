// The raw extension list: lookup, reading the extension block, writing it.
#include "wire/extensions.h"

#include <string>

namespace tlskit {

const Extension* ExtensionList::find(ExtensionType t) const {
  for (const auto& e : items)
    if (e.type == t) return &e;
  return nullptr;
}

void ExtensionList::add(ExtensionType t, Bytes data) {
  Extension e;
  e.type = t;
  e.owned = std::move(data);
  items.push_back(std::move(e));
}

size_t ExtensionList::remove(ExtensionType t) {
  size_t before = items.size();
  std::erase_if(items, [t](const Extension& e) { return e.type == t; });
  return before - items.size();
}

std::vector<ExtensionType> ExtensionList::types() const {
  std::vector<ExtensionType> out;
  out.reserve(items.size());
  for (const auto& e : items) out.push_back(e.type);
  return out;
}

Error wire_decode_error(Step step, std::string detail) {
  return make_error(ErrorCode::decode_error, Alert::decode_error, Party::peer, step,
                    std::move(detail));
}

Error wire_illegal_parameter(Step step, std::string detail) {
  return make_error(ErrorCode::illegal_parameter, Alert::illegal_parameter, Party::peer, step,
                    std::move(detail));
}

Result<ExtensionList> read_extension_block(ByteReader& r, Step step, const char* message_name) {
  std::string m = message_name;
  if (r.remaining() < 2)
    return wire_decode_error(step, m + ": truncated extensions length (" +
                                       std::to_string(r.remaining()) + " bytes left)");
  uint16_t len = r.u16();
  if (len > r.remaining())
    return wire_decode_error(step, m + ": extensions length " + std::to_string(len) +
                                       " exceeds the " + std::to_string(r.remaining()) +
                                       " bytes left");
  ByteReader block(r.bytes(len));
  ExtensionList list;
  while (!block.empty()) {
    if (list.items.size() >= kMaxExtensionsPerMessage)
      return wire_decode_error(
          step, m + ": more than " + std::to_string(kMaxExtensionsPerMessage) + " extensions");
    if (block.remaining() < 4)
      return wire_decode_error(step, m + ": truncated extension header (" +
                                         std::to_string(block.remaining()) + " bytes left)");
    auto type = static_cast<ExtensionType>(block.u16());
    uint16_t elen = block.u16();
    if (elen > block.remaining())
      return wire_decode_error(step, m + ": extension " + extension_name(type) + " length " +
                                         std::to_string(elen) + " exceeds the " +
                                         std::to_string(block.remaining()) + " bytes left");
    Extension e;
    e.type = type;
    e.data = block.bytes(elen);
    list.items.push_back(std::move(e));
  }
  return list;
}

void write_extension(const Extension& e, ByteWriter& w) {
  w.u16(static_cast<uint16_t>(e.type));
  w.vec16(e.body());
}

void write_extension_block(const ExtensionList& list, ByteWriter& w) {
  auto p = w.open16();
  for (const auto& e : list.items) write_extension(e, w);
  w.close(p);
}

Result<void> parse_empty_extension(ExtensionType t, ByteView data, Step step) {
  if (!data.empty())
    return wire_decode_error(step, extension_name(t) + ": extension_data must be empty, got " +
                                       std::to_string(data.size()) + " bytes");
  return ok();
}

}  // namespace tlskit
