// RFC 8446 §4.2: which extension may appear in which message, and the checks parsers apply.
#pragma once
#include <cstdint>
#include <span>

#include "base/result.h"
#include "wire/extensions.h"
#include "base/iana_registry.h"

namespace tlskit {

// The message an extension list belongs to (the columns of the RFC 8446 §4.2 table, plus the
// TLS 1.2 ServerHello).
enum class ExtensionContext : uint8_t {
  client_hello,          // CH (TLS 1.2 and 1.3)
  server_hello,          // SH, TLS 1.3
  hello_retry_request,   // HRR
  encrypted_extensions,  // EE
  certificate,           // CT: a CertificateEntry's extensions (TLS 1.3)
  certificate_request,   // CR (TLS 1.3)
  new_session_ticket,    // NST (TLS 1.3)
  server_hello_tls12,    // a TLS 1.2 ServerHello (RFC 5246 §7.4.1.4 and the RFCs of each ext)
};

// Returns "ClientHello", "ServerHello", ... for an extension context.
const char* extension_context_name(ExtensionContext c);

// True when we recognize this extension type (it has a row in our table).
bool extension_is_known(ExtensionType t);

// True when extension `t` may appear in context `c`. Unknown extension types are allowed in
// ClientHello, CertificateRequest and NewSessionTicket (where receivers MUST ignore them,
// RFC 8446 §4.2, §4.3.2, §4.6.1) and refused elsewhere.
bool extension_allowed(ExtensionType t, ExtensionContext c);

// Applies the per-message rules to a parsed list, in order:
//  - RFC 8446 §4.2: "There MUST NOT be more than one extension of the same type."
//    -> illegal_parameter (like OpenSSL and BoringSSL);
//  - a known extension not specified for this message ("MUST abort the handshake with an
//    illegal_parameter alert") -> illegal_parameter;
//  - an unknown extension in a response (SH, HRR, EE, CT, TLS 1.2 SH): we never offer unknown
//    extensions, so it is unsolicited -> unsupported_extension.
// Errors carry Party::peer and `step`.
Result<void> check_extension_rules(const ExtensionList& list, ExtensionContext c, Step step);

// RFC 8446 §4.2 (and RFC 5246 §7.4.1.4): a response (SH, HRR, EE, CT; TLS 1.2 SH) MUST NOT
// contain an extension the peer did not send in its request; `offered` is the list of types we
// sent (ClientHello, or CertificateRequest for a client Certificate). The cookie extension in a
// HelloRetryRequest is exempt. Returns unsupported_extension naming the first offender.
Result<void> check_extensions_offered(const ExtensionList& received,
                                      std::span<const ExtensionType> offered, ExtensionContext c,
                                      Step step);

}  // namespace tlskit
