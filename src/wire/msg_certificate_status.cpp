// CertificateStatus parse and serialize.
#include "wire/msg_certificate_status.h"

#include <string>

#include "codec/byte_reader.h"
#include "wire/extensions.h"
#include "wire/handshake_header.h"

namespace tlskit {

Result<CertificateStatus> parse_certificate_status(ByteView body, Step step) {
  ByteReader r(body);
  CertificateStatus cs;
  if (r.remaining() < 4)
    return wire_decode_error(
        step, "CertificateStatus: truncated: " + std::to_string(body.size()) + " bytes");
  cs.status_type = r.u8();
  // RFC 6066 §8: only ocsp is defined; RFC 6961's ocsp_multi is not supported.
  if (cs.status_type != kStatusTypeOcsp)
    return wire_illegal_parameter(step, "CertificateStatus: status_type " +
                                            std::to_string(cs.status_type) + " is not ocsp (1)");
  uint32_t len = r.u24();
  if (len != r.remaining())
    return wire_decode_error(step, "CertificateStatus: OCSPResponse length " + std::to_string(len) +
                                       " but " + std::to_string(r.remaining()) + " bytes follow");
  // RFC 6066 §8: opaque OCSPResponse<1..2^24-1>.
  if (len == 0) return wire_decode_error(step, "CertificateStatus: empty OCSPResponse");
  cs.ocsp_response = r.bytes(len);
  return cs;
}

void write_certificate_status_body(const CertificateStatus& cs, ByteWriter& w) {
  w.u8(cs.status_type);
  w.vec24(cs.ocsp_response);
}

void write_certificate_status(const CertificateStatus& cs, ByteWriter& w) {
  auto msg = open_handshake(w, HandshakeType::certificate_status);
  write_certificate_status_body(cs, w);
  close_handshake(w, msg);
}

}  // namespace tlskit
