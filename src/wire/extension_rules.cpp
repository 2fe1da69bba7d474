// RFC 8446 §4.2 extension table (plus the TLS 1.2 ServerHello) and the checks built on it.
#include "wire/extension_rules.h"

#include <bitset>
#include <string>

namespace tlskit {
namespace {

// Bit per context.
constexpr uint16_t CH = 1 << 0;
constexpr uint16_t SH = 1 << 1;
constexpr uint16_t HRR = 1 << 2;
constexpr uint16_t EE = 1 << 3;
constexpr uint16_t CT = 1 << 4;
constexpr uint16_t CR = 1 << 5;
constexpr uint16_t NST = 1 << 6;
constexpr uint16_t SH12 = 1 << 7;

struct Rule {
  uint16_t type;
  uint16_t contexts;
};

// RFC 8446 §4.2 table, extended with the extensions registered since (record_size_limit
// RFC 8449, compress_certificate RFC 8879, delegated_credential RFC 9345, ECH) and with the
// TLS 1.2 ServerHello column (SH12) from each extension's RFC. Extensions that exist only in
// TLS 1.2 (ec_point_formats, extended_master_secret, session_ticket, renegotiation_info,
// encrypt_then_mac) are CH + SH12: in a TLS 1.3 message they are misplaced.
constexpr Rule kRules[] = {
    {0, CH | EE | SH12},        // server_name (RFC 6066)
    {1, CH | EE | SH12},        // max_fragment_length (RFC 6066)
    {5, CH | CR | CT | SH12},   // status_request (RFC 6066)
    {10, CH | EE | SH12},       // supported_groups (RFC 7919; some 1.2 servers echo it)
    {11, CH | SH12},            // ec_point_formats (RFC 8422)
    {13, CH | CR},              // signature_algorithms (RFC 8446)
    {14, CH | EE | SH12},       // use_srtp (RFC 5764)
    {15, CH | EE | SH12},       // heartbeat (RFC 6520)
    {16, CH | EE | SH12},       // application_layer_protocol_negotiation (RFC 7301)
    {18, CH | CR | CT | SH12},  // signed_certificate_timestamp (RFC 6962)
    {19, CH | EE | SH12},       // client_certificate_type (RFC 7250)
    {20, CH | EE | SH12},       // server_certificate_type (RFC 7250)
    {21, CH},                   // padding (RFC 7685)
    {22, CH | SH12},            // encrypt_then_mac (RFC 7366)
    {23, CH | SH12},            // extended_master_secret (RFC 7627)
    {27, CH | CR},              // compress_certificate (RFC 8879)
    {28, CH | EE | SH12},       // record_size_limit (RFC 8449)
    {34, CH | CR},              // delegated_credential (RFC 9345; the credential is in CT)
    {35, CH | SH12},            // session_ticket (RFC 5077)
    {41, CH | SH},              // pre_shared_key
    {42, CH | EE | NST},        // early_data
    {43, CH | SH | HRR},        // supported_versions
    {44, CH | HRR},             // cookie
    {45, CH},                   // psk_key_exchange_modes
    {47, CH | CR},              // certificate_authorities
    {48, CR},                   // oid_filters
    {49, CH},                   // post_handshake_auth
    {50, CH | CR},              // signature_algorithms_cert
    {51, CH | SH | HRR},        // key_share
    {0xFE0D, CH | HRR | EE},    // encrypted_client_hello
    {0xFF01, CH | SH12},        // renegotiation_info (RFC 5746)
};

const Rule* find_rule(ExtensionType t) {
  auto v = static_cast<uint16_t>(t);
  for (const auto& r : kRules)
    if (r.type == v) return &r;
  return nullptr;
}

uint16_t bit(ExtensionContext c) {
  switch (c) {
    case ExtensionContext::client_hello:
      return CH;
    case ExtensionContext::server_hello:
      return SH;
    case ExtensionContext::hello_retry_request:
      return HRR;
    case ExtensionContext::encrypted_extensions:
      return EE;
    case ExtensionContext::certificate:
      return CT;
    case ExtensionContext::certificate_request:
      return CR;
    case ExtensionContext::new_session_ticket:
      return NST;
    case ExtensionContext::server_hello_tls12:
      return SH12;
  }
  return 0;
}

// Contexts in which unknown extensions are ignored rather than refused.
bool unknown_allowed(ExtensionContext c) {
  return c == ExtensionContext::client_hello || c == ExtensionContext::certificate_request ||
         c == ExtensionContext::new_session_ticket;
}

}  // namespace

const char* extension_context_name(ExtensionContext c) {
  switch (c) {
    case ExtensionContext::client_hello:
      return "ClientHello";
    case ExtensionContext::server_hello:
      return "ServerHello";
    case ExtensionContext::hello_retry_request:
      return "HelloRetryRequest";
    case ExtensionContext::encrypted_extensions:
      return "EncryptedExtensions";
    case ExtensionContext::certificate:
      return "Certificate";
    case ExtensionContext::certificate_request:
      return "CertificateRequest";
    case ExtensionContext::new_session_ticket:
      return "NewSessionTicket";
    case ExtensionContext::server_hello_tls12:
      return "ServerHello (TLS 1.2)";
  }
  return "?";
}

bool extension_is_known(ExtensionType t) { return find_rule(t) != nullptr; }

bool extension_allowed(ExtensionType t, ExtensionContext c) {
  const Rule* r = find_rule(t);
  if (!r) return unknown_allowed(c);
  return (r->contexts & bit(c)) != 0;
}

Result<void> check_extension_rules(const ExtensionList& list, ExtensionContext c, Step step) {
  const std::string m = extension_context_name(c);
  const auto& items = list.items;
  std::bitset<65536> seen;  // one bit per extension type: linear duplicate check
  for (size_t i = 0; i < items.size(); ++i) {
    // RFC 8446 §4.2: "There MUST NOT be more than one extension of the same type in a given
    // extension block." (also RFC 5246 §7.4.1.4)
    auto type_value = static_cast<uint16_t>(items[i].type);
    if (seen.test(type_value))
      return wire_illegal_parameter(step,
                                    m + ": duplicate extension " + extension_name(items[i].type));
    seen.set(type_value);
    ExtensionType t = items[i].type;
    if (extension_allowed(t, c)) continue;
    if (extension_is_known(t)) {
      // RFC 8446 §4.2: "If an implementation receives an extension which it recognizes and
      // which is not specified for the message in which it appears, it MUST abort the handshake
      // with an "illegal_parameter" alert."
      return wire_illegal_parameter(
          step, m + ": extension " + extension_name(t) + " is not allowed in this message");
    }
    // RFC 8446 §4.2: responses MUST NOT carry extensions that were not requested; we never
    // request unknown ones -> "unsupported_extension".
    return make_error(ErrorCode::unsupported_extension, Alert::unsupported_extension, Party::peer,
                      step, m + ": unsolicited unknown extension " + extension_name(t));
  }
  return ok();
}

Result<void> check_extensions_offered(const ExtensionList& received,
                                      std::span<const ExtensionType> offered, ExtensionContext c,
                                      Step step) {
  for (const auto& e : received.items) {
    // RFC 8446 §4.2: "with the exception of the "cookie" extension in the HelloRetryRequest".
    if (c == ExtensionContext::hello_retry_request && e.type == ExtensionType::cookie) continue;
    bool was_offered = false;
    for (ExtensionType o : offered) {
      if (o == e.type) {
        was_offered = true;
        break;
      }
    }
    if (!was_offered)
      // RFC 8446 §4.2 / RFC 5246 §7.4.1.4: "MUST abort the handshake with an
      // unsupported_extension alert".
      return make_error(ErrorCode::unsupported_extension, Alert::unsupported_extension, Party::peer,
                        step,
                        std::string(extension_context_name(c)) + ": extension " +
                            extension_name(e.type) + " was not offered");
  }
  return ok();
}

}  // namespace tlskit
