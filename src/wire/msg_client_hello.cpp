// ClientHello parse and serialize.
#include "wire/msg_client_hello.h"

#include <algorithm>
#include <string>

#include "codec/byte_reader.h"
#include "wire/extension_rules.h"
#include "wire/handshake_header.h"

namespace tlskit {
namespace {

constexpr Step kStep = Step::client_hello;

Error decode(std::string d) { return wire_decode_error(kStep, "ClientHello: " + std::move(d)); }

}  // namespace

Result<ClientHello> parse_client_hello(ByteView body) {
  ByteReader r(body);
  ClientHello ch;
  if (r.remaining() < 2 + kRandomSize)
    return decode("truncated: " + std::to_string(body.size()) +
                  " bytes is shorter than version + random");
  ch.legacy_version = r.u16();
  ByteView random = r.bytes(kRandomSize);
  std::copy(random.begin(), random.end(), ch.random.begin());

  if (r.remaining() < 1) return decode("truncated before legacy_session_id");
  uint8_t sid_len = r.u8();
  // RFC 8446 §4.1.2: opaque legacy_session_id<0..32>.
  if (sid_len > kMaxSessionIdSize)
    return decode("legacy_session_id length " + std::to_string(sid_len) + " exceeds 32");
  if (sid_len > r.remaining()) return decode("truncated legacy_session_id");
  ch.legacy_session_id = r.bytes(sid_len);

  if (r.remaining() < 2) return decode("truncated before cipher_suites");
  uint16_t cs_len = r.u16();
  if (cs_len > r.remaining())
    return decode("cipher_suites length " + std::to_string(cs_len) + " exceeds the " +
                  std::to_string(r.remaining()) + " bytes left");
  // RFC 8446 §4.1.2: CipherSuite cipher_suites<2..2^16-2>.
  if (cs_len == 0) return decode("cipher_suites is empty");
  if (cs_len % 2) return decode("cipher_suites length " + std::to_string(cs_len) + " is odd");
  ByteReader cs(r.bytes(cs_len));
  ch.cipher_suites.reserve(cs_len / 2);
  while (!cs.empty()) ch.cipher_suites.push_back(static_cast<CipherSuite>(cs.u16()));

  if (r.remaining() < 1) return decode("truncated before legacy_compression_methods");
  uint8_t cm_len = r.u8();
  if (cm_len > r.remaining()) return decode("truncated legacy_compression_methods");
  // RFC 8446 §4.1.2 / RFC 5246 §7.4.1.2: compression_methods<1..2^8-1>.
  if (cm_len == 0) return decode("legacy_compression_methods is empty");
  ch.legacy_compression_methods = r.bytes(cm_len);

  if (r.empty()) {
    // RFC 5246 §7.4.1.2: a ClientHello may end here (no extensions).
    ch.has_extension_block = false;
    return ch;
  }
  TK_ASSIGN(ch.extensions, read_extension_block(r, kStep, "ClientHello"));
  if (!r.empty())
    return decode(std::to_string(r.remaining()) + " trailing bytes after the extensions");
  TK_TRY(check_extension_rules(ch.extensions, ExtensionContext::client_hello, kStep));
  // RFC 8446 §4.2.11: "The "pre_shared_key" extension MUST be the last extension in the
  // ClientHello ... Servers MUST check that it is the last extension and otherwise fail the
  // handshake with an "illegal_parameter" alert."
  const auto& items = ch.extensions.items;
  for (size_t i = 0; i + 1 < items.size(); ++i) {
    if (items[i].type == ExtensionType::pre_shared_key)
      return wire_illegal_parameter(
          kStep, "ClientHello: pre_shared_key is extension " + std::to_string(i + 1) + " of " +
                     std::to_string(items.size()) + ", it must be the last");
  }
  return ch;
}

void write_client_hello(const ClientHello& ch, ByteWriter& w) {
  auto msg = open_handshake(w, HandshakeType::client_hello);
  w.u16(ch.legacy_version);
  w.bytes(ByteView(ch.random));
  w.vec8(ch.legacy_session_id);
  auto cs = w.open16();
  for (CipherSuite s : ch.cipher_suites) w.u16(static_cast<uint16_t>(s));
  w.close(cs);
  if (ch.legacy_compression_methods.empty()) {
    w.u8(1);
    w.u8(0);
  } else {
    w.vec8(ch.legacy_compression_methods);
  }
  if (ch.has_extension_block || !ch.extensions.empty()) write_extension_block(ch.extensions, w);
  close_handshake(w, msg);
}

bool client_hello_has_scsv(const ClientHello& ch, CipherSuite scsv) {
  return std::find(ch.cipher_suites.begin(), ch.cipher_suites.end(), scsv) !=
         ch.cipher_suites.end();
}

Result<void> check_client_hello_compression(const ClientHello& ch, bool tls13) {
  ByteView cm = ch.legacy_compression_methods;
  if (tls13) {
    // RFC 8446 §4.1.2: "For every TLS 1.3 ClientHello, this vector MUST contain exactly one
    // byte, set to zero ... If a TLS 1.3 ClientHello is received with any other value in this
    // field, the server MUST abort the handshake with an "illegal_parameter" alert."
    if (cm.size() != 1 || cm[0] != 0)
      return wire_illegal_parameter(kStep,
                                    "ClientHello: TLS 1.3 requires exactly the null "
                                    "compression method, got " +
                                        std::to_string(cm.size()) + " methods");
    return ok();
  }
  // RFC 5246 §7.4.1.2: "this vector MUST contain, and all implementations MUST support,
  // CompressionMethod.null".
  if (std::find(cm.begin(), cm.end(), uint8_t{0}) == cm.end())
    return wire_illegal_parameter(kStep, "ClientHello: compression_methods lacks null (0)");
  return ok();
}

}  // namespace tlskit
