// libFuzzer target: the session formats (SessionState, ClientSession) and ticket opening.
// A state that parses must serialize back to the same bytes; a ticket sealed from it must open
// to the same state; arbitrary bytes given as a ticket must never open.
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "crypto/provider.h"
#include "session/session_state.h"
#include "session/ticket_keys.h"

using namespace tlskit;

namespace {

[[noreturn]] void die(const char* what) {
  std::fprintf(stderr, "fuzz_session: %s\n", what);
  std::abort();
}

std::shared_ptr<session::TicketKeys> ring() {
  static std::shared_ptr<session::TicketKeys> r = [] {
    session::TicketKeyMaterial m;
    m.name.fill(0x11);
    m.key = SecretBytes(Bytes(session::kTicketKeySize, 0x22));
    m.created = 0;
    session::TicketKeyOptions o;
    o.rotation_interval = 0;
    o.ticket_lifetime = session::kMaxSessionLifetime;
    auto k = session::TicketKeys::from_keys(crypto::default_provider(), std::move(m), std::nullopt, o);
    if (!k) die("cannot make the ticket key ring");
    return *k;
  }();
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ByteView in(data, size);
  if (auto s = session::parse_session(in)) {
    auto again = session::serialize_session(*s);
    if (!again) die("a parsed session does not serialize");
    if (again->size() != size || std::memcmp(again->data(), data, size) != 0)
      die("session round trip changed the bytes");
    DeterministicRng rng(1);
    auto t = ring()->seal(*again, rng, 0);
    if (!t) die("seal failed");
    auto opened = ring()->open(*t, 0);
    if (!opened || opened->plaintext.size() != size ||
        std::memcmp(opened->plaintext.data(), data, size) != 0)
      die("a sealed ticket did not open to its plaintext");
  }
  if (auto c = session::parse_client_session(in)) {
    auto again = session::serialize_client_session(*c);
    if (!again) die("a parsed client session does not serialize");
    if (again->size() != size || std::memcmp(again->data(), data, size) != 0)
      die("client session round trip changed the bytes");
  }
  // Random bytes are not a ticket of ours (the tag would have to be forged).
  if (size >= session::kTicketOverhead && std::memcmp(data, "\x11\x11\x11\x11", 4) == 0) {
    if (ring()->open(in, 0).has_value()) {
      // Opening means a valid tag: only inputs produced by seal() can do that; libFuzzer will
      // not find one, so this would be a forgery.
      die("an arbitrary input opened as a ticket");
    }
  }
  return 0;
}
