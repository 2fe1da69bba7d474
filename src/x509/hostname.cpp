// RFC 6125 host name matching.
#include "x509/hostname.h"
#include "base/ascii.h"

#include "x509/oid.h"

namespace tlskit::x509 {
namespace {

std::string_view strip_dot(std::string_view s) {
  if (!s.empty() && s.back() == '.') s.remove_suffix(1);
  return s;
}

}  // namespace

bool valid_dns_name(std::string_view s, bool allow_wildcard) {
  s = strip_dot(s);
  if (s.empty() || s.size() > 253) return false;
  if (allow_wildcard && s.size() > 2 && s[0] == '*' && s[1] == '.') s.remove_prefix(2);
  size_t label = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '.') {
      if (label == 0 || label > 63) return false;
      // RFC 1123 §2.1: labels do not start or end with a hyphen.
      if (s[i - label] == '-' || s[i - 1] == '-') return false;
      label = 0;
      continue;
    }
    char c = s[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_';
    if (!ok) return false;
    ++label;
  }
  return true;
}

bool dns_name_matches(std::string_view pattern, std::string_view host) {
  pattern = strip_dot(pattern);
  host = strip_dot(host);
  if (pattern.empty() || host.empty()) return false;
  if (pattern.size() > 2 && pattern[0] == '*' && pattern[1] == '.') {
    // RFC 6125 §6.4.3 / RFC 9525 §6.3: the wildcard is the complete leftmost label and
    // matches exactly one label. Like OpenSSL we require two labels after it ("*.com" never
    // matches) and never match an IP literal.
    std::string_view base = pattern.substr(2);
    if (base.find('.') == std::string_view::npos || !valid_dns_name(base, false)) return false;
    size_t dot = host.find('.');
    if (dot == 0 || dot == std::string_view::npos) return false;
    if (parse_ip_address(host)) return false;
    return ascii_iequals(host.substr(dot + 1), base);
  }
  if (pattern.find('*') != std::string_view::npos) return false;  // partial wildcards: never
  return ascii_iequals(pattern, host);
}

HostCheck check_host(const Certificate& leaf, std::string_view host, bool cn_fallback) {
  HostCheck r;
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  auto ip = parse_ip_address(host);
  r.is_ip = ip.has_value();
  bool any_id_san = false;
  if (leaf.subject_alt_names) {
    for (const auto& n : *leaf.subject_alt_names) {
      if (n.type != GeneralNameType::dns && n.type != GeneralNameType::ip) continue;
      any_id_san = true;
      if (!r.presented.empty()) r.presented += ", ";
      r.presented += general_name_to_string(n);
      if (r.matched) continue;
      if (ip && n.type == GeneralNameType::ip)
        r.matched =
            n.value.size() == ip->size() && std::equal(n.value.begin(), n.value.end(), ip->begin());
      else if (!ip && n.type == GeneralNameType::dns)
        r.matched = dns_name_matches(n.text(), host);
    }
  }
  if (!any_id_san) {
    auto cns = leaf.subject.values_of(ByteView(kOidCommonName));
    for (const auto& cn : cns) {
      if (!r.presented.empty()) r.presented += ", ";
      r.presented += "CN:" + cn;
      if (cn_fallback && !r.matched)
        r.matched = ip ? parse_ip_address(cn) == ip : dns_name_matches(cn, host);
    }
  }
  if (r.presented.empty()) r.presented = "no DNS or IP names";
  return r;
}

bool check_email(const Certificate& leaf, std::string_view email) {
  size_t at = email.rfind('@');
  if (at == std::string_view::npos) return false;
  auto same = [&](std::string_view cand) {
    size_t a2 = cand.rfind('@');
    return a2 != std::string_view::npos && cand.substr(0, a2) == email.substr(0, at) &&
           ascii_iequals(cand.substr(a2 + 1), email.substr(at + 1));
  };
  bool any = false;
  if (leaf.subject_alt_names)
    for (const auto& n : *leaf.subject_alt_names)
      if (n.type == GeneralNameType::rfc822) {
        any = true;
        if (same(n.text())) return true;
      }
  if (any) return false;
  for (const auto& e : leaf.subject.values_of(ByteView(kOidEmailAddress)))
    if (same(e)) return true;
  return false;
}

}  // namespace tlskit::x509
