// PEM (RFC 7468) and base64 (RFC 4648) implementation.
#include "codec/pem.h"

#include <array>
#include <cstdint>

namespace tlskit {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
// Upper bound on one PEM input (a CA bundle is ~200 KB; 64 MB is far beyond any real use).
constexpr size_t kMaxPemInput = 64u << 20;
// Upper bound on a label ("CERTIFICATE", "ENCRYPTED PRIVATE KEY", ...).
constexpr size_t kMaxLabel = 64;

constexpr std::array<int8_t, 256> make_table() {
  std::array<int8_t, 256> t{};
  for (auto& v : t) v = -1;
  for (int i = 0; i < 64; ++i) t[static_cast<uint8_t>(kAlphabet[i])] = static_cast<int8_t>(i);
  return t;
}
constexpr std::array<int8_t, 256> kDecode = make_table();

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

Error pem_error(std::string detail) {
  return make_error(ErrorCode::decode_error, Alert::none, Party::config, Step::none,
                    std::move(detail));
}

// Strips trailing whitespace (including '\r') from a line.
std::string_view rstrip(std::string_view s) {
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}
std::string_view lstrip(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  return s;
}

// If line is "-----<kind> LABEL-----", stores LABEL and returns true.
bool parse_boundary(std::string_view line, std::string_view kind, std::string& label) {
  line = rstrip(lstrip(line));
  const std::string_view dashes = "-----";
  if (line.size() < 2 * dashes.size() + kind.size()) return false;
  if (line.substr(0, dashes.size()) != dashes) return false;
  line.remove_prefix(dashes.size());
  if (line.substr(0, kind.size()) != kind) return false;
  line.remove_prefix(kind.size());
  if (line.size() < dashes.size() || line.substr(line.size() - dashes.size()) != dashes)
    return false;
  line.remove_suffix(dashes.size());
  if (!line.empty()) {
    if (line.front() != ' ') return false;
    line.remove_prefix(1);
  }
  if (line.size() > kMaxLabel) return false;
  label.assign(line);
  return true;
}

}  // namespace

std::string base64_encode(ByteView data) {
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    uint32_t v = uint32_t{data[i]} << 16 | uint32_t{data[i + 1]} << 8 | data[i + 2];
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  size_t rest = data.size() - i;
  if (rest == 1) {
    uint32_t v = uint32_t{data[i]} << 16;
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += "==";
  } else if (rest == 2) {
    uint32_t v = uint32_t{data[i]} << 16 | uint32_t{data[i + 1]} << 8;
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

Result<Bytes> base64_decode(std::string_view text) {
  if (text.size() > kMaxPemInput) return pem_error("base64 input too large");
  std::string clean;
  clean.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (is_space(c)) continue;
    if (c != '=' && kDecode[static_cast<uint8_t>(c)] < 0)
      return pem_error("invalid base64 character at offset " + std::to_string(i));
    clean += c;
  }
  if (clean.size() % 4 != 0)
    return pem_error("base64 length " + std::to_string(clean.size()) + " is not a multiple of 4");
  Bytes out;
  out.reserve(clean.size() / 4 * 3);
  for (size_t i = 0; i < clean.size(); i += 4) {
    bool last = i + 4 == clean.size();
    int pad = 0;
    uint32_t v = 0;
    for (int j = 0; j < 4; ++j) {
      char c = clean[i + j];
      if (c == '=') {
        // RFC 4648 §3.2: padding only at the end, at most two characters.
        if (!last || j < 2) return pem_error("misplaced base64 padding");
        ++pad;
        v <<= 6;
        continue;
      }
      if (pad) return pem_error("base64 data after padding");
      v = v << 6 | static_cast<uint32_t>(kDecode[static_cast<uint8_t>(c)]);
    }
    out.push_back(static_cast<uint8_t>(v >> 16));
    if (pad < 2) out.push_back(static_cast<uint8_t>(v >> 8));
    if (pad < 1) out.push_back(static_cast<uint8_t>(v));
    // Non-canonical encodings (non-zero bits under the padding) are rejected.
    if ((pad == 1 && (v & 0xFF) != 0) || (pad == 2 && (v & 0xFFFF) != 0))
      return pem_error("non-canonical base64 padding bits");
  }
  return out;
}

std::string pem_encode(std::string_view label, ByteView der) {
  std::string b64 = base64_encode(der);
  std::string out = "-----BEGIN ";
  out += label;
  out += "-----\n";
  for (size_t i = 0; i < b64.size(); i += 64) {
    out.append(b64, i, 64);
    out += '\n';
  }
  out += "-----END ";
  out += label;
  out += "-----\n";
  return out;
}

Result<std::vector<PemBlock>> pem_decode_all(std::string_view text) {
  if (text.size() > kMaxPemInput)
    return pem_error("PEM input of " + std::to_string(text.size()) + " bytes is too large");
  std::vector<PemBlock> blocks;
  size_t pos = 0;
  size_t line_no = 0;
  bool in_block = false;
  size_t begin_line = 0;
  std::string label;
  std::string body;
  bool in_headers = false;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line =
        text.substr(pos, nl == std::string_view::npos ? text.size() - pos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++line_no;
    if (!in_block) {
      std::string l;
      if (parse_boundary(line, "BEGIN", l)) {
        in_block = true;
        in_headers = true;
        begin_line = line_no;
        label = std::move(l);
        body.clear();
      }
      continue;
    }
    std::string end_label;
    if (parse_boundary(line, "END", end_label)) {
      size_t n = blocks.size() + 1;
      if (end_label != label)
        return pem_error("PEM block " + std::to_string(n) + " begins with label '" + label +
                         "' (line " + std::to_string(begin_line) + ") but ends with '" + end_label +
                         "' (line " + std::to_string(line_no) + ")");
      auto der = base64_decode(body);
      if (!der)
        return pem_error("PEM block " + std::to_string(n) + " ('" + label + "', line " +
                         std::to_string(begin_line) + "): " + der.error().detail);
      blocks.push_back(PemBlock{label, std::move(*der)});
      in_block = false;
      continue;
    }
    std::string ignored;
    if (parse_boundary(line, "BEGIN", ignored))
      return pem_error("PEM block " + std::to_string(blocks.size() + 1) + " ('" + label +
                       "', line " + std::to_string(begin_line) + ") has no END line before line " +
                       std::to_string(line_no));
    std::string_view t = rstrip(lstrip(line));
    // RFC 1421 encapsulated headers ("Proc-Type: 4,ENCRYPTED") may precede the body.
    if (in_headers) {
      if (t.find(':') != std::string_view::npos) continue;
      if (t.empty() && body.empty()) continue;
      in_headers = false;
    }
    if (t.find(':') != std::string_view::npos)
      return pem_error("PEM block " + std::to_string(blocks.size() + 1) + " ('" + label +
                       "'): unexpected header on line " + std::to_string(line_no));
    body.append(t);
  }
  if (in_block)
    return pem_error("PEM block " + std::to_string(blocks.size() + 1) + " ('" + label + "', line " +
                     std::to_string(begin_line) + ") has no END line");
  return blocks;
}

}  // namespace tlskit
