// key_share codec (client shares, server share, HelloRetryRequest group).
#include "wire/ext_key_share.h"

#include <string>

#include "codec/byte_reader.h"

namespace tlskit {
namespace {

// Reads one KeyShareEntry (group, key_exchange<1..2^16-1>).
Result<KeyShareEntry> read_entry(ByteReader& r, Step step) {
  auto decode = [&](std::string d) {
    return wire_decode_error(step, "key_share: " + std::move(d));
  };
  if (r.remaining() < 4) return decode("truncated KeyShareEntry");
  KeyShareEntry e;
  e.group = static_cast<NamedGroup>(r.u16());
  uint16_t len = r.u16();
  if (len > r.remaining())
    return decode(group_name(e.group) + " key_exchange length " + std::to_string(len) +
                  " exceeds the " + std::to_string(r.remaining()) + " bytes left");
  // RFC 8446 §4.2.8: opaque key_exchange<1..2^16-1>.
  if (len == 0) return decode(group_name(e.group) + " key_exchange is empty");
  if (len > kMaxKeyExchangeSize)
    return decode(group_name(e.group) + " key_exchange of " + std::to_string(len) +
                  " bytes exceeds " + std::to_string(kMaxKeyExchangeSize));
  ByteView kx = r.bytes(len);
  e.key_exchange.assign(kx.begin(), kx.end());
  return e;
}

void write_entry(const KeyShareEntry& e, ByteWriter& w) {
  w.u16(static_cast<uint16_t>(e.group));
  w.vec16(e.key_exchange);
}

}  // namespace

Result<KeyShareClient> parse_key_share_client(ByteView data, Step step) {
  ByteReader r(data);
  if (r.remaining() < 2)
    return wire_decode_error(step, "key_share: truncated client_shares length");
  uint16_t len = r.u16();
  if (len != r.remaining())
    return wire_decode_error(step, "key_share: client_shares length " + std::to_string(len) +
                                       " but " + std::to_string(r.remaining()) + " bytes follow");
  KeyShareClient out;
  std::vector<uint16_t> seen;  // all groups incl. GREASE, for the duplicate check
  while (!r.empty()) {
    TK_ASSIGN(KeyShareEntry e, read_entry(r, step));
    auto g = static_cast<uint16_t>(e.group);
    // RFC 8446 §4.2.8: "Clients MUST NOT offer multiple KeyShareEntry values for the same
    // group." (servers may abort with illegal_parameter)
    for (uint16_t s : seen) {
      if (s == g)
        return wire_illegal_parameter(step,
                                      "key_share: two shares for group " + group_name(e.group));
    }
    seen.push_back(g);
    if (is_grease(g)) continue;  // RFC 8701 §3
    out.shares.push_back(std::move(e));
  }
  return out;
}

Result<KeyShareServer> parse_key_share_server(ByteView data, Step step) {
  ByteReader r(data);
  TK_ASSIGN(KeyShareEntry e, read_entry(r, step));
  if (!r.empty())
    return wire_decode_error(step, "key_share: " + std::to_string(r.remaining()) +
                                       " trailing bytes after the server share");
  return KeyShareServer{std::move(e)};
}

Result<KeyShareHelloRetryRequest> parse_key_share_hrr(ByteView data, Step step) {
  if (data.size() != 2)
    return wire_decode_error(step, "key_share: HelloRetryRequest selected_group is " +
                                       std::to_string(data.size()) + " bytes, expected 2");
  return KeyShareHelloRetryRequest{static_cast<NamedGroup>(data[0] << 8 | data[1])};
}

void write_key_share_client(const KeyShareClient& v, ByteWriter& w) {
  auto list = w.open16();
  for (const auto& e : v.shares) write_entry(e, w);
  w.close(list);
}

void write_key_share_server(const KeyShareServer& v, ByteWriter& w) { write_entry(v.share, w); }

void write_key_share_hrr(const KeyShareHelloRetryRequest& v, ByteWriter& w) {
  w.u16(static_cast<uint16_t>(v.selected_group));
}

Extension to_extension(const KeyShareClient& v) {
  return make_owned_extension(ExtensionType::key_share, v, write_key_share_client);
}
Extension to_extension(const KeyShareServer& v) {
  return make_owned_extension(ExtensionType::key_share, v, write_key_share_server);
}
Extension to_extension(const KeyShareHelloRetryRequest& v) {
  return make_owned_extension(ExtensionType::key_share, v, write_key_share_hrr);
}

}  // namespace tlskit
