// TLS 1.2 ECDHE ServerKeyExchange parse and serialize; the signed data.
#include "wire/msg_server_key_exchange.h"

#include <string>

#include "codec/byte_reader.h"
#include "wire/extensions.h"
#include "wire/handshake_header.h"
#include "wire/msg_certificate_verify.h"

namespace tlskit {
namespace {

constexpr Step kStep = Step::server_key_exchange;

Error decode(std::string d) {
  return wire_decode_error(kStep, "ServerKeyExchange: " + std::move(d));
}

}  // namespace

Result<ServerKeyExchange> parse_server_key_exchange(ByteView body) {
  ByteReader r(body);
  ServerKeyExchange ske;
  if (r.remaining() < 4) return decode("truncated: " + std::to_string(body.size()) + " bytes");
  ske.curve_type = r.u8();
  // RFC 8422 §5.4: explicit_prime / explicit_char2 are deprecated; only named_curve.
  if (ske.curve_type != kCurveTypeNamedCurve)
    return wire_illegal_parameter(kStep, "ServerKeyExchange: curve_type " +
                                             std::to_string(ske.curve_type) +
                                             " is not named_curve (3)");
  ske.group = static_cast<NamedGroup>(r.u16());
  uint8_t point_len = r.u8();
  // RFC 8422 §5.4: opaque point<1..2^8-1>.
  if (point_len == 0) return decode("empty public point");
  if (point_len > r.remaining()) return decode("truncated public point");
  ske.public_point = r.bytes(point_len);
  ske.params = body.subspan(0, r.position());
  if (r.remaining() < 4) return decode("truncated signature header");
  ske.scheme = static_cast<SignatureScheme>(r.u16());
  uint16_t sig_len = r.u16();
  if (sig_len != r.remaining())
    return decode("signature length " + std::to_string(sig_len) + " but " +
                  std::to_string(r.remaining()) + " bytes follow");
  // An empty signature is well-formed (opaque<0..2^16-1>); it fails verification instead.
  if (sig_len > kMaxSignatureSize)
    return decode("signature of " + std::to_string(sig_len) + " bytes exceeds " +
                  std::to_string(kMaxSignatureSize));
  ske.signature = r.bytes(sig_len);
  return ske;
}

void write_server_ecdh_params(const ServerKeyExchange& ske, ByteWriter& w) {
  w.u8(ske.curve_type);
  w.u16(static_cast<uint16_t>(ske.group));
  w.vec8(ske.public_point);
}

void write_server_key_exchange(const ServerKeyExchange& ske, ByteWriter& w) {
  auto msg = open_handshake(w, HandshakeType::server_key_exchange);
  write_server_ecdh_params(ske, w);
  w.u16(static_cast<uint16_t>(ske.scheme));
  w.vec16(ske.signature);
  close_handshake(w, msg);
}

Bytes server_key_exchange_signed_data(ByteView client_random, ByteView server_random,
                                      const ServerKeyExchange& ske) {
  Bytes out;
  out.reserve(client_random.size() + server_random.size() + 4 + ske.public_point.size());
  out.insert(out.end(), client_random.begin(), client_random.end());
  out.insert(out.end(), server_random.begin(), server_random.end());
  ByteWriter w(out);
  write_server_ecdh_params(ske, w);
  return out;
}

}  // namespace tlskit
