// CertificateVerify parse and serialize; the TLS 1.3 signed content.
#include "wire/msg_certificate_verify.h"

#include <string>
#include <string_view>

#include "codec/byte_reader.h"
#include "wire/extensions.h"
#include "wire/handshake_header.h"

namespace tlskit {

Result<CertificateVerify> parse_certificate_verify(ByteView body, Step step) {
  auto decode = [&](std::string d) {
    return wire_decode_error(step, "CertificateVerify: " + std::move(d));
  };
  ByteReader r(body);
  CertificateVerify cv;
  if (r.remaining() < 4) return decode("truncated: " + std::to_string(body.size()) + " bytes");
  cv.algorithm = static_cast<SignatureScheme>(r.u16());
  uint16_t len = r.u16();
  if (len != r.remaining())
    return decode("signature length " + std::to_string(len) + " but " +
                  std::to_string(r.remaining()) + " bytes follow");
  // An empty signature is well-formed (opaque<0..2^16-1>); it fails verification instead
  // (decrypt_error, RFC 8446 §6.2).
  if (len > kMaxSignatureSize)
    return decode("signature of " + std::to_string(len) + " bytes exceeds " +
                  std::to_string(kMaxSignatureSize));
  cv.signature = r.bytes(len);
  return cv;
}

void write_certificate_verify(const CertificateVerify& cv, ByteWriter& w) {
  auto msg = open_handshake(w, HandshakeType::certificate_verify);
  w.u16(static_cast<uint16_t>(cv.algorithm));
  w.vec16(cv.signature);
  close_handshake(w, msg);
}

Bytes certificate_verify_signed_content(bool server, ByteView transcript_hash) {
  constexpr std::string_view kServer = "TLS 1.3, server CertificateVerify";
  constexpr std::string_view kClient = "TLS 1.3, client CertificateVerify";
  std::string_view label = server ? kServer : kClient;
  Bytes out(64, 0x20);
  out.insert(out.end(), label.begin(), label.end());
  out.push_back(0);
  out.insert(out.end(), transcript_hash.begin(), transcript_hash.end());
  return out;
}

}  // namespace tlskit
