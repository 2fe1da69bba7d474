// cookie codec.
#include "wire/ext_cookie.h"

#include <string>

#include "codec/byte_reader.h"

namespace tlskit {

Result<Cookie> parse_cookie(ByteView data, Step step) {
  ByteReader r(data);
  if (r.remaining() < 2) return wire_decode_error(step, "cookie: truncated length");
  uint16_t len = r.u16();
  if (len != r.remaining())
    return wire_decode_error(step, "cookie: length " + std::to_string(len) + " but " +
                                       std::to_string(r.remaining()) + " bytes follow");
  // RFC 8446 §4.2.2: opaque cookie<1..2^16-1>.
  if (len == 0) return wire_decode_error(step, "cookie: empty cookie");
  ByteView c = r.bytes(len);
  return Cookie{Bytes(c.begin(), c.end())};
}

void write_cookie(const Cookie& v, ByteWriter& w) { w.vec16(v.cookie); }

Extension to_extension(const Cookie& v) {
  return make_owned_extension(ExtensionType::cookie, v, write_cookie);
}

}  // namespace tlskit
