// Name constraint matching.
#include "x509/name_constraints.h"
#include "base/ascii.h"

#include <algorithm>

#include "x509/hostname.h"
#include "x509/oid.h"

namespace tlskit::x509 {
namespace {

bool iends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && ascii_iequals(s.substr(s.size() - suffix.size()), suffix);
}

// Extracts the host of a URI ("scheme://[user@]host[:port]/..."); empty when there is none.
std::string_view uri_host(std::string_view uri) {
  size_t colon = uri.find(':');
  if (colon == std::string_view::npos || uri.substr(colon + 1, 2) != "//") return {};
  std::string_view rest = uri.substr(colon + 3);
  size_t end = rest.find_first_of("/?#");
  std::string_view auth = rest.substr(0, end);
  size_t at = auth.rfind('@');
  if (at != std::string_view::npos) auth = auth.substr(at + 1);
  if (!auth.empty() && auth.front() == '[') {
    size_t close = auth.find(']');
    return close == std::string_view::npos ? std::string_view{} : auth.substr(1, close - 1);
  }
  size_t port = auth.rfind(':');
  if (port != std::string_view::npos) auth = auth.substr(0, port);
  return auth;
}

bool valid_ip_mask(ByteView mask) {
  bool zero_seen = false;
  for (uint8_t b : mask)
    for (int i = 7; i >= 0; --i) {
      bool bit = (b >> i) & 1;
      if (bit && zero_seen) return false;
      if (!bit) zero_seen = true;
    }
  return true;
}

struct NameToCheck {
  GeneralNameType type;
  std::string text;  // dns, rfc822, uri
  ByteView bytes;    // ip
  const Name* dn = nullptr;
  std::string label;  // for messages
};

bool constraint_syntax_ok(const GeneralName& c) {
  switch (c.type) {
    case GeneralNameType::dns: {
      std::string_view t = c.text();
      if (t.empty()) return true;
      if (t.front() == '.') t.remove_prefix(1);
      return valid_dns_name(t, false);
    }
    case GeneralNameType::ip: {
      size_t h = c.value.size() / 2;
      return (c.value.size() == 8 || c.value.size() == 32) && valid_ip_mask(c.value.subspan(h));
    }
    default:
      return true;
  }
}

// True when name is in subtree c (same type assumed).
bool in_subtree(const NameToCheck& n, const GeneralName& c) {
  switch (c.type) {
    case GeneralNameType::dns:
      return dns_in_subtree(n.text, c.text());
    case GeneralNameType::rfc822:
      return email_in_subtree(n.text, c.text());
    case GeneralNameType::uri:
      return uri_in_subtree(n.text, c.text());
    case GeneralNameType::ip:
      return ip_in_subtree(n.bytes, c.value);
    case GeneralNameType::directory: {
      auto cn = parse_name(c.value);
      return cn && n.dn && n.dn->has_prefix(*cn);
    }
    default:
      return false;
  }
}

bool supported_type(GeneralNameType t) {
  return t == GeneralNameType::dns || t == GeneralNameType::rfc822 || t == GeneralNameType::uri ||
         t == GeneralNameType::ip || t == GeneralNameType::directory;
}

}  // namespace

bool dns_in_subtree(std::string_view name, std::string_view c) {
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  if (c.empty()) return true;  // an empty constraint matches every name
  if (name.size() > 2 && name[0] == '*' && name[1] == '.') {
    // A wildcard is inside the subtree when every name it can match is.
    std::string_view base = name.substr(2);
    if (c.front() == '.') return iends_with(base, c) || ascii_iequals(base, c.substr(1));
    return iends_with(base, "." + std::string(c)) || ascii_iequals(base, c);
  }
  if (c.front() == '.') return iends_with(name, c);
  // RFC 5280 §4.2.1.10: any name formed by adding labels to the left is in the subtree.
  return ascii_iequals(name, c) ||
         (name.size() > c.size() && iends_with(name, c) && name[name.size() - c.size() - 1] == '.');
}

bool email_in_subtree(std::string_view name, std::string_view c) {
  size_t at = name.rfind('@');
  if (at == std::string_view::npos) return false;
  std::string_view host = name.substr(at + 1);
  if (c.find('@') != std::string_view::npos) {
    // A particular mailbox: local part exact, host case-insensitive.
    size_t cat = c.rfind('@');
    return name.substr(0, at) == c.substr(0, cat) && ascii_iequals(host, c.substr(cat + 1));
  }
  if (!c.empty() && c.front() == '.') return iends_with(host, c);  // any host in that domain
  return ascii_iequals(host, c);                                          // all mailboxes on that host
}

bool uri_in_subtree(std::string_view uri, std::string_view c) {
  std::string_view host = uri_host(uri);
  if (host.empty()) return false;  // URIs without a host cannot satisfy a host constraint
  if (!c.empty() && c.front() == '.') return iends_with(host, c);
  return ascii_iequals(host, c);
}

