// Strict ServerHello parser for every version a probe may meet.
#include "probe/server_hello_parse.h"

#include <algorithm>

#include "codec/byte_reader.h"
#include "wire/extensions.h"
#include "wire/msg_server_hello.h"

namespace tlskit::probe {
namespace {

struct Ctx {
  Step step = Step::server_hello;
  const char* name = "ServerHello";
  Error decode(const std::string& d) const { return wire_decode_error(step, std::string(name) + ": " + d); }
  Error illegal(const std::string& d) const {
    return wire_illegal_parameter(step, std::string(name) + ": " + d);
  }
};

std::string hex16(uint16_t v) {
  static const char* d = "0123456789abcdef";
  std::string s = "0x";
  for (int sh = 12; sh >= 0; sh -= 4) s += d[(v >> sh) & 0xF];
  return s;
}

// Decodes the extensions a scan reports into sh.
Result<void> decode_extensions(ProbeServerHello& sh, const Ctx& c) {
  for (const RawExtension& e : sh.extensions) {
    ByteReader r(e.data);
    auto name = extension_name(static_cast<ExtensionType>(e.type));
    switch (static_cast<ExtensionType>(e.type)) {
      case ExtensionType::supported_versions:
        break;  // handled by the caller
      case ExtensionType::key_share:
        if (sh.hello_retry_request) {
          // RFC 8446 §4.2.8: the HRR form is NamedGroup selected_group.
          if (e.data.size() != 2) return c.decode("key_share of " + std::to_string(e.data.size()) + " bytes, expected 2");
          sh.key_share_group = static_cast<NamedGroup>(r.u16());
        } else {
          // KeyShareEntry: group + key_exchange<1..2^16-1>.
          uint16_t g = r.u16();
          ByteView kx = r.vec16();
          if (!r.done() || kx.empty()) return c.decode("malformed key_share entry");
          sh.key_share_group = static_cast<NamedGroup>(g);
          sh.key_share_size = kx.size();
        }
        break;
      case ExtensionType::cookie:
        sh.hrr_cookie = true;
        break;
      case ExtensionType::renegotiation_info: {
        ByteView v = r.vec8();
        if (!r.done()) return c.decode("malformed renegotiation_info");
        (void)v;
        sh.renegotiation_info = true;
        break;
      }
      case ExtensionType::application_layer_protocol_negotiation: {
        // RFC 7301 §3.1: the server's list holds exactly one non-empty name.
        ByteReader list = r.sub16();
        ByteView proto = list.vec8();
        if (!r.done() || !list.done() || proto.empty()) return c.decode("malformed ALPN selection");
        sh.alpn = std::string(proto.begin(), proto.end());
        break;
      }
      case ExtensionType::extended_master_secret:
      case ExtensionType::encrypt_then_mac:
      case ExtensionType::session_ticket:
      case ExtensionType::status_request:
        if (!e.data.empty()) return c.decode(name + " with a " + std::to_string(e.data.size()) + "-byte body, expected empty");
        if (e.type == static_cast<uint16_t>(ExtensionType::extended_master_secret)) sh.extended_master_secret = true;
        if (e.type == static_cast<uint16_t>(ExtensionType::encrypt_then_mac)) sh.encrypt_then_mac = true;
        if (e.type == static_cast<uint16_t>(ExtensionType::session_ticket)) sh.session_ticket = true;
        if (e.type == static_cast<uint16_t>(ExtensionType::status_request)) sh.status_request = true;
        break;
      case ExtensionType::heartbeat:
        sh.heartbeat = true;
        break;
      default:
        break;  // kept raw
    }
  }
  return ok();
}

}  // namespace

bool ProbeServerHello::has(ExtensionType t) const {
  return std::any_of(extensions.begin(), extensions.end(),
                     [&](const RawExtension& e) { return e.type == static_cast<uint16_t>(t); });
}

Result<ProbeServerHello> parse_probe_server_hello(ByteView body) {
  ByteReader r(body);
  ProbeServerHello sh;
  Ctx c;
  if (r.remaining() < 2 + 32)
    return c.decode("truncated: " + std::to_string(body.size()) + " bytes is shorter than version + random");
  sh.legacy_version = r.u16();
  ByteView random = r.bytes(32);
  std::copy(random.begin(), random.end(), sh.random.begin());
  sh.hello_retry_request = is_hello_retry_request(random);
  if (sh.hello_retry_request) {
    c.step = Step::hello_retry_request;
    c.name = "HelloRetryRequest";
  }
  // RFC 5246 Appendix E.1: every SSL 3.0+ version has major byte 3.
  if ((sh.legacy_version >> 8) != 3)
    return make_error(ErrorCode::protocol_version, Alert::protocol_version, Party::peer, c.step,
                      std::string(c.name) + ": server_version " + hex16(sh.legacy_version) +
                          " is not SSL 3.0 or TLS");
  if (r.remaining() < 1) return c.decode("truncated before session_id");
  uint8_t sid = r.u8();
  // RFC 5246 §7.4.1.2: SessionID session_id<0..32>.
  if (sid > 32) return c.decode("session_id length " + std::to_string(sid) + " exceeds 32");
  if (sid > r.remaining()) return c.decode("truncated session_id");
  ByteView sidv = r.bytes(sid);
  sh.session_id.assign(sidv.begin(), sidv.end());
  if (r.remaining() < 3) return c.decode("truncated before cipher_suite / compression_method");
  sh.cipher_suite = static_cast<CipherSuite>(r.u16());
  sh.compression_method = r.u8();
  sh.version = static_cast<ProtocolVersion>(sh.legacy_version);
  if (!r.empty()) {
    sh.has_extension_block = true;
    TK_ASSIGN(ExtensionList list, read_extension_block(r, c.step, c.name));
    if (!r.empty()) return c.decode(std::to_string(r.remaining()) + " trailing bytes after the extensions");
    if (list.size() > kMaxServerHelloExtensions)
      return c.decode(std::to_string(list.size()) + " extensions, at most " +
                      std::to_string(kMaxServerHelloExtensions) + " accepted");
    for (const Extension& e : list.items) {
      uint16_t t = static_cast<uint16_t>(e.type);
      // RFC 5246 §7.4.1.4: "There MUST NOT be more than one extension of the same type."
      for (const RawExtension& seen : sh.extensions)
        if (seen.type == t)
          return c.illegal("two " + extension_name(e.type) + " extensions");
      ByteView d = e.body();
      sh.extensions.push_back(RawExtension{t, Bytes(d.begin(), d.end())});
    }
  }
  for (const RawExtension& e : sh.extensions) {
    if (e.type != static_cast<uint16_t>(ExtensionType::supported_versions)) continue;
    if (e.data.size() != 2) return c.decode("supported_versions of " + std::to_string(e.data.size()) + " bytes, expected 2");
    uint16_t sel = static_cast<uint16_t>((e.data[0] << 8) | e.data[1]);
    // RFC 8446 §4.2.1: a server that selects a version below TLS 1.3 with supported_versions,
    // or a TLS 1.3 ServerHello whose legacy_version is not 0x0303, is illegal_parameter.
    if (sel < static_cast<uint16_t>(ProtocolVersion::tls1_3))
      return c.illegal("supported_versions selects " + version_name(static_cast<ProtocolVersion>(sel)) +
                       ", below TLS 1.3");
    if (sh.legacy_version != 0x0303)
      return c.illegal("legacy_version " + hex16(sh.legacy_version) + " with supported_versions, expected 0x0303");
    sh.version = static_cast<ProtocolVersion>(sel);
  }
  const bool tls13 = static_cast<uint16_t>(sh.version) >= 0x0304;
  // RFC 8446 §4.1.4: a HelloRetryRequest carries supported_versions.
  if (sh.hello_retry_request && !tls13)
    return make_error(ErrorCode::missing_extension, Alert::missing_extension, Party::peer, c.step,
                      "HelloRetryRequest without supported_versions");
  // RFC 8446 §4.1.3: legacy_compression_method MUST be 0 in TLS 1.3.
  if (tls13 && sh.compression_method != 0)
    return c.illegal("compression method " + std::to_string(sh.compression_method) + " in TLS 1.3");
  TK_TRY(decode_extensions(sh, c));
  if (!sh.hello_retry_request) {
    ByteView tail = ByteView(sh.random).subspan(24);
    sh.downgrade_sentinel = std::equal(tail.begin(), tail.end(), kDowngradeSentinelTls12.begin()) ||
                            std::equal(tail.begin(), tail.end(), kDowngradeSentinelTls11.begin());
  }
  return sh;
}

}  // namespace tlskit::probe
