// pre_shared_key (RFC 8446 §4.2.11): OfferedPsks in ClientHello, selected_identity in ServerHello.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "codec/byte_writer.h"
#include "wire/extensions.h"

namespace tlskit {

// Bounds: at most this many identities are accepted from a peer.
inline constexpr size_t kMaxPskIdentities = 32;
// PskBinderEntry is opaque <32..255>.
inline constexpr size_t kMinPskBinderSize = 32;

// PskIdentity: identity<1..2^16-1> + obfuscated_ticket_age.
struct PskIdentity {
  Bytes identity;
  uint32_t obfuscated_ticket_age = 0;

  bool operator==(const PskIdentity&) const = default;
};

// OfferedPsks: identities<7..2^16-1> and binders<33..2^16-1>.
struct OfferedPsks {
  std::vector<PskIdentity> identities;
  std::vector<Bytes> binders;  // one per identity, same order

  bool operator==(const OfferedPsks&) const = default;
};

// ServerHello form: the index of the chosen identity.
struct PreSharedKeyServer {
  uint16_t selected_identity = 0;

  bool operator==(const PreSharedKeyServer&) const = default;
};

// Parses the ClientHello form. Bad lengths, an empty identity list, an empty identity, an empty
// binder list, a binder shorter than 32 bytes, more than kMaxPskIdentities, trailing bytes ->
// decode_error; a number of binders different from the number of identities ->
// illegal_parameter (RFC 8446 §4.2.11).
Result<OfferedPsks> parse_pre_shared_key_client(ByteView data, Step step = Step::client_hello);

// Parses the ServerHello form: exactly 2 bytes, else decode_error. (Whether the index is in
// range of what was offered is checked by the client: illegal_parameter.)
Result<PreSharedKeyServer> parse_pre_shared_key_server(ByteView data,
                                                       Step step = Step::server_hello);

// Writes the extension_data.
void write_pre_shared_key_client(const OfferedPsks& v, ByteWriter& w);
void write_pre_shared_key_server(const PreSharedKeyServer& v, ByteWriter& w);

// Builds the extensions.
Extension to_extension(const OfferedPsks& v);
Extension to_extension(const PreSharedKeyServer& v);

// Size in bytes of the binders part (u16 length + each u8 length + binder) at the very end of a
// serialized ClientHello carrying these PSKs (pre_shared_key is last, binders are its last
// field). The "truncated ClientHello" of RFC 8446 §4.2.11.2 is the message without these bytes.
size_t psk_binders_wire_size(const OfferedPsks& v);

// Overwrites the binders at the end of a serialized ClientHello message (written with
// placeholder binders of the same sizes) with `binders`. Fails with internal_error when the
// sizes do not match or the message is too short.
Result<void> patch_psk_binders(MutableByteView client_hello_message,
                               std::span<const Bytes> binders);

}  // namespace tlskit
