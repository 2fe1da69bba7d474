// pre_shared_key codec, binder sizes and patching.
#include "wire/ext_pre_shared_key.h"

#include <algorithm>
#include <string>

#include "codec/byte_reader.h"

namespace tlskit {

Result<OfferedPsks> parse_pre_shared_key_client(ByteView data, Step step) {
  auto decode = [&](std::string d) {
    return wire_decode_error(step, "pre_shared_key: " + std::move(d));
  };
  ByteReader r(data);
  OfferedPsks out;
  if (r.remaining() < 2) return decode("truncated identities length");
  uint16_t ids_len = r.u16();
  if (ids_len > r.remaining()) return decode("truncated identities");
  // RFC 8446 §4.2.11: PskIdentity identities<7..2^16-1>.
  if (ids_len == 0) return decode("empty identities list");
  ByteReader ids(r.bytes(ids_len));
  while (!ids.empty()) {
    if (out.identities.size() >= kMaxPskIdentities)
      return decode("more than " + std::to_string(kMaxPskIdentities) + " identities");
    if (ids.remaining() < 2) return decode("truncated identity length");
    uint16_t n = ids.u16();
    // RFC 8446 §4.2.11: opaque identity<1..2^16-1>.
    if (n == 0) return decode("empty identity");
    if (n > ids.remaining()) return decode("truncated identity");
    PskIdentity id;
    ByteView b = ids.bytes(n);
    id.identity.assign(b.begin(), b.end());
    if (ids.remaining() < 4) return decode("truncated obfuscated_ticket_age");
    id.obfuscated_ticket_age = ids.u32();
    out.identities.push_back(std::move(id));
  }
  if (r.remaining() < 2) return decode("truncated binders length");
  uint16_t b_len = r.u16();
  if (b_len != r.remaining())
    return decode("binders length " + std::to_string(b_len) + " but " +
                  std::to_string(r.remaining()) + " bytes follow");
  // RFC 8446 §4.2.11: PskBinderEntry binders<33..2^16-1>.
  if (b_len == 0) return decode("empty binders list");
  ByteReader binders(r.bytes(b_len));
  while (!binders.empty()) {
    if (out.binders.size() >= kMaxPskIdentities)
      return decode("more than " + std::to_string(kMaxPskIdentities) + " binders");
    uint8_t n = binders.u8();
    // RFC 8446 §4.2.11: opaque PskBinderEntry<32..255>.
    if (n < kMinPskBinderSize)
      return decode("binder of " + std::to_string(n) + " bytes is shorter than 32");
    if (n > binders.remaining()) return decode("truncated binder");
    ByteView b = binders.bytes(n);
    out.binders.emplace_back(b.begin(), b.end());
  }
  // RFC 8446 §4.2.11: one binder per identity; a mismatch is illegal_parameter.
  if (out.binders.size() != out.identities.size())
    return wire_illegal_parameter(step, "pre_shared_key: " + std::to_string(out.identities.size()) +
                                            " identities but " +
                                            std::to_string(out.binders.size()) + " binders");
  return out;
}

Result<PreSharedKeyServer> parse_pre_shared_key_server(ByteView data, Step step) {
  if (data.size() != 2)
    return wire_decode_error(step, "pre_shared_key: selected_identity is " +
                                       std::to_string(data.size()) + " bytes, expected 2");
  return PreSharedKeyServer{static_cast<uint16_t>(data[0] << 8 | data[1])};
}

void write_pre_shared_key_client(const OfferedPsks& v, ByteWriter& w) {
  auto ids = w.open16();
  for (const auto& id : v.identities) {
    w.vec16(id.identity);
    w.u32(id.obfuscated_ticket_age);
  }
  w.close(ids);
  auto binders = w.open16();
  for (const auto& b : v.binders) w.vec8(b);
  w.close(binders);
}

void write_pre_shared_key_server(const PreSharedKeyServer& v, ByteWriter& w) {
  w.u16(v.selected_identity);
}

Extension to_extension(const OfferedPsks& v) {
  return make_owned_extension(ExtensionType::pre_shared_key, v, write_pre_shared_key_client);
}

Extension to_extension(const PreSharedKeyServer& v) {
  return make_owned_extension(ExtensionType::pre_shared_key, v, write_pre_shared_key_server);
}

size_t psk_binders_wire_size(const OfferedPsks& v) {
  size_t n = 2;
  for (const auto& b : v.binders) n += 1 + b.size();
  return n;
}

Result<void> patch_psk_binders(MutableByteView client_hello_message,
                               std::span<const Bytes> binders) {
  size_t need = 2;
  for (const auto& b : binders) need += 1 + b.size();
  auto fail = [](std::string d) {
    return make_error(ErrorCode::internal_error, Alert::internal_error, Party::us,
                      Step::client_hello, "patch_psk_binders: " + std::move(d));
  };
  if (client_hello_message.size() < need) return fail("message shorter than the binders");
  size_t at = client_hello_message.size() - need;
  // The existing binders must have the same layout (placeholders of the same sizes).
  if ((size_t{client_hello_message[at]} << 8 | client_hello_message[at + 1]) != need - 2)
    return fail("binders length at the end of the message does not match");
  size_t pos = at + 2;
  for (const auto& b : binders) {
    if (client_hello_message[pos] != b.size()) return fail("placeholder binder size differs");
    std::copy(b.begin(), b.end(),
              client_hello_message.begin() + static_cast<std::ptrdiff_t>(pos + 1));
    pos += 1 + b.size();
  }
  return ok();
}

}  // namespace tlskit
