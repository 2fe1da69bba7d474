// Scan targets: "HOST[:PORT]" from the command line or a --targets file (one per line, '#'
// comments and blank lines ignored), bounded in count and line length.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"

namespace tlskit::tools::scan {

// Bounds on a targets file.
inline constexpr size_t kMaxTargets = 10000;
inline constexpr size_t kMaxTargetLine = 1024;
inline constexpr size_t kMaxTargetsFileBytes = 4 * 1024 * 1024;

// One target.
struct ScanTarget {
  std::string text;  // as given
  std::string host;
  uint16_t port = 0;
};

// Parses "HOST[:PORT]" (IPv6 in brackets), default_port when no port is given. Errors
// (config_invalid, Party::config) name the text and what is expected.
Result<ScanTarget> parse_target(const std::string& text, uint16_t default_port);

// Parses the contents of a targets file (name: for messages). Errors name the file and line.
Result<std::vector<ScanTarget>> parse_targets_text(const std::string& contents, const std::string& name,
                                                   uint16_t default_port);

// Reads and parses a targets file ("-" is standard input). file_error when unreadable or too big.
Result<std::vector<ScanTarget>> read_targets_file(const std::string& path, uint16_t default_port);

}  // namespace tlskit::tools::scan
