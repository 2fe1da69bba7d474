// Readable lists of protocol values (cipher suites, groups, signature schemes) for error
// details. A peer may list thousands of values, so a list is cut after a few names.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "base/iana_registry.h"

namespace tlskit::handshake {

// Names listed before a list is cut short with "and N more".
inline constexpr size_t kMaxListedNames = 12;

// "a, b, c" from name(item) for each item, GREASE values (RFC 8701) left out; after max_items
// names ", and N more"; "none" when nothing is left.
template <typename T, typename NameFn>
std::string name_list(std::span<const T> items, NameFn name, size_t max_items = kMaxListedNames) {
  std::string out;
  size_t listed = 0, more = 0;
  for (const T& item : items) {
    if (is_grease(static_cast<uint16_t>(item))) continue;
    if (listed == max_items) {
      ++more;
      continue;
    }
    if (!out.empty()) out += ", ";
    out += name(item);
    ++listed;
  }
  if (more) out += ", and " + std::to_string(more) + " more";
  return out.empty() ? "none" : out;
}

}  // namespace tlskit::handshake
