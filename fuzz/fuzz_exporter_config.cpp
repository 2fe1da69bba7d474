// libFuzzer target: the exporter's configuration loader (yaml-cpp behind our nesting guard and
// validator). Any text must give a configuration or an error that names the file.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "exporter/config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;
  std::string text(reinterpret_cast<const char*>(data), size);
  auto c = tlskit::tools::exporter::parse_config(text, "fuzz.yaml");
  if (!c && c.error().detail.rfind("fuzz.yaml", 0) != 0) std::abort();
  return 0;
}
