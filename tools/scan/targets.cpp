// Target parsing.
#include "scan/targets.h"

#include <cstdio>
#include <fstream>
#include <iostream>

#include "io/tcp.h"

namespace tlskit::tools::scan {
namespace {

Error invalid(const std::string& what) {
  return make_error(ErrorCode::config_invalid, Alert::none, Party::config, Step::config, what);
}

std::string trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t\r\n");
  if (a == std::string::npos) return "";
  size_t b = s.find_last_not_of(" \t\r\n");
  return s.substr(a, b - a + 1);
}

// The text for an error message: control and non-ASCII bytes escaped, at most 80 characters.
std::string printable(const std::string& s) {
  std::string o;
  for (size_t i = 0; i < s.size() && o.size() < 80; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c >= 0x7f) {
      char b[8];
      std::snprintf(b, sizeof b, "\\x%02x", c);
      o += b;
    } else {
      o += static_cast<char>(c);
    }
  }
  if (o.size() >= 80) o += "...";
  return o;
}

}  // namespace

Result<ScanTarget> parse_target(const std::string& text, uint16_t default_port) {
  std::string t = trim(text);
  if (t.empty()) return invalid("an empty target; write HOST or HOST:PORT");
  if (t.size() > kMaxTargetLine) return invalid("a target longer than " + std::to_string(kMaxTargetLine) + " characters");
  if (t.find("://") != std::string::npos)
    return invalid("'" + printable(t) + "' is a URL; write HOST or HOST:PORT (e.g. example.com:443)");
  for (char c : t)
    if (c == ' ' || c == '\t' || c == '/' || static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f)
      return invalid("'" + printable(t) + "' is not HOST or HOST:PORT (unexpected character)");
  auto hp = io::parse_host_port(t, default_port);
  if (!hp) return invalid(hp.error().detail);
  if (hp->host.empty()) return invalid("'" + t + "' has no host");
  if (hp->port == 0) return invalid("'" + t + "': port 0 is not a port");
  return ScanTarget{t, hp->host, hp->port};
}

Result<std::vector<ScanTarget>> parse_targets_text(const std::string& contents, const std::string& name,
                                                   uint16_t default_port) {
  std::vector<ScanTarget> out;
  size_t line_no = 0, pos = 0;
  while (pos <= contents.size()) {
    size_t end = contents.find('\n', pos);
    if (end == std::string::npos) end = contents.size();
    std::string line = contents.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (line.size() > kMaxTargetLine)
      return invalid(name + ":" + std::to_string(line_no) + ": a line longer than " + std::to_string(kMaxTargetLine) + " characters");
    if (size_t h = line.find('#'); h != std::string::npos) line = line.substr(0, h);
    line = trim(line);
    if (line.empty()) continue;
    auto t = parse_target(line, default_port);
    if (!t) return invalid(name + ":" + std::to_string(line_no) + ": " + t.error().detail);
    if (out.size() >= kMaxTargets) return invalid(name + ": more than " + std::to_string(kMaxTargets) + " targets");
    out.push_back(std::move(*t));
  }
  return out;
}

Result<std::vector<ScanTarget>> read_targets_file(const std::string& path, uint16_t default_port) {
  std::string data;
  auto slurp = [&](std::istream& in) -> bool {
    char buf[8192];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
      data.append(buf, static_cast<size_t>(in.gcount()));
      if (data.size() > kMaxTargetsFileBytes) return false;
    }
    return true;
  };
  bool ok = true;
  if (path == "-") {
    ok = slurp(std::cin);
  } else {
    std::ifstream f(path, std::ios::binary);
    if (!f)
      return make_error(ErrorCode::file_error, Alert::none, Party::config, Step::config,
                        "--targets: cannot read '" + path + "'");
    ok = slurp(f);
  }
  if (!ok)
    return make_error(ErrorCode::file_error, Alert::none, Party::config, Step::config,
                      "--targets: '" + path + "' is larger than " + std::to_string(kMaxTargetsFileBytes / 1024 / 1024) + " MiB");
  return parse_targets_text(data, path, default_port);
}

}  // namespace tlskit::tools::scan