bool ip_in_subtree(ByteView addr, ByteView c) {
  if (c.size() != addr.size() * 2) return false;
  for (size_t i = 0; i < addr.size(); ++i)
    if ((addr[i] & c[addr.size() + i]) != (c[i] & c[addr.size() + i])) return false;
  return true;
}

NameConstraintResult check_name_constraints(const Certificate& cert, const NameConstraints& nc) {
  NameConstraintResult r;
  if (nc.has_min_max) {
    r.code = 49;
    r.detail = "nameConstraints use minimum/maximum, which RFC 5280 forbids";
    return r;
  }
  for (const auto* list : {&nc.permitted, &nc.excluded})
    for (const auto& c : *list)
      if (!constraint_syntax_ok(c)) {
        r.code = 52;
        r.detail = "invalid name constraint " + general_name_to_string(c);
        return r;
      }
  // Bound the work: subjectAltName DNS/IP/directory/email names x constraints of those types
  // (the same 2^20 budget as Chromium).
  {
    auto counted = [](GeneralNameType t) {
      return t == GeneralNameType::dns || t == GeneralNameType::ip ||
             t == GeneralNameType::directory || t == GeneralNameType::rfc822;
    };
    size_t names = 0, constraints = 0;
    if (cert.subject_alt_names)
      for (const auto& g : *cert.subject_alt_names) names += counted(g.type);
    for (const auto* list : {&nc.permitted, &nc.excluded})
      for (const auto& c : *list) constraints += counted(c.type);
    if (names * constraints > kMaxNameConstraintChecks) {
      r.code = 52;
      r.detail = "too many name constraint checks (" + std::to_string(names) + " names x " +
                 std::to_string(constraints) + " constraints)";
      return r;
    }
  }
  std::vector<NameToCheck> names;
  if (!cert.subject.empty()) {
    NameToCheck n{GeneralNameType::directory,
                  {},
                  {},
                  &cert.subject,
                  "subject '" + cert.subject.oneline() + "'"};
    names.push_back(n);
  }
  bool san_email = false;
  std::vector<Name> san_dns_dirs;
  if (cert.subject_alt_names) {
    san_dns_dirs.reserve(cert.subject_alt_names->size());
    for (const auto& g : *cert.subject_alt_names) {
      NameToCheck n{g.type, std::string(g.text()), g.value, nullptr, general_name_to_string(g)};
      if (g.type == GeneralNameType::rfc822) san_email = true;
      if (g.type == GeneralNameType::directory) {
        auto dn = parse_name(g.value);
        if (!dn) continue;
        san_dns_dirs.push_back(std::move(*dn));
        n.dn = &san_dns_dirs.back();
      }
      if (g.type == GeneralNameType::dns && !valid_dns_name(g.text(), true)) {
        r.code = 53;
        r.detail = "subjectAltName " + n.label + " is not a valid DNS name";
        return r;
      }
      names.push_back(std::move(n));
    }
  }
  // RFC 5280 §4.2.1.10: with no rfc822Name SAN, emailAddress attributes of the subject are
  // checked against rfc822Name constraints.
  if (!san_email)
    for (const auto& e : cert.subject.values_of(ByteView(kOidEmailAddress)))
      names.push_back(
          NameToCheck{GeneralNameType::rfc822, e, {}, nullptr, "subject emailAddress " + e});

  for (const auto& n : names) {
    bool type_constrained = false, permitted = false;
    for (const auto& c : nc.permitted) {
      if (c.type != n.type) continue;
      type_constrained = true;
      if (in_subtree(n, c)) permitted = true;
    }
    if (type_constrained && !supported_type(n.type)) {
      r.code = 51;
      r.detail = n.label + " is of a name type we cannot check against nameConstraints";
      return r;
    }
    if (type_constrained && !permitted) {
      r.code = 47;
      r.detail = n.label + " is outside the permitted name subtrees";
      return r;
    }
    for (const auto& c : nc.excluded) {
      if (c.type != n.type) continue;
      if (!supported_type(n.type)) {
        r.code = 51;
        r.detail = n.label + " is of a name type we cannot check against nameConstraints";
        return r;
      }
      // A wildcard SAN is excluded when some name it can stand for is (e.g. "*.example.com"
      // against an excluded "secret.example.com").
      bool wildcard_hit = false;
      if (n.type == GeneralNameType::dns && n.text.size() > 2 && n.text[0] == '*' &&
          n.text[1] == '.') {
        std::string_view cc = c.text();
        if (!cc.empty() && cc.front() == '.') cc.remove_prefix(1);
        std::string_view base = std::string_view(n.text).substr(2);
        wildcard_hit =
            cc.size() > base.size() + 1 && iends_with(cc, base) &&
            cc[cc.size() - base.size() - 1] == '.' &&
            cc.substr(0, cc.size() - base.size() - 1).find('.') == std::string_view::npos;
      }
      if (wildcard_hit || in_subtree(n, c)) {
        r.code = 48;
        r.detail = n.label + " is inside the excluded subtree " + general_name_to_string(c);
        return r;
      }
    }
  }
  return r;
}

}  // namespace tlskit::x509
