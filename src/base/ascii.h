// ASCII case folding, locale-free: what DNS names (RFC 4343), TLS registry names and X.509
// comparisons need. Bytes outside A-Z are left as they are.
#pragma once
#include <string_view>

namespace tlskit {

// c folded to lower case when it is an ASCII capital letter.
constexpr char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// a and b are equal ignoring ASCII case.
constexpr bool ascii_iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

}  // namespace tlskit
