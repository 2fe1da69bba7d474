// --cert-compression parsing.
#include "cli/cert_compression_flag.h"

#include <algorithm>

namespace tlskit::tools {
namespace {

Error bad(const std::string& why) {
  return make_error(ErrorCode::config_invalid, Alert::none, Party::config, Step::config,
                    "--cert-compression: " + why +
                        " (expected a list of brotli, zstd, zlib, e.g. brotli,zstd, or none)");
}

}  // namespace

Result<std::vector<CertCompressionAlgorithm>> parse_cert_compression_flag(const std::string& value) {
  std::vector<CertCompressionAlgorithm> out;
  if (value == "none") return out;
  size_t start = 0;
  while (start <= value.size()) {
    size_t end = value.find_first_of(",:", start);
    if (end == std::string::npos) end = value.size();
    const std::string name = value.substr(start, end - start);
    if (name.empty()) return bad("empty name in '" + value + "'");
    auto alg = cert_compression_from_name(name);
    if (!alg) return bad("unknown algorithm '" + name + "'");
    if (std::find(out.begin(), out.end(), *alg) != out.end())
      return bad("'" + name + "' is listed twice");
    out.push_back(*alg);
    start = end + 1;
  }
  return out;
}

}  // namespace tlskit::tools
