// ServerHello / HelloRetryRequest parse and serialize.
#include "wire/msg_server_hello.h"

#include <algorithm>
#include <string>

#include "codec/byte_reader.h"
#include "wire/ext_supported_versions.h"
#include "wire/extension_rules.h"
#include "wire/handshake_header.h"

namespace tlskit {

// SHA-256("HelloRetryRequest"), RFC 8446 §4.1.3.
const std::array<uint8_t, 32> kHelloRetryRequestRandom = {
    0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C, 0x02, 0x1E, 0x65, 0xB8, 0x91,
    0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB, 0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C};

const std::array<uint8_t, 8> kDowngradeSentinelTls12 = {0x44, 0x4F, 0x57, 0x4E,
                                                        0x47, 0x52, 0x44, 0x01};
const std::array<uint8_t, 8> kDowngradeSentinelTls11 = {0x44, 0x4F, 0x57, 0x4E,
                                                        0x47, 0x52, 0x44, 0x00};

bool is_hello_retry_request(ByteView random) {
  return random.size() == kHelloRetryRequestRandom.size() &&
         std::equal(random.begin(), random.end(), kHelloRetryRequestRandom.begin());
}

DowngradeSentinel downgrade_sentinel(const ServerHello& sh) {
  auto tail = ByteView(sh.random).subspan(24);
  if (std::equal(tail.begin(), tail.end(), kDowngradeSentinelTls12.begin()))
    return DowngradeSentinel::tls12;
  if (std::equal(tail.begin(), tail.end(), kDowngradeSentinelTls11.begin()))
    return DowngradeSentinel::tls11;
  return DowngradeSentinel::none;
}

Result<ServerHello> parse_server_hello(ByteView body) {
  ByteReader r(body);
  ServerHello sh;
  Step step = Step::server_hello;
  std::string m = "ServerHello";
  auto decode = [&](std::string d) { return wire_decode_error(step, m + ": " + std::move(d)); };
  if (r.remaining() < 2 + kRandomSize)
    return decode("truncated: " + std::to_string(body.size()) +
                  " bytes is shorter than version + random");
  sh.legacy_version = r.u16();
  ByteView random = r.bytes(kRandomSize);
  std::copy(random.begin(), random.end(), sh.random.begin());
  const bool hrr = sh.is_hello_retry_request();
  if (hrr) {
    step = Step::hello_retry_request;
    m = "HelloRetryRequest";
  }
  if (r.remaining() < 1) return decode("truncated before legacy_session_id_echo");
  uint8_t sid_len = r.u8();
  if (sid_len > kMaxSessionIdSize)
    return decode("legacy_session_id_echo length " + std::to_string(sid_len) + " exceeds 32");
  if (sid_len > r.remaining()) return decode("truncated legacy_session_id_echo");
  sh.legacy_session_id_echo = r.bytes(sid_len);
  if (r.remaining() < 3) return decode("truncated before cipher_suite / compression_method");
  sh.cipher_suite = static_cast<CipherSuite>(r.u16());
  sh.legacy_compression_method = r.u8();
  if (r.empty()) {
    // RFC 5246 §7.4.1.3: a TLS 1.2 ServerHello may omit the extensions block. A TLS 1.3
    // ServerHello / HRR always has supported_versions, so it cannot end here; the caller sees
    // no supported_versions and treats it as TLS 1.2.
    sh.has_extension_block = false;
    if (hrr) return decode("HelloRetryRequest without extensions");
    return sh;
  }
  TK_ASSIGN(sh.extensions, read_extension_block(r, step, m.c_str()));
  if (!r.empty())
    return decode(std::to_string(r.remaining()) + " trailing bytes after the extensions");

  const Extension* sv = sh.extensions.find(ExtensionType::supported_versions);
  ExtensionContext ctx = hrr  ? ExtensionContext::hello_retry_request
                         : sv ? ExtensionContext::server_hello
                              : ExtensionContext::server_hello_tls12;
  TK_TRY(check_extension_rules(sh.extensions, ctx, step));
  if (sv) {
    TK_ASSIGN(SupportedVersionsServer sel, parse_supported_versions_server(sv->body(), step));
    // RFC 8446 §4.2.1: "If the "supported_versions" extension in the ServerHello contains a
    // version ... prior to TLS 1.3, the client MUST abort the handshake with an
    // "illegal_parameter" alert."
    if (static_cast<uint16_t>(sel.selected) < static_cast<uint16_t>(ProtocolVersion::tls1_3))
      return wire_illegal_parameter(step, m + ": supported_versions selects " +
                                              version_name(sel.selected) + ", below TLS 1.3");
    // RFC 8446 §4.1.3: legacy_compression_method "MUST have the value 0".
    if (sh.legacy_compression_method != 0)
      return wire_illegal_parameter(step, m + ": legacy_compression_method is " +
                                              std::to_string(sh.legacy_compression_method) +
                                              ", must be 0");
  }
  return sh;
}

Result<ProtocolVersion> server_hello_selected_version(const ServerHello& sh) {
  if (const Extension* sv = sh.extensions.find(ExtensionType::supported_versions)) {
    Step step = sh.is_hello_retry_request() ? Step::hello_retry_request : Step::server_hello;
    TK_ASSIGN(SupportedVersionsServer sel, parse_supported_versions_server(sv->body(), step));
    return sel.selected;
  }
  return static_cast<ProtocolVersion>(sh.legacy_version);
}

void write_server_hello(const ServerHello& sh, ByteWriter& w) {
  auto msg = open_handshake(w, HandshakeType::server_hello);
  w.u16(sh.legacy_version);
  w.bytes(ByteView(sh.random));
  w.vec8(sh.legacy_session_id_echo);
  w.u16(static_cast<uint16_t>(sh.cipher_suite));
  w.u8(sh.legacy_compression_method);
  if (sh.has_extension_block || !sh.extensions.empty()) write_extension_block(sh.extensions, w);
  close_handshake(w, msg);
}

}  // namespace tlskit
