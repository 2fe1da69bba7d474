// GeneralName parsing and printing.
#include "x509/general_name.h"

#include <cctype>
#include <cstdio>

#include "x509/name.h"

namespace tlskit::x509 {
namespace {

Error gn_error(std::string detail) {
  return make_error(ErrorCode::decode_error, Alert::bad_certificate, Party::peer,
                    Step::certificate_validation, std::move(detail));
}

bool ia5(ByteView v) {
  for (uint8_t c : v)
    if (c >= 0x80) return false;
  return true;
}

}  // namespace

bool parse_general_name(const der::Element& e, bool in_constraint, GeneralName& out) {
  uint8_t num = e.tag & 0x1F;
  bool constructed = (e.tag & 0x20) != 0;
  if ((e.tag & 0xC0) != 0x80 || num > 8) return false;
  out.type = static_cast<GeneralNameType>(num);
  out.value = e.value;
  switch (out.type) {
    case GeneralNameType::rfc822:
    case GeneralNameType::dns:
    case GeneralNameType::uri:
      // IMPLICIT IA5String.
      return !constructed && ia5(e.value);
    case GeneralNameType::ip:
      if (constructed) return false;
      if (in_constraint) return e.value.size() == 8 || e.value.size() == 32;
      return e.value.size() == 4 || e.value.size() == 16;
    case GeneralNameType::directory: {
      // [4] EXPLICIT Name.
      if (!constructed) return false;
      der::Reader r(e.value);
      der::Element seq;
      if (!r.read_element(der::kSequence, seq) || !r.empty()) return false;
      out.value = seq.raw;
      return parse_name(seq.raw).ok();
    }
    case GeneralNameType::registered_id:
      return !constructed && der::valid_oid(e.value);
    case GeneralNameType::other_name:
    case GeneralNameType::x400:
    case GeneralNameType::edi_party:
      return constructed;
  }
  return false;
}

Result<std::vector<GeneralName>> parse_general_names_contents(ByteView contents) {
  std::vector<GeneralName> out;
  der::Reader r(contents);
  while (!r.empty()) {
    der::Element e;
    if (!r.next(e)) return gn_error("GeneralNames: malformed DER");
    if (out.size() >= kMaxGeneralNames) return gn_error("GeneralNames: too many names");
    GeneralName n;
    if (!parse_general_name(e, false, n))
      return gn_error("GeneralNames: malformed name #" + std::to_string(out.size() + 1) +
                      " (tag 0x" + to_hex(ByteView(&e.tag, 1)) + ")");
    out.push_back(n);
  }
  // RFC 5280 §4.2.1.6: GeneralNames ::= SEQUENCE SIZE (1..MAX).
  if (out.empty()) return gn_error("GeneralNames: empty sequence");
  return out;
}

Result<std::vector<GeneralName>> parse_general_names(ByteView seq_element) {
  der::Reader r(seq_element);
  ByteView contents;
  if (!r.read(der::kSequence, contents) || !r.empty())
    return gn_error("GeneralNames: not a SEQUENCE");
  return parse_general_names_contents(contents);
}

std::string ip_to_string(ByteView a) {
  char buf[64];
  if (a.size() == 4) {
    std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
    return buf;
  }
  if (a.size() != 16) return "<invalid>";
  uint16_t w[8];
  for (int i = 0; i < 8; ++i) w[i] = static_cast<uint16_t>(a[2 * i] << 8 | a[2 * i + 1]);
  // RFC 5952 §4.2: compress the longest run (>= 2) of zero groups.
  int best = -1, best_len = 0;
  for (int i = 0; i < 8;) {
    if (w[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && w[j] == 0) ++j;
    if (j - i > best_len && j - i >= 2) {
      best = i;
      best_len = j - i;
    }
    i = j;
  }
  std::string out;
  for (int i = 0; i < 8; ++i) {
    if (i == best) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    std::snprintf(buf, sizeof buf, "%x", w[i]);
    out += buf;
  }
  return out;
}

std::optional<Bytes> parse_ip_address(std::string_view s) {
  if (s.find(':') == std::string_view::npos) {
    Bytes out;
    size_t i = 0;
    for (int part = 0; part < 4; ++part) {
      if (part) {
        if (i >= s.size() || s[i] != '.') return std::nullopt;
        ++i;
      }
      size_t start = i;
      unsigned v = 0;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - start < 3)
        v = v * 10 + static_cast<unsigned>(s[i++] - '0');
      // No empty parts, no leading zeros (ambiguous octal), each part <= 255.
      if (i == start || v > 255 || (i - start > 1 && s[start] == '0')) return std::nullopt;
      out.push_back(static_cast<uint8_t>(v));
    }
    if (i != s.size()) return std::nullopt;
    return out;
  }
  // IPv6: groups of up to 4 hex digits, one "::", optionally an embedded IPv4 tail.
  std::vector<uint16_t> head, tail;
  bool seen_gap = false;
  size_t i = 0;
  if (s.size() >= 2 && s[0] == ':' && s[1] == ':') {
    seen_gap = true;
    i = 2;
  } else if (!s.empty() && s[0] == ':') {
    return std::nullopt;
  }
  Bytes v4;
  while (i < s.size()) {
    size_t start = i;
    unsigned v = 0;
    while (i < s.size() && i - start < 5 && std::isxdigit(static_cast<unsigned char>(s[i]))) {
      char c = s[i++];
      v = v * 16 + static_cast<unsigned>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    if (i < s.size() && s[i] == '.') {
      auto t = parse_ip_address(s.substr(start));
      if (!t) return std::nullopt;
      v4 = *t;
      i = s.size();
      break;
    }
    if (i == start || i - start > 4) return std::nullopt;
    (seen_gap ? tail : head).push_back(static_cast<uint16_t>(v));
    if (i == s.size()) break;
    if (s[i] != ':') return std::nullopt;
    ++i;
    if (i < s.size() && s[i] == ':') {
      if (seen_gap) return std::nullopt;
      seen_gap = true;
      ++i;
    } else if (i == s.size()) {
      return std::nullopt;
    }
  }
  size_t groups = head.size() + tail.size() + (v4.empty() ? 0 : 2);
  if (groups > 8 || (!seen_gap && groups != 8) || (seen_gap && groups == 8)) return std::nullopt;
  Bytes out;
  for (uint16_t g : head) {
    out.push_back(static_cast<uint8_t>(g >> 8));
    out.push_back(static_cast<uint8_t>(g));
  }
  for (size_t k = 0; k < 8 - groups; ++k) {
    out.push_back(0);
    out.push_back(0);
  }
  for (uint16_t g : tail) {
    out.push_back(static_cast<uint8_t>(g >> 8));
    out.push_back(static_cast<uint8_t>(g));
  }
  out.insert(out.end(), v4.begin(), v4.end());
  return out;
}

std::string general_name_to_string(const GeneralName& n) {
  switch (n.type) {
    case GeneralNameType::rfc822:
      return "email:" + std::string(n.text());
    case GeneralNameType::dns:
      return "DNS:" + std::string(n.text());
    case GeneralNameType::uri:
      return "URI:" + std::string(n.text());
    case GeneralNameType::ip:
      if (n.value.size() == 8 || n.value.size() == 32) {
        size_t h = n.value.size() / 2;
        return "IP:" + ip_to_string(n.value.subspan(0, h)) + "/" + ip_to_string(n.value.subspan(h));
      }
      return "IP Address:" + ip_to_string(n.value);
    case GeneralNameType::directory: {
      auto name = parse_name(n.value);
      return "DirName:" + (name ? name->oneline() : std::string("<invalid>"));
    }
    case GeneralNameType::registered_id:
      return "Registered ID:" + der::oid_to_string(n.value);
    case GeneralNameType::other_name:
      return "othername: <unsupported>";
    case GeneralNameType::x400:
      return "X400Name:<unsupported>";
    case GeneralNameType::edi_party:
      return "EdiPartyName:<unsupported>";
  }
  return "<unknown>";
}

}  // namespace tlskit::x509
