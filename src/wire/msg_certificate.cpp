// Certificate (TLS 1.3 and TLS 1.2 forms) parse and serialize.
#include "wire/msg_certificate.h"

#include <string>

#include "codec/byte_reader.h"
#include "wire/extension_rules.h"
#include "wire/handshake_header.h"

namespace tlskit {

Result<Certificate13> parse_certificate13(ByteView body, Step step) {
  auto decode = [&](std::string d) {
    return wire_decode_error(step, "Certificate: " + std::move(d));
  };
  ByteReader r(body);
  Certificate13 c;
  if (r.remaining() < 1) return decode("empty body");
  uint8_t ctx_len = r.u8();
  if (ctx_len > r.remaining()) return decode("truncated certificate_request_context");
  c.certificate_request_context = r.bytes(ctx_len);
  // RFC 8446 §4.4.2: "in the case of server authentication, this field SHALL be zero length".
  if (step == Step::server_certificate && ctx_len != 0)
    return decode("server certificate_request_context must be empty, got " +
                  std::to_string(ctx_len) + " bytes");
  if (r.remaining() < 3) return decode("truncated before certificate_list");
  uint32_t list_len = r.u24();
  if (list_len != r.remaining())
    return decode("certificate_list length " + std::to_string(list_len) + " but " +
                  std::to_string(r.remaining()) + " bytes follow");
  ByteReader list(r.bytes(list_len));
  while (!list.empty()) {
    if (c.entries.size() >= kMaxCertificateChainLength)
      return decode("more than " + std::to_string(kMaxCertificateChainLength) + " certificates");
    const std::string idx = "entry " + std::to_string(c.entries.size());
    if (list.remaining() < 3) return decode(idx + ": truncated cert_data length");
    uint32_t clen = list.u24();
    // RFC 8446 §4.4.2: opaque cert_data<1..2^24-1>.
    if (clen == 0) return decode(idx + ": empty cert_data");
    if (clen > list.remaining())
      return decode(idx + ": cert_data length " + std::to_string(clen) + " exceeds the " +
                    std::to_string(list.remaining()) + " bytes left");
    CertificateEntry e;
    e.cert_data = list.bytes(clen);
    std::string name = "Certificate " + idx;
    TK_ASSIGN(e.extensions, read_extension_block(list, step, name.c_str()));
    TK_TRY(check_extension_rules(e.extensions, ExtensionContext::certificate, step));
    c.entries.push_back(std::move(e));
  }
  return c;
}

void write_certificate13(const Certificate13& c, ByteWriter& w) {
  auto msg = open_handshake(w, HandshakeType::certificate);
  w.vec8(c.certificate_request_context);
  auto list = w.open24();
  for (const auto& e : c.entries) {
    w.vec24(e.cert_data);
    write_extension_block(e.extensions, w);
  }
  w.close(list);
  close_handshake(w, msg);
}

Result<Certificate12> parse_certificate12(ByteView body, Step step) {
  auto decode = [&](std::string d) {
    return wire_decode_error(step, "Certificate: " + std::move(d));
  };
  ByteReader r(body);
  Certificate12 c;
  if (r.remaining() < 3) return decode("truncated certificate_list length");
  uint32_t list_len = r.u24();
  if (list_len != r.remaining())
    return decode("certificate_list length " + std::to_string(list_len) + " but " +
                  std::to_string(r.remaining()) + " bytes follow");
  ByteReader list(r.bytes(list_len));
  while (!list.empty()) {
    if (c.certificates.size() >= kMaxCertificateChainLength)
      return decode("more than " + std::to_string(kMaxCertificateChainLength) + " certificates");
    const std::string idx = "certificate " + std::to_string(c.certificates.size());
    if (list.remaining() < 3) return decode(idx + ": truncated length");
    uint32_t clen = list.u24();
    // RFC 5246 §7.4.2: opaque ASN.1Cert<1..2^24-1>.
    if (clen == 0) return decode(idx + ": empty");
    if (clen > list.remaining())
      return decode(idx + ": length " + std::to_string(clen) + " exceeds the " +
                    std::to_string(list.remaining()) + " bytes left");
    c.certificates.push_back(list.bytes(clen));
  }
  return c;
}

void write_certificate12(const Certificate12& c, ByteWriter& w) {
  auto msg = open_handshake(w, HandshakeType::certificate);
  auto list = w.open24();
  for (ByteView cert : c.certificates) w.vec24(cert);
  w.close(list);
  close_handshake(w, msg);
}

}  // namespace tlskit
