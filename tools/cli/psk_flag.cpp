// --psk parsing.
#include "cli/psk_flag.h"

namespace tlskit::tools {
namespace {

Error bad(const std::string& why) {
  return make_error(ErrorCode::config_invalid, Alert::none, Party::config, Step::config,
                    "--psk: " + why + " (expected IDENTITY:HEXKEY or IDENTITY:HEXKEY:sha384)");
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Result<ExternalPsk> parse_psk_flag(const std::string& value) {
  const size_t colon = value.find(':');
  if (colon == std::string::npos) return bad("no ':' between the identity and the key");
  if (colon == 0) return bad("the identity is empty");
  ExternalPsk p;
  p.identity.assign(value.begin(), value.begin() + static_cast<std::ptrdiff_t>(colon));
  std::string key = value.substr(colon + 1);
  if (const size_t c2 = key.find(':'); c2 != std::string::npos) {
    const std::string hash = key.substr(c2 + 1);
    if (hash == "sha384")
      p.sha384 = true;
    else if (hash != "sha256")
      return bad("unknown hash '" + hash + "' (sha256 or sha384)");
    key.resize(c2);
  }
  if (key.empty() || key.size() % 2 != 0) return bad("the key must be an even number of hex digits");
  for (size_t i = 0; i < key.size(); i += 2) {
    const int hi = hex_value(key[i]), lo = hex_value(key[i + 1]);
    if (hi < 0 || lo < 0) return bad("the key has a character that is not a hex digit");
    p.key.push_back(static_cast<uint8_t>(hi << 4 | lo));
  }
  return p;
}

}  // namespace tlskit::tools
