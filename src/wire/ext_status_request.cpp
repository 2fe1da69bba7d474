// status_request codec (ClientHello request; CertificateEntry status).
#include "wire/ext_status_request.h"

#include <string>

#include "codec/byte_reader.h"

namespace tlskit {

Result<StatusRequest> parse_status_request(ByteView data, Step step) {
  auto decode = [&](std::string d) {
    return wire_decode_error(step, "status_request: " + std::move(d));
  };
  ByteReader r(data);
  if (r.remaining() < 1) return decode("empty extension_data");
  StatusRequest out;
  out.status_type = r.u8();
  if (out.status_type != kStatusTypeOcsp) {
    ByteView rest = r.rest();
    out.other_request.assign(rest.begin(), rest.end());
    return out;
  }
  // RFC 6066 §8: ResponderID responder_id_list<0..2^16-1>; Extensions request_extensions.
  if (r.remaining() < 2) return decode("truncated responder_id_list length");
  uint16_t ids_len = r.u16();
  if (ids_len > r.remaining()) return decode("truncated responder_id_list");
  ByteView ids = r.bytes(ids_len);
  ByteReader idr(ids);
  while (!idr.empty()) {
    if (idr.remaining() < 2) return decode("truncated ResponderID length");
    uint16_t n = idr.u16();
    // RFC 6066 §8: opaque ResponderID<1..2^16-1>.
    if (n == 0) return decode("empty ResponderID");
    if (n > idr.remaining()) return decode("truncated ResponderID");
    idr.skip(n);
  }
  out.responder_id_list.assign(ids.begin(), ids.end());
  if (r.remaining() < 2) return decode("truncated request_extensions length");
  uint16_t ext_len = r.u16();
  if (ext_len != r.remaining())
    return decode("request_extensions length " + std::to_string(ext_len) + " but " +
                  std::to_string(r.remaining()) + " bytes follow");
  ByteView ext = r.bytes(ext_len);
  out.request_extensions.assign(ext.begin(), ext.end());
  return out;
}

void write_status_request(const StatusRequest& v, ByteWriter& w) {
  w.u8(v.status_type);
  if (v.status_type != kStatusTypeOcsp) {
    w.bytes(v.other_request);
    return;
  }
  w.vec16(v.responder_id_list);
  w.vec16(v.request_extensions);
}

Extension to_extension(const StatusRequest& v) {
  return make_owned_extension(ExtensionType::status_request, v, write_status_request);
}

Extension to_extension(const CertificateStatus& v) {
  return make_owned_extension(ExtensionType::status_request, v, write_certificate_status_body);
}

}  // namespace tlskit
