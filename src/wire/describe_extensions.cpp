// Human-readable decoding of every extension we know (for describe.h).
#include <cstdio>
#include <string>

#include "wire/describe_internal.h"
#include "wire/ext_alpn.h"
#include "wire/ext_certificate_authorities.h"
#include "wire/ext_cookie.h"
#include "wire/ext_early_data.h"
#include "wire/ext_ec_point_formats.h"
#include "wire/ext_key_share.h"
#include "wire/ext_padding.h"
#include "wire/ext_pre_shared_key.h"
#include "wire/ext_psk_key_exchange_modes.h"
#include "wire/ext_compress_certificate.h"
#include "wire/ext_record_size_limit.h"
#include "wire/ext_renegotiation_info.h"
#include "wire/ext_server_name.h"
#include "wire/ext_session_ticket.h"
#include "wire/ext_status_request.h"
#include "wire/msg_certificate_status.h"
#include "base/iana_registry.h"

namespace tlskit::describe_detail {

DescribedField scalar(std::string name, std::string value) {
  DescribedField f;
  f.name = std::move(name);
  f.value = std::move(value);
  return f;
}

DescribedField list(std::string name, std::vector<std::string> items) {
  DescribedField f;
  f.name = std::move(name);
  f.items = std::move(items);
  return f;
}

std::string size_text(size_t n) { return std::to_string(n) + (n == 1 ? " byte" : " bytes"); }

std::string short_hex(ByteView b, size_t max) {
  if (b.size() <= max) return to_hex(b);
  return to_hex(b.subspan(0, max)) + "...";
}

namespace {

// Reads a u16 list of 16-bit values leniently, keeping GREASE, naming each with `name_of`.
template <typename Enum, typename NameFn>
Result<std::vector<std::string>> u16_names(ByteView data, size_t prefix, NameFn name_of,
                                           const char* what) {
  ByteReader r(data);
  size_t len = prefix == 1 ? r.u8() : r.u16();
  if (r.failed() || len != r.remaining() || len % 2)
    return wire_decode_error(Step::none, std::string(what) + ": bad list length");
  std::vector<std::string> out;
  while (r.remaining() >= 2) out.push_back(name_of(static_cast<Enum>(r.u16())));
  return out;
}

std::string psk_mode_name(uint8_t m) {
  switch (m) {
    case 0:
      return "psk_ke";
    case 1:
      return "psk_dhe_ke";
    default:
      return "unknown(" + std::to_string(m) + ")";
  }
}

std::string point_format_name(uint8_t f) {
  switch (f) {
    case 0:
      return "uncompressed";
    case 1:
      return "ansiX962_compressed_prime";
    case 2:
      return "ansiX962_compressed_char2";
    default:
      return "unknown(" + std::to_string(f) + ")";
  }
}

// Fills f from the extension data; returns an error for malformed data.
Result<void> fill(DescribedField& f, const Extension& e, ExtensionContext c) {
  ByteView d = e.body();
  const bool from_server = c != ExtensionContext::client_hello;
  switch (e.type) {
    case ExtensionType::server_name: {
      if (from_server || d.empty()) {
        TK_TRY(parse_empty_extension(e.type, d, Step::none));
        f.value = "(acknowledged)";
        return ok();
      }
      TK_ASSIGN(auto v, parse_server_name(d, Step::none));
      f.value = v.host_name;
      return ok();
    }
    case ExtensionType::supported_groups: {
      TK_ASSIGN(f.items, u16_names<NamedGroup>(d, 2, group_name, "supported_groups"));
      if (f.items.empty()) return wire_decode_error(Step::none, "supported_groups: empty list");
      return ok();
    }
    case ExtensionType::signature_algorithms:
    case ExtensionType::signature_algorithms_cert: {
      TK_ASSIGN(f.items,
                u16_names<SignatureScheme>(d, 2, signature_scheme_name, "signature_algorithms"));
      if (f.items.empty()) return wire_decode_error(Step::none, "signature_algorithms: empty list");
      return ok();
    }
    case ExtensionType::application_layer_protocol_negotiation: {
      TK_ASSIGN(auto v, parse_alpn(d, Step::none));
      if (from_server && v.protocols.size() == 1) {
        f.value = v.protocols[0];
      } else {
        f.items = std::move(v.protocols);
      }
      return ok();
    }
    case ExtensionType::supported_versions: {
      if (c == ExtensionContext::client_hello) {
        TK_ASSIGN(f.items, u16_names<ProtocolVersion>(d, 1, version_name, "supported_versions"));
        if (f.items.empty()) return wire_decode_error(Step::none, "supported_versions: empty");
        return ok();
      }
      if (d.size() != 2)
        return wire_decode_error(Step::none, "supported_versions: expected 2 bytes");
      f.value = version_name(static_cast<ProtocolVersion>(d[0] << 8 | d[1]));
      return ok();
    }
    case ExtensionType::key_share: {
      if (c == ExtensionContext::hello_retry_request) {
        TK_ASSIGN(auto v, parse_key_share_hrr(d, Step::none));
        f.value = group_name(v.selected_group);
        return ok();
      }
      if (c == ExtensionContext::client_hello) {
        // Lenient walk that keeps GREASE entries.
        ByteReader r(d);
        uint16_t len = r.u16();
        if (r.failed() || len != r.remaining())
          return wire_decode_error(Step::none, "key_share: bad client_shares length");
        while (!r.empty()) {
          auto g = static_cast<NamedGroup>(r.u16());
          ByteView kx = r.vec16();
          if (r.failed()) return wire_decode_error(Step::none, "key_share: truncated entry");
          f.items.push_back(group_name(g) + " (" + size_text(kx.size()) + ")");
        }
        TK_TRY(parse_key_share_client(d, Step::none));
        return ok();
      }
      TK_ASSIGN(auto v, parse_key_share_server(d, Step::none));
      f.value = group_name(v.share.group) + " (" + size_text(v.share.key_exchange.size()) + ")";
      return ok();
    }
    case ExtensionType::cookie: {
      TK_ASSIGN(auto v, parse_cookie(d, Step::none));
      f.value = size_text(v.cookie.size());
      return ok();
    }
    case ExtensionType::psk_key_exchange_modes: {
      TK_ASSIGN(auto v, parse_psk_key_exchange_modes(d, Step::none));
      for (auto m : v.modes) f.items.push_back(psk_mode_name(static_cast<uint8_t>(m)));
      return ok();
    }
    case ExtensionType::pre_shared_key: {
      if (from_server) {
        TK_ASSIGN(auto v, parse_pre_shared_key_server(d, Step::none));
        f.value = "selected_identity " + std::to_string(v.selected_identity);
        return ok();
      }
      TK_ASSIGN(auto v, parse_pre_shared_key_client(d, Step::none));
      for (size_t i = 0; i < v.identities.size(); ++i) {
        DescribedField id;
        id.name = "identity";
        id.value = size_text(v.identities[i].identity.size()) + ", obfuscated_ticket_age " +
                   std::to_string(v.identities[i].obfuscated_ticket_age);
        id.children.push_back(scalar("binder", size_text(v.binders[i].size())));
        f.children.push_back(std::move(id));
      }
      f.value = std::to_string(v.identities.size()) +
                (v.identities.size() == 1 ? " identity" : " identities");
      return ok();
    }
    case ExtensionType::early_data: {
      if (c == ExtensionContext::new_session_ticket) {
        TK_ASSIGN(auto v, parse_early_data_nst(d, Step::none));
        f.value = "max_early_data_size " + std::to_string(v.max_early_data_size);
        return ok();
      }
      TK_TRY(parse_empty_extension(e.type, d, Step::none));
      return ok();
    }
    case ExtensionType::status_request: {
      if (c == ExtensionContext::certificate) {
        TK_ASSIGN(auto v, parse_certificate_status(d, Step::none));
        f.value = "OCSP response, " + size_text(v.ocsp_response.size());
        return ok();
      }
      if (d.empty()) {
        f.value = "(acknowledged)";
        return ok();
      }
      TK_ASSIGN(auto v, parse_status_request(d, Step::none));
      f.value = v.status_type == kStatusTypeOcsp ? "ocsp"
                                                 : "status_type " + std::to_string(v.status_type);
      return ok();
    }
    case ExtensionType::renegotiation_info: {
      TK_ASSIGN(auto v, parse_renegotiation_info(d, Step::none));
      f.value = v.renegotiated_connection.empty() ? "(initial handshake)"
                                                  : short_hex(v.renegotiated_connection);
      return ok();
    }
    case ExtensionType::extended_master_secret:
    case ExtensionType::post_handshake_auth:
    case ExtensionType::encrypt_then_mac:
      return parse_empty_extension(e.type, d, Step::none);
    case ExtensionType::session_ticket: {
      f.value = d.empty() ? "(empty)" : size_text(d.size());
      return ok();
    }
    case ExtensionType::ec_point_formats: {
      TK_ASSIGN(auto v, parse_ec_point_formats(d, Step::none));
      for (uint8_t p : v.formats) f.items.push_back(point_format_name(p));
      return ok();
    }
    case ExtensionType::padding: {
      f.value = size_text(d.size());
      return ok();
    }
    case ExtensionType::record_size_limit: {
      TK_ASSIGN(auto v, parse_record_size_limit(d, Step::none));
      f.value = std::to_string(v.limit);
      return ok();
    }
    case ExtensionType::compress_certificate: {
      TK_ASSIGN(auto v, parse_compress_certificate(d, Step::none));
      for (auto a : v.algorithms) f.items.push_back(cert_compression_name(a));
      return ok();
    }
    case ExtensionType::certificate_authorities: {
      TK_ASSIGN(auto v, parse_certificate_authorities(d, Step::none));
      f.value = std::to_string(v.names.size()) + (v.names.size() == 1 ? " name" : " names");
      return ok();
    }
    default:
      if (!d.empty()) f.value = size_text(d.size()) + ": " + short_hex(d, 32);
      return ok();
  }
}

}  // namespace

DescribedField describe_extension(const Extension& e, ExtensionContext c) {
  DescribedField f;
  f.name = extension_name(e.type);
  auto r = fill(f, e, c);
  if (!r) {
    f.items.clear();
    f.children.clear();
    f.value = "malformed: " + r.error().detail;
  }
  return f;
}

bool describe_extension_block(ByteReader& r, ExtensionContext c, DescribedField& out,
                              std::string* error) {
  out.name = "extensions";
  uint16_t len = r.u16();
  if (r.failed()) {
    *error = "truncated extensions length";
    return false;
  }
  if (len > r.remaining()) {
    *error = "extensions length " + std::to_string(len) + " exceeds the " +
             std::to_string(r.remaining()) + " bytes left";
    // Describe what is there anyway.
    len = static_cast<uint16_t>(r.remaining());
  }
  ByteReader block(r.bytes(len));
  size_t count = 0;
  while (!block.empty()) {
    if (++count > kMaxExtensionsPerMessage) {
      *error = "too many extensions";
      return false;
    }
    Extension e;
    e.type = static_cast<ExtensionType>(block.u16());
    uint16_t elen = block.u16();
    if (block.failed()) {
      *error = "truncated extension header";
      return false;
    }
    if (elen > block.remaining()) {
      *error = "extension " + extension_name(e.type) + " length " + std::to_string(elen) +
               " exceeds the " + std::to_string(block.remaining()) + " bytes left";
      return false;
    }
    e.data = block.bytes(elen);
    out.children.push_back(describe_extension(e, c));
  }
  return error->empty();
}

}  // namespace tlskit::describe_detail
