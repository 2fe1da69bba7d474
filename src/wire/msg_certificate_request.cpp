// CertificateRequest (TLS 1.3 and TLS 1.2 forms) parse and serialize.
#include "wire/msg_certificate_request.h"

#include <string>

#include "codec/byte_reader.h"
#include "wire/extension_rules.h"
#include "wire/handshake_header.h"

namespace tlskit {
namespace {

constexpr Step kStep = Step::certificate_request;

Error decode(std::string d) {
  return wire_decode_error(kStep, "CertificateRequest: " + std::move(d));
}

}  // namespace

Result<CertificateRequest13> parse_certificate_request13(ByteView body) {
  ByteReader r(body);
  CertificateRequest13 cr;
  if (r.remaining() < 1) return decode("empty body");
  uint8_t ctx_len = r.u8();
  if (ctx_len > r.remaining()) return decode("truncated certificate_request_context");
  cr.certificate_request_context = r.bytes(ctx_len);
  TK_ASSIGN(cr.extensions, read_extension_block(r, kStep, "CertificateRequest"));
  if (!r.empty())
    return decode(std::to_string(r.remaining()) + " trailing bytes after the extensions");
  TK_TRY(check_extension_rules(cr.extensions, ExtensionContext::certificate_request, kStep));
  // RFC 8446 §4.3.2: "The "signature_algorithms" extension MUST be specified".
  if (!cr.extensions.contains(ExtensionType::signature_algorithms))
    return make_error(ErrorCode::missing_extension, Alert::missing_extension, Party::peer, kStep,
                      "CertificateRequest: signature_algorithms extension is missing");
  return cr;
}

void write_certificate_request13(const CertificateRequest13& cr, ByteWriter& w) {
  auto msg = open_handshake(w, HandshakeType::certificate_request);
  w.vec8(cr.certificate_request_context);
  write_extension_block(cr.extensions, w);
  close_handshake(w, msg);
}

Result<CertificateRequest12> parse_certificate_request12(ByteView body) {
  ByteReader r(body);
  CertificateRequest12 cr;
  if (r.remaining() < 1) return decode("empty body");
  uint8_t types_len = r.u8();
  // RFC 5246 §7.4.4: ClientCertificateType certificate_types<1..2^8-1>.
  if (types_len == 0) return decode("certificate_types is empty");
  if (types_len > r.remaining()) return decode("truncated certificate_types");
  ByteView types = r.bytes(types_len);
  cr.certificate_types.assign(types.begin(), types.end());

  if (r.remaining() < 2) return decode("truncated before supported_signature_algorithms");
  uint16_t sa_len = r.u16();
  if (sa_len > r.remaining()) return decode("truncated supported_signature_algorithms");
  // RFC 5246 §7.4.4: SignatureAndHashAlgorithm supported_signature_algorithms<2..2^16-2>.
  if (sa_len == 0) return decode("supported_signature_algorithms is empty");
  if (sa_len % 2)
    return decode("supported_signature_algorithms length " + std::to_string(sa_len) + " is odd");
  ByteReader sa(r.bytes(sa_len));
  while (!sa.empty()) cr.signature_algorithms.push_back(static_cast<SignatureScheme>(sa.u16()));

  if (r.remaining() < 2) return decode("truncated before certificate_authorities");
  uint16_t ca_len = r.u16();
  if (ca_len != r.remaining())
    return decode("certificate_authorities length " + std::to_string(ca_len) + " but " +
                  std::to_string(r.remaining()) + " bytes follow");
  ByteReader ca(r.bytes(ca_len));
  while (!ca.empty()) {
    if (ca.remaining() < 2) return decode("truncated DistinguishedName length");
    uint16_t n = ca.u16();
    // RFC 5246 §7.4.4: opaque DistinguishedName<1..2^16-1>.
    if (n == 0) return decode("empty DistinguishedName");
    if (n > ca.remaining()) return decode("truncated DistinguishedName");
    cr.certificate_authorities.push_back(ca.bytes(n));
  }
  return cr;
}

void write_certificate_request12(const CertificateRequest12& cr, ByteWriter& w) {
  auto msg = open_handshake(w, HandshakeType::certificate_request);
  auto types = w.open8();
  for (uint8_t t : cr.certificate_types) w.u8(t);
  w.close(types);
  auto sa = w.open16();
  for (SignatureScheme s : cr.signature_algorithms) w.u16(static_cast<uint16_t>(s));
  w.close(sa);
  auto ca = w.open16();
  for (ByteView dn : cr.certificate_authorities) w.vec16(dn);
  w.close(ca);
  close_handshake(w, msg);
}

}  // namespace tlskit
