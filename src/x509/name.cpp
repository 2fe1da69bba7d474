// Distinguished names: parsing, normalization (RFC 5280 §7.1) and OpenSSL-style printing.
#include "x509/name.h"
#include "base/ascii.h"

#include <algorithm>

#include "codec/der_reader.h"
#include "x509/oid.h"

namespace tlskit::x509 {
namespace {

Error name_error(std::string detail) {
  return make_error(ErrorCode::decode_error, Alert::bad_certificate, Party::peer,
                    Step::certificate_validation, "name: " + std::move(detail));
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool valid_utf8(ByteView v) {
  size_t i = 0;
  while (i < v.size()) {
    uint8_t c = v[i];
    size_t n;
    uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    }
    if ((c & 0xE0) == 0xC0) {
      n = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      cp = c & 0x07;
    } else
      return false;
    if (v.size() - i <= n) return false;
    for (size_t k = 1; k <= n; ++k) {
      if ((v[i + k] & 0xC0) != 0x80) return false;
      cp = cp << 6 | (v[i + k] & 0x3F);
    }
    // Reject overlong forms, surrogates and values past U+10FFFF.
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += n + 1;
  }
  return true;
}

bool is_string_tag(uint8_t tag) {
  switch (tag) {
    case der::kUtf8String:
    case der::kPrintableString:
    case der::kTeletexString:
    case der::kIa5String:
    case der::kVisibleString:
    case der::kUniversalString:
    case der::kBmpString:
    case 0x12 /* NumericString */:
      return true;
    default:
      return false;
  }
}

// RFC 5280 §7.1 (simplified RFC 4518): case-fold ASCII, trim and collapse spaces.
std::string fold(std::string_view s) {
  std::string out;
  bool pending_space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += ascii_lower(c);
  }
  return out;
}

// Canonical bytes for one attribute: type OID, then a normalized value.
std::string canonical_attribute(const Attribute& a) {
  std::string out;
  auto put_len = [&](size_t n) {
    out += static_cast<char>(n >> 24);
    out += static_cast<char>(n >> 16);
    out += static_cast<char>(n >> 8);
    out += static_cast<char>(n);
  };
  put_len(a.type.size());
  out.append(reinterpret_cast<const char*>(a.type.data()), a.type.size());
  std::string utf8;
  switch (a.tag) {
    case der::kPrintableString:
    case der::kUtf8String:
    case der::kTeletexString:
    case der::kUniversalString:
    case der::kBmpString:
      if (directory_string_to_utf8(a.tag, a.value, utf8)) {
        std::string f = fold(utf8);
        out += 'S';
        put_len(f.size());
        out += f;
        return out;
      }
      break;
    default:
      break;
  }
  // Other types compare as exact bytes (tag and contents).
  out += static_cast<char>(a.tag);
  put_len(a.value.size());
  out.append(reinterpret_cast<const char*>(a.value.data()), a.value.size());
  return out;
}

// Escapes one value the way OpenSSL's default name printing does (RFC 2253 characters force
// quoting; '"' and '\' are backslash-escaped; control and non-ASCII bytes become \XX).
std::string escape_value(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  bool quote = false;
  for (size_t i = 0; i < s.size(); ++i) {
    uint8_t c = static_cast<uint8_t>(s[i]);
    if (c >= 0x80 || c < 0x20 || c == 0x7F) {
      out += '\\';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else {
      if (c == ',' || c == '+' || c == '<' || c == '>' || c == ';') quote = true;
      if (i == 0 && (c == '#' || c == ' ')) quote = true;
      if (i + 1 == s.size() && c == ' ') quote = true;
      out += static_cast<char>(c);
    }
  }
  return quote ? "\"" + out + "\"" : out;
}

}  // namespace

bool directory_string_to_utf8(uint8_t tag, ByteView v, std::string& out) {
  out.clear();
  switch (tag) {
    case der::kUtf8String:
      if (!valid_utf8(v)) return false;
      out.assign(reinterpret_cast<const char*>(v.data()), v.size());
      return true;
    case der::kPrintableString:  // X.680 §41.4; real CAs stray outside it ('_', '@'), so any ASCII
    case der::kIa5String:
    case der::kVisibleString:
    case 0x12:
      for (uint8_t c : v)
        if (c >= 0x80) return false;
      out.assign(reinterpret_cast<const char*>(v.data()), v.size());
      return true;
    case der::kTeletexString:
      for (uint8_t c : v) append_utf8(out, c);  // read as Latin-1, as OpenSSL does
      return true;
    case der::kBmpString:
      if (v.size() % 2) return false;
      for (size_t i = 0; i < v.size(); i += 2) {
        uint32_t cp = uint32_t{v[i]} << 8 | v[i + 1];
        if (cp >= 0xD800 && cp <= 0xDFFF) return false;
        append_utf8(out, cp);
      }
      return true;
    case der::kUniversalString:
      if (v.size() % 4) return false;
      for (size_t i = 0; i < v.size(); i += 4) {
        uint32_t cp =
            uint32_t{v[i]} << 24 | uint32_t{v[i + 1]} << 16 | uint32_t{v[i + 2]} << 8 | v[i + 3];
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        append_utf8(out, cp);
      }
      return true;
    default:
      return false;
  }
}

Result<Name> parse_name(ByteView der) {
  der::Reader outer(der);
  der::Element seq;
  if (!outer.read_element(der::kSequence, seq) || !outer.empty())
    return name_error("not a DER SEQUENCE (RDNSequence)");
  Name n;
  n.der = seq.raw;
  der::Reader rdns(seq.value);
  while (!rdns.empty()) {
    if (n.rdns.size() >= kMaxRdns)
      return name_error("more than " + std::to_string(kMaxRdns) + " RDNs");
    der::Reader set;
    if (!rdns.enter(der::kSet, set)) return name_error("RDN is not a DER SET");
    std::vector<Attribute> attrs;
    std::vector<std::string> canon;
    while (!set.empty()) {
      if (attrs.size() >= kMaxAttributesPerRdn) return name_error("too many attributes in one RDN");
      der::Reader atv;
      Attribute a;
      der::Element val;
      if (!set.enter(der::kSequence, atv) || !atv.read_oid(a.type) || !atv.next(val) ||
          !atv.empty())
        return name_error("malformed AttributeTypeAndValue");
      a.tag = val.tag;
      a.value = val.value;
      a.raw = val.raw;
      attrs.push_back(a);
      canon.push_back(canonical_attribute(a));
    }
    if (set.failed()) return name_error("malformed RDN");
    // RFC 5280 §4.1.2.4: RelativeDistinguishedName ::= SET SIZE (1..MAX).
    if (attrs.empty()) return name_error("empty RDN");
    std::sort(canon.begin(), canon.end());
    std::string rdn_norm;
    for (const auto& c : canon) {
      rdn_norm += std::to_string(c.size());
      rdn_norm += ':';
      rdn_norm += c;
    }
    n.norm += std::to_string(rdn_norm.size());
    n.norm += ';';
    n.norm += rdn_norm;
    n.norm_rdns.push_back(std::move(rdn_norm));
    n.rdns.push_back(std::move(attrs));
  }
  if (rdns.failed()) return name_error("malformed RDNSequence");
  return n;
}

bool Name::has_prefix(const Name& prefix) const {
  if (prefix.norm_rdns.size() > norm_rdns.size()) return false;
  for (size_t i = 0; i < prefix.norm_rdns.size(); ++i)
    if (prefix.norm_rdns[i] != norm_rdns[i]) return false;
  return true;
}

std::string Name::oneline() const {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (size_t i = 0; i < rdns.size(); ++i) {
    if (i) out += ", ";
    for (size_t j = 0; j < rdns[i].size(); ++j) {
      const Attribute& a = rdns[i][j];
      if (j) out += " + ";
      out += oid_short(a.type);
      out += " = ";
      std::string utf8;
      if (is_string_tag(a.tag) && directory_string_to_utf8(a.tag, a.value, utf8)) {
        out += escape_value(utf8);
      } else if (is_string_tag(a.tag)) {
        out += escape_value(
            std::string_view(reinterpret_cast<const char*>(a.value.data()), a.value.size()));
      } else {
        out += '#';
        for (uint8_t b : a.raw) {
          out += kHex[b >> 4];
          out += kHex[b & 15];
        }
      }
    }
  }
  return out;
}

std::vector<std::string> Name::values_of(ByteView type_oid) const {
  std::vector<std::string> out;
  for (const auto& rdn : rdns)
    for (const auto& a : rdn) {
      if (a.type.size() != type_oid.size() ||
          !std::equal(a.type.begin(), a.type.end(), type_oid.begin()))
        continue;
      std::string s;
      if (directory_string_to_utf8(a.tag, a.value, s)) out.push_back(std::move(s));
    }
  return out;
}

}  // namespace tlskit::x509
