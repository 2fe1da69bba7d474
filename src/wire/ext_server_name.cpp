// server_name codec.
#include "wire/ext_server_name.h"

#include <string>

#include "codec/byte_reader.h"

namespace tlskit {

Result<ServerNameList> parse_server_name(ByteView data, Step step) {
  auto decode = [&](std::string d) {
    return wire_decode_error(step, "server_name: " + std::move(d));
  };
  ByteReader r(data);
  if (r.remaining() < 2) return decode("truncated list length");
  uint16_t len = r.u16();
  if (len != r.remaining())
    return decode("list length " + std::to_string(len) + " but " + std::to_string(r.remaining()) +
                  " bytes follow");
  // RFC 6066 §3: ServerName server_name_list<1..2^16-1>.
  if (len == 0) return decode("empty server_name_list");
  ServerNameList out;
  bool have_host = false;
  while (!r.empty()) {
    if (r.remaining() < 3) return decode("truncated entry");
    uint8_t type = r.u8();
    uint16_t nlen = r.u16();
    if (nlen > r.remaining()) return decode("truncated name");
    ByteView name = r.bytes(nlen);
    if (type != kServerNameTypeHostName) continue;  // other name types: ignored
    // RFC 6066 §3: "The ServerNameList MUST NOT contain more than one name of the same
    // name_type."
    if (have_host) return wire_illegal_parameter(step, "server_name: more than one host_name");
    // RFC 6066 §3: opaque HostName<1..2^16-1>.
    if (nlen == 0) return decode("empty host_name");
    // Syntactically valid but no DNS name can be this long or contain NUL: no certificate can
    // match, so refuse it the way OpenSSL does (unrecognized_name, RFC 6066 §3).
    if (nlen > kMaxHostNameSize)
      return make_error(ErrorCode::unrecognized_name, Alert::unrecognized_name, Party::peer, step,
                        "server_name: host_name of " + std::to_string(nlen) + " bytes exceeds " +
                            std::to_string(kMaxHostNameSize));
    for (uint8_t c : name) {
      if (c == 0)
        return make_error(ErrorCode::unrecognized_name, Alert::unrecognized_name, Party::peer, step,
                          "server_name: host_name contains a NUL byte");
    }
    out.host_name.assign(reinterpret_cast<const char*>(name.data()), name.size());
    have_host = true;
  }
  return out;
}

void write_server_name(const ServerNameList& v, ByteWriter& w) {
  auto list = w.open16();
  w.u8(kServerNameTypeHostName);
  w.vec16(as_bytes(v.host_name));
  w.close(list);
}

Extension to_extension(const ServerNameList& v) {
  return make_owned_extension(ExtensionType::server_name, v, write_server_name);
}

}  // namespace tlskit
