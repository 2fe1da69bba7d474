/// @file
/// How a server chooses its certificate for a ClientHello: a CertificateResolver
/// (Config::certificate_resolver), and the SNI resolver tlskit ships.
#pragma once
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "tlskit/config.h"
#include "tlskit/export.h"
#include "tlskit/types.h"

namespace tlskit {

/// What a certificate choice may depend on: the client's offer, as the server parsed it.
struct ClientHelloInfo {
  std::string_view server_name;  ///< the SNI host name (RFC 6066 §3), "" when none was sent
  std::span<const SignatureScheme> signature_schemes;  ///< the client's signature_algorithms
  ProtocolVersion version = ProtocolVersion::tls1_3;   ///< the version being negotiated
};

/// Chooses the certificates a server may answer one ClientHello with. The server takes the
/// first one, in the order given, whose key can sign a scheme the client accepts (and, in
/// TLS 1.2, that fits a cipher suite both sides share), so a resolver only narrows and orders;
/// it may load certificates on demand. Called once per full handshake on the connection's
/// thread, from every connection that shares the Config: it must be thread-safe.
class TLSKIT_API CertificateResolver {
 public:
  virtual ~CertificateResolver() = default;
  /// The candidates, best first. Empty: no certificate for this client, and the handshake
  /// ends with unrecognized_name (RFC 6066 §3) naming the server name.
  virtual std::vector<std::shared_ptr<const CertifiedKey>> resolve(
      const ClientHelloInfo& hello) const = 0;
};

/// The resolver by server name: the certificates whose leaf subjectAltName DNS names match the
/// SNI (exactly, or through a wildcard in the left-most label) first, in the order given; then,
/// unless reject_unknown_names, all the others (the first one is the default certificate, also
/// for a client that sends no SNI). The leaves' names are read once, here. This is what a
/// server does with Config::certificates when no resolver is set. With reject_unknown_names, a
/// name no certificate matches gets unrecognized_name (as nginx's ssl_reject_handshake);
/// clients without SNI still get the default.
TLSKIT_API std::shared_ptr<const CertificateResolver> make_sni_resolver(
    std::vector<std::shared_ptr<const CertifiedKey>> certificates,
    bool reject_unknown_names = false);

}  // namespace tlskit
