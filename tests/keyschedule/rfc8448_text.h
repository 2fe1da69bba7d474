// Test helper: reads hex values from the RFC 8448 text (shared/testdata/tls13-vectors/rfc8448.txt)
// by section, step and label, so tests use the RFC's own bytes without copying them here.
#pragma once
#include <cctype>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "base/bytes.h"

namespace tlskit::testing {

class Rfc8448Text {
 public:
  Rfc8448Text() {
    std::ifstream f(std::string(TLSKIT_TESTDATA) + "/tls13-vectors/rfc8448.txt");
    std::string line;
    while (std::getline(f, line)) lines_.push_back(line);
  }
  bool loaded() const { return lines_.size() > 1000; }

  // The bytes of "<label> (N octets):" in the occurrence-th step containing step_text, inside
  // the section whose heading starts with section_heading (e.g. "4.  Resumed"). Throws when
  // not found, so a wrong lookup fails the test loudly.
  Bytes value(const std::string& section_heading, const std::string& step_text,
              const std::string& label, int occurrence = 0) const {
    size_t i = 0;
    while (i < lines_.size() && lines_[i].rfind(section_heading, 0) != 0) ++i;
    if (i == lines_.size()) throw std::runtime_error("no section " + section_heading);
    int seen = -1;
    for (++i; i < lines_.size(); ++i) {
      const std::string& l = lines_[i];
      if (!l.empty() && std::isdigit(static_cast<unsigned char>(l[0])) &&
          l.find(".  ") != std::string::npos)
        break;  // next section
      if (l.find(step_text) != std::string::npos && ++seen == occurrence) break;
    }
    if (seen != occurrence) throw std::runtime_error("no step " + step_text);
    for (++i; i < lines_.size(); ++i) {
      const std::string& l = lines_[i];
      if (l.rfind("   {", 0) == 0) break;  // next step
      const std::string want = "      " + label + " (";
      if (l.rfind(want, 0) != 0) continue;
      const size_t n = std::stoul(l.substr(want.size()));
      Bytes out;
      append_hex(l.substr(l.find("):") + 2), out);
      for (++i; out.size() < n && i < lines_.size(); ++i) {
        if (is_hex_line(lines_[i])) append_hex(lines_[i], out);
      }
      if (out.size() != n) throw std::runtime_error("short value " + label);
      return out;
    }
    throw std::runtime_error("no label " + label + " in step " + step_text);
  }

 private:
  static bool is_hex_line(const std::string& l) {
    std::istringstream s(l);
    std::string tok;
    int count = 0;
    while (s >> tok) {
      if (tok.size() != 2 || !std::isxdigit(static_cast<unsigned char>(tok[0])) ||
          !std::isxdigit(static_cast<unsigned char>(tok[1])))
        return false;
      ++count;
    }
    return count > 0;
  }
  static void append_hex(const std::string& l, Bytes& out) {
    std::istringstream s(l);
    std::string tok;
    while (s >> tok) {
      if (tok.size() != 2) continue;
      out.push_back(static_cast<uint8_t>(std::stoul(tok, nullptr, 16)));
    }
  }
  std::vector<std::string> lines_;
};

}  // namespace tlskit::testing
