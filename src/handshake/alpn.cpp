// ALPN selection and checks (RFC 7301).
#include "handshake/alpn.h"

#include <algorithm>

namespace tlskit::handshake {

std::string join_names(std::span<const std::string> names) {
  std::string s;
  for (const auto& n : names) {
    if (!s.empty()) s += ", ";
    s += n;
  }
  return s;
}

Result<std::optional<std::string>> select_alpn(std::span<const std::string> ours,
                                               std::span<const std::string> offered) {
  if (ours.empty() || offered.empty()) return std::optional<std::string>{};
  for (const auto& p : ours)
    if (std::find(offered.begin(), offered.end(), p) != offered.end())
      return std::optional<std::string>{p};
  // RFC 7301 §3.2: no overlap -> fatal no_application_protocol.
  return make_error(ErrorCode::no_application_protocol, Alert::no_application_protocol,
                    Party::peer, Step::client_hello,
                    "the client offered ALPN protocols [" + join_names(offered) +
                        "] but this server accepts only [" + join_names(ours) + "]");
}

Result<void> check_server_alpn(std::span<const std::string> offered, const std::string& selected) {
  if (offered.empty())
    return make_error(ErrorCode::unsupported_extension, Alert::unsupported_extension, Party::peer,
                      Step::encrypted_extensions,
                      "the server selected ALPN protocol '" + selected +
                          "' although we offered no ALPN");
  if (std::find(offered.begin(), offered.end(), selected) == offered.end())
    return make_error(ErrorCode::illegal_parameter, Alert::illegal_parameter, Party::peer,
                      Step::encrypted_extensions,
                      "the server selected ALPN protocol '" + selected +
                          "', which is not one we offered [" + join_names(offered) + "]");
  return ok();
}

}  // namespace tlskit::handshake
