// libFuzzer target: session tickets (session/ticket_keys.h) under a fixed key ring.
// 1. The input as a ticket: open_session() must agree with open() + parse_session() + the
//    expiry rule (nothing but a ticket sealed with the fixed key can open: the seeds hold some).
// 2. The input as a ticket's plaintext: sealed with the fixed key, open_session() opens it
//    exactly when parse_session() accepts it and the state has not expired; a state that
//    parses, sealed again with seal_session() / seal_session_compact(), opens to the same bytes,
//    also through a rotated ring that holds the key as its previous key (renew set).
// 3. A state built from the input's bytes field by field (independent of the format's layout),
//    when it serializes, takes the same seal -> open round trip.
// fuzz_session covers parse_session / parse_client_session themselves.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "crypto/provider.h"
#include "session/session_state.h"
#include "session/ticket_keys.h"

using namespace tlskit;

namespace {

// "Now" for the rings, Unix seconds (any time inside both keys' use).
constexpr int64_t kNow = 1700000000;

[[noreturn]] void die(const char* what) {
  std::fprintf(stderr, "fuzz_ticket: %s\n", what);
  std::abort();
}

// Fixed key material: name bytes all `name`, key bytes all `key`, created at `created`.
session::TicketKeyMaterial material(uint8_t name, uint8_t key, int64_t created) {
  session::TicketKeyMaterial m;
  m.name.fill(name);
  m.key = SecretBytes(Bytes(session::kTicketKeySize, key));
  m.created = created;
  return m;
}

// Ring options: no rotation by time, the longest ticket lifetime.
session::TicketKeyOptions options() {
  session::TicketKeyOptions o;
  o.rotation_interval = 0;
  o.ticket_lifetime = session::kMaxSessionLifetime;
  return o;
}

// The ring that seals: one fixed key (name 0x11.., key 0x22..). Made again should it ever
// rotate (after kMaxTicketsPerKey seals in a very long run), so the key stays fixed.
session::TicketKeys& ring() {
  static std::shared_ptr<session::TicketKeys> r;
  if (!r || r->current_name()[0] != 0x11) {
    auto k = session::TicketKeys::from_keys(crypto::default_provider(),
                                            material(0x11, 0x22, kNow - 3600), std::nullopt,
                                            options());
    if (!k) die("cannot make the ticket key ring");
    r = *k;
  }
  return *r;
}

// The same ring after a rotation: a new current key, ring()'s key as the previous one.
session::TicketKeys& rotated() {
  static std::shared_ptr<session::TicketKeys> r = [] {
    auto k = session::TicketKeys::from_keys(crypto::default_provider(),
                                            material(0x33, 0x44, kNow - 60),
                                            material(0x11, 0x22, kNow - 3600), options());
    if (!k) die("cannot make the rotated ticket key ring");
    return *k;
  }();
  return *r;
}

// True when a and b serialize to the same bytes (SessionState has no operator==).
bool same_state(const session::SessionState& a, const session::SessionState& b) {
  auto x = session::serialize_session(a);
  auto y = session::serialize_session(b);
  return x && y && *x == *y;
}

// A time at which `s` is valid (its creation time) and one just after it expired, if any.
int64_t valid_time(const session::SessionState& s) { return s.created; }
std::optional<int64_t> expired_time(const session::SessionState& s) {
  if (s.created > std::numeric_limits<int64_t>::max() - int64_t{s.lifetime} - 1)
    return std::nullopt;
  return s.created + int64_t{s.lifetime} + 1;
}

// Part 1: the input as a ticket.
void open_as_ticket(ByteView in) {
  for (session::TicketKeys* k : {&ring(), &rotated()}) {
    auto got = k->open_session(in, kNow);
    auto opened = k->open(in, kNow);
    if (!opened) {
      if (got) die("open_session opened what open() refuses");
      continue;
    }
    auto parsed = session::parse_session(opened->plaintext.view());
    bool want = parsed && !parsed->expired(kNow);
    if (want != got.has_value()) die("open_session disagrees with open + parse + expiry");
    if (got && (!same_state(got->first, *parsed) || got->second != opened->renew))
      die("open_session returned another state than open + parse");
  }
}

// Seals `state` with ring() (both ways) and checks it opens to the same state, in ring() and,
// as a ticket of the previous key, in rotated() with renew set; and not once expired.
void seal_and_open_state(const session::SessionState& state) {
  DeterministicRng rng(7);
  auto plain = session::serialize_session(state);
  if (!plain) die("a state to seal does not serialize");
  auto sealed = ring().seal_session(state, rng, kNow);
  auto compact = ring().seal_session_compact(state, rng, kNow);
  if (!sealed || !compact) return;  // too large for a ticket (limit_exceeded)
  for (const Bytes* t : {&*sealed, &*compact}) {
    auto got = ring().open_session(*t, valid_time(state));
    if (!got || got->second) die("a sealed state did not open (or asked for renewal)");
    // The compact form may trade a too-large chain for its hash; the plain one is exact.
    if (t == &*sealed && !same_state(got->first, state)) die("a sealed state changed");
    auto renewed = rotated().open_session(*t, valid_time(state));
    bool previous_usable = valid_time(state) >= kNow - 60 &&
                           valid_time(state) - (kNow - 60) <= session::kMaxSessionLifetime;
    if (previous_usable && (!renewed || !renewed->second))
      die("a ticket of the previous key did not open with renew set");
    if (!previous_usable && renewed) die("a ticket of a retired key opened");
    if (auto late = expired_time(state); late && ring().open_session(*t, *late))
      die("an expired state opened");
  }
}

// Part 2: the input as a ticket's plaintext.
void seal_as_plaintext(ByteView in) {
  DeterministicRng rng(3);
  auto ticket = ring().seal(in, rng, kNow);
  if (!ticket) {
    if (in.size() + session::kTicketOverhead <= session::kMaxTicketSize)
      die("seal failed on a plaintext that fits");
    return;
  }
  auto opened = ring().open(*ticket, kNow);
  if (!opened || opened->plaintext.size() != in.size() ||
      (!in.empty() && std::memcmp(opened->plaintext.data(), in.data(), in.size()) != 0))
    die("a sealed plaintext did not open to itself");
  auto parsed = session::parse_session(in);
  auto got = ring().open_session(*ticket, kNow);
  if (got.has_value() != (parsed && !parsed->expired(kNow)))
    die("open_session disagrees with parse_session + expiry on a sealed plaintext");
  if (!parsed) return;
  auto again = session::serialize_session(*parsed);
  if (!again || again->size() != in.size() || std::memcmp(again->data(), in.data(), in.size()))
    die("a parsed state does not serialize to its bytes");
  seal_and_open_state(*parsed);
}

// Part 3: a state from the input's bytes, field by field.
void seal_built_state(ByteView in) {
  FuzzedDataProvider p(in.data(), in.size());
  session::SessionState s;
  s.version = p.ConsumeBool() ? ProtocolVersion::tls1_3 : ProtocolVersion::tls1_2;
  s.suite = static_cast<CipherSuite>(p.ConsumeIntegral<uint16_t>());
  s.extended_master_secret = p.ConsumeBool();
  s.peer_verified = p.ConsumeBool();
  size_t secret_len = s.version == ProtocolVersion::tls1_2
                          ? session::kTls12MasterSecretSize
                          : p.ConsumeIntegralInRange<size_t>(1, session::kMaxSessionSecret);
  Bytes secret = p.ConsumeBytes<uint8_t>(secret_len);
  if (secret.size() != secret_len) return;  // the input ran out
  s.secret = SecretBytes(ByteView(secret));
  s.max_early_data = p.ConsumeIntegral<uint32_t>();
  s.created = p.ConsumeIntegralInRange<int64_t>(0, std::numeric_limits<int64_t>::max());
  s.lifetime = p.ConsumeIntegralInRange<uint32_t>(0, session::kMaxSessionLifetime);
  s.ticket_age_add = p.ConsumeIntegral<uint32_t>();
  s.server_name = p.ConsumeRandomLengthString(session::kMaxSessionServerName);
  s.alpn = p.ConsumeRandomLengthString(session::kMaxSessionAlpn);
  s.peer_chain_hash = p.ConsumeBytes<uint8_t>(p.ConsumeIntegralInRange<size_t>(0, 48));
  size_t certs = p.ConsumeIntegralInRange<size_t>(0, 3);
  for (size_t i = 0; i < certs; ++i) {
    Bytes c = p.ConsumeBytes<uint8_t>(p.ConsumeIntegralInRange<size_t>(1, 2000));
    if (!c.empty()) s.peer_chain.push_back(std::move(c));
  }
  if (!session::serialize_session(s)) return;  // outside the format's bounds
  seal_and_open_state(s);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ByteView in(data, size);
  open_as_ticket(in);
  seal_as_plaintext(in);
  seal_built_state(in);
  return 0;
}
