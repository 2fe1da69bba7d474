// libFuzzer target: the pre_shared_key extension (wire/ext_pre_shared_key.h), both forms, and
// the binder helpers of the "truncated ClientHello" (RFC 8446 §4.2.11.2).
// - Client form: what parses writes back byte for byte (and as to_extension()); its rules hold
//   (identities and binders paired, non-empty identities, binders of 32..255 bytes);
//   psk_binders_wire_size() is exactly the binders' part at the end of the data; put at the end
//   of a ClientHello-like message, patch_psk_binders() with binders of the same sizes changes
//   only the binders (read back), and refuses other sizes.
// - Server form: parses exactly when 2 bytes, and writes back.
// - patch_psk_binders() on the raw input with binder sizes taken from it: never out of bounds.
// fuzz_extensions runs the same parsers among all the others; this target goes deeper.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "codec/byte_writer.h"
#include "wire/ext_pre_shared_key.h"

using namespace tlskit;

namespace {

[[noreturn]] void die(const char* what) {
  std::fprintf(stderr, "fuzz_pre_shared_key: %s\n", what);
  std::abort();
}

// What stands before the extension in the ClientHello-like message (any fixed bytes).
constexpr uint8_t kPrefix[] = {0x01, 0x00, 0x01, 0xfc, 0x03, 0x03, 0xaa, 0xbb, 0x00, 0x29};

// Binders of the same sizes as `like`, with other contents.
std::vector<Bytes> new_binders(const std::vector<Bytes>& like) {
  std::vector<Bytes> out;
  for (size_t i = 0; i < like.size(); ++i) {
    Bytes b(like[i].size());
    for (size_t j = 0; j < b.size(); ++j) b[j] = static_cast<uint8_t>(~like[i][j] ^ i);
    out.push_back(std::move(b));
  }
  return out;
}

void client_form(ByteView d) {
  auto psk = parse_pre_shared_key_client(d);
  if (!psk) return;
  // The rules the parser promises.
  if (psk->identities.empty() || psk->identities.size() > kMaxPskIdentities)
    die("identity count out of bounds");
  if (psk->binders.size() != psk->identities.size()) die("identities and binders not paired");
  for (const auto& id : psk->identities)
    if (id.identity.empty()) die("an empty identity parsed");
  for (const auto& b : psk->binders)
    if (b.size() < kMinPskBinderSize || b.size() > 255) die("binder size out of bounds");

  // Byte-exact round trip, also through to_extension().
  Bytes out;
  ByteWriter w(out);
  write_pre_shared_key_client(*psk, w);
  if (w.failed() || out.size() != d.size() || !std::equal(out.begin(), out.end(), d.begin()))
    die("client form round trip changed the bytes");
  Extension e = to_extension(*psk);
  ByteView body = e.body();
  if (e.type != ExtensionType::pre_shared_key || body.size() != d.size() ||
      !std::equal(body.begin(), body.end(), d.begin()))
    die("to_extension differs from the written form");

  // The binders' part is the tail: u16 length, then the binders.
  size_t tail = psk_binders_wire_size(*psk);
  if (tail < 2 || tail > d.size()) die("binders larger than the extension");
  size_t at = d.size() - tail;
  if ((size_t{d[at]} << 8 | d[at + 1]) != tail - 2) die("binders length is not at the tail");

  // The extension ends the message (pre_shared_key is last in a ClientHello).
  Bytes msg(kPrefix, kPrefix + sizeof kPrefix);
  msg.insert(msg.end(), d.begin(), d.end());
  const Bytes before = msg;
  std::vector<Bytes> fresh = new_binders(psk->binders);
  if (!patch_psk_binders(MutableByteView(msg), fresh)) die("patching same-size binders failed");
  size_t truncated = msg.size() - tail;  // the "truncated ClientHello"
  if (!std::equal(msg.begin(), msg.begin() + static_cast<std::ptrdiff_t>(truncated),
                  before.begin()))
    die("patching changed bytes before the binders");
  auto patched = parse_pre_shared_key_client(ByteView(msg).subspan(sizeof kPrefix));
  if (!patched || patched->identities != psk->identities || patched->binders != fresh)
    die("patched binders do not read back");

  // Other sizes are refused: one binder more, one byte longer, or sizes swapped.
  std::vector<Bytes> more = fresh;
  more.push_back(Bytes(kMinPskBinderSize, 0x5a));
  if (patch_psk_binders(MutableByteView(msg), more)) die("patched with one binder more");
  if (fresh[0].size() < 255) {
    std::vector<Bytes> longer = fresh;
    longer[0].push_back(0);
    if (patch_psk_binders(MutableByteView(msg), longer)) die("patched with a longer binder");
  }
  if (fresh.size() >= 2 && fresh[0].size() != fresh[1].size()) {
    std::vector<Bytes> swapped = fresh;
    std::swap(swapped[0], swapped[1]);
    if (patch_psk_binders(MutableByteView(msg), swapped)) die("patched with sizes swapped");
  }
}

void server_form(ByteView d) {
  auto s = parse_pre_shared_key_server(d);
  if (s.ok() != (d.size() == 2)) die("server form accepted other than 2 bytes");
  if (!s) return;
  Bytes out;
  ByteWriter w(out);
  write_pre_shared_key_server(*s, w);
  if (out.size() != 2 || out[0] != d[0] || out[1] != d[1]) die("server form round trip");
}

// The input's first byte gives up to 3 binder sizes from the next bytes; the rest is a message
// to patch. patch_psk_binders must stay in bounds whatever the message holds.
void patch_raw(ByteView in) {
  if (in.empty()) return;
  size_t n = in[0] % 4;
  if (in.size() < 1 + n) return;
  std::vector<Bytes> binders;
  for (size_t i = 0; i < n; ++i) binders.push_back(Bytes(in[1 + i], static_cast<uint8_t>(i)));
  Bytes msg(in.begin() + 1 + static_cast<std::ptrdiff_t>(n), in.end());
  (void)patch_psk_binders(MutableByteView(msg), binders);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ByteView d(data, size);
  client_form(d);
  server_form(d);
  patch_raw(d);
  return 0;
}
