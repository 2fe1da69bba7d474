// certificate_authorities codec.
#include "wire/ext_certificate_authorities.h"

#include <string>

#include "codec/byte_reader.h"

namespace tlskit {

Result<CertificateAuthorities> parse_certificate_authorities(ByteView data, Step step) {
  auto decode = [&](std::string d) {
    return wire_decode_error(step, "certificate_authorities: " + std::move(d));
  };
  ByteReader r(data);
  if (r.remaining() < 2) return decode("truncated list length");
  uint16_t len = r.u16();
  if (len != r.remaining())
    return decode("list length " + std::to_string(len) + " but " + std::to_string(r.remaining()) +
                  " bytes follow");
  // RFC 8446 §4.2.4: DistinguishedName authorities<3..2^16-1>.
  if (len == 0) return decode("empty authorities list");
  CertificateAuthorities out;
  while (!r.empty()) {
    if (r.remaining() < 2) return decode("truncated DistinguishedName length");
    uint16_t n = r.u16();
    // RFC 8446 §4.2.4: opaque DistinguishedName<1..2^16-1>.
    if (n == 0) return decode("empty DistinguishedName");
    if (n > r.remaining()) return decode("truncated DistinguishedName");
    ByteView dn = r.bytes(n);
    out.names.emplace_back(dn.begin(), dn.end());
  }
  return out;
}

void write_certificate_authorities(const CertificateAuthorities& v, ByteWriter& w) {
  auto list = w.open16();
  for (const auto& n : v.names) w.vec16(n);
  w.close(list);
}

Extension to_extension(const CertificateAuthorities& v) {
  return make_owned_extension(ExtensionType::certificate_authorities, v,
                              write_certificate_authorities);
}

}  // namespace tlskit
