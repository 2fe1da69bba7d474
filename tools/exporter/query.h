// The query string of an HTTP request target ("target=a%3A1&module=m"): split into parameters
// and percent-decoded (application/x-www-form-urlencoded: '+' is a space), with bounds.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"

namespace tlskit::tools::exporter {

// Bounds: a query longer than this, or with more parameters, is refused.
inline constexpr size_t kMaxQueryBytes = 4096;
inline constexpr size_t kMaxQueryParams = 32;

// The decoded parameters in their order (a name may repeat).
struct QueryParams {
  std::vector<std::pair<std::string, std::string>> items;
  // The last value given for name, or nullopt when absent.
  std::optional<std::string> get(std::string_view name) const;
};

// Decodes %XX escapes and '+' (as a space). Fails (config_invalid) on a '%' not followed by two
// hex digits, and on a NUL byte (raw or %00), naming the position.
Result<std::string> percent_decode(std::string_view s);

// Parses "a=1&b=2" (empty items are skipped; "a" alone is a=""). Fails (config_invalid) over
// the bounds above or on a bad escape, saying which parameter.
Result<QueryParams> parse_query(std::string_view query);

}  // namespace tlskit::tools::exporter
