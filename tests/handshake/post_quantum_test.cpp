// X25519MLKEM768 in the TLS 1.3 handshake (draft-ietf-tls-ecdhe-mlkem): on by default with two
// key shares, preferred by the server, HelloRetryRequest to it, never in TLS 1.2, malformed
// shares refused with illegal_parameter naming the part, and the ~1.5 KB ClientHello parsed
// from any split into records and reads.
#include <gtest/gtest.h>

#include "crypto/hybrid_kem.h"
#include "harness.h"
#include "wire/ext_key_share.h"
#include "wire/ext_supported_groups.h"
#include "wire/msg_server_hello.h"

namespace tlskit::test {
namespace {

// The ClientHello a config's client sends, parsed back (its fields view `body`).
struct SentHello {
  Bytes body;
  ClientHello ch;
};

SentHello sent_client_hello(std::shared_ptr<const Config> cc) {
  SentHello out;
  auto recs = split_records(client_hello_record(std::move(cc)));
  EXPECT_EQ(recs.size(), 1u);
  if (recs.empty()) return out;
  out.body.assign(recs[0].payload.begin() + 4, recs[0].payload.end());
  auto ch = parse_client_hello(out.body);
  EXPECT_TRUE(ch);
  if (ch) out.ch = *ch;
  return out;
}

std::vector<NamedGroup> share_groups(const ClientHello& ch) {
  std::vector<NamedGroup> out;
  const Extension* x = ch.extensions.find(ExtensionType::key_share);
  if (!x) return out;
  auto ks = parse_key_share_client(x->body());
  EXPECT_TRUE(ks);
  if (ks)
    for (const auto& e : ks->shares) out.push_back(e.group);
  return out;
}

std::vector<NamedGroup> supported_groups(const ClientHello& ch) {
  const Extension* x = ch.extensions.find(ExtensionType::supported_groups);
  if (!x) return {};
  auto g = parse_supported_groups(x->body());
  return g ? g->groups : std::vector<NamedGroup>{};
}

void expect_connected(const Pair& p) {
  ASSERT_TRUE(p.client && p.server);
  EXPECT_FALSE(p.client_error) << err_text(p.client_error);
  EXPECT_FALSE(p.server_error) << err_text(p.server_error);
  EXPECT_TRUE(p.client->handshake_complete());
  EXPECT_TRUE(p.server->handshake_complete());
}

TEST(PostQuantum, DefaultsOfferTheHybridAndX25519Shares) {
  World w;
  Config defaults;
  EXPECT_EQ(defaults.groups.front(), NamedGroup::X25519MLKEM768);
  SentHello sent = sent_client_hello(w.client_config());
  const ClientHello& ch = sent.ch;
  EXPECT_EQ(share_groups(ch), (std::vector<NamedGroup>{NamedGroup::X25519MLKEM768, NamedGroup::x25519}));
  EXPECT_EQ(supported_groups(ch).front(), NamedGroup::X25519MLKEM768);
  const Extension* x = ch.extensions.find(ExtensionType::key_share);
  auto ks = parse_key_share_client(x->body());
  ASSERT_TRUE(ks);
  EXPECT_EQ(ks->shares[0].key_exchange.size(), crypto::hybrid::kClientShareSize);
  EXPECT_EQ(ks->shares[1].key_exchange.size(), 32u);
  // The two X25519 keys are independent (the hybrid's is its last 32 bytes).
  EXPECT_NE(Bytes(ks->shares[0].key_exchange.end() - 32, ks->shares[0].key_exchange.end()),
            ks->shares[1].key_exchange);
}

TEST(PostQuantum, DefaultsOnBothSidesAgreeOnTheHybridWithoutRetry) {
  World w;
  Pair p = handshake(w.client_config(), w.server_config());
  expect_connected(p);
  EXPECT_EQ(p.client->info().group, NamedGroup::X25519MLKEM768);
  EXPECT_EQ(p.server->info().group, NamedGroup::X25519MLKEM768);
  EXPECT_FALSE(p.client->info().hello_retry);
  // Application data flows: both sides derived the same 64-byte hybrid secret.
  ASSERT_TRUE(p.client->write(as_bytes("ping")));
  pump(p);
  std::array<uint8_t, 8> buf{};
  EXPECT_EQ(p.server->read(buf), 4u);
}

TEST(PostQuantum, ServerPrefersTheHybridWhateverTheClientsOrder) {
  World w;
  auto cc = w.client_config();
  cc->groups = {NamedGroup::x25519, NamedGroup::X25519MLKEM768};
  cc->key_share_count = 2;
  Pair p = handshake(cc, w.server_config());
  expect_connected(p);
  EXPECT_EQ(p.server->info().group, NamedGroup::X25519MLKEM768);
}

TEST(PostQuantum, ClassicalServerPicksTheSecondShareWithoutRetry) {
  World w;
  auto sc = w.server_config();
  sc->groups = {NamedGroup::x25519, NamedGroup::secp256r1};
  Pair p = handshake(w.client_config(), sc);
  expect_connected(p);
  EXPECT_EQ(p.client->info().group, NamedGroup::x25519);
  EXPECT_FALSE(p.client->info().hello_retry);
}

// A client that sends one key share (for its first group) to a server that takes only `server`.
void expect_retry_to(std::vector<NamedGroup> client, NamedGroup server) {
  World w;
  auto cc = w.client_config();
  cc->groups = std::move(client);
  cc->key_share_count = 1;
  auto sc = w.server_config();
  sc->groups = {server};
  Pair p = handshake(cc, sc);
  expect_connected(p);
  EXPECT_TRUE(p.client->info().hello_retry);
  EXPECT_EQ(p.client->info().group, server);
  EXPECT_EQ(p.server->info().group, server);
}

TEST(PostQuantum, HelloRetryRequestToTheHybridBothWays) {
  // The client shares only X25519 first; the server takes only the hybrid: HRR to it.
  expect_retry_to({NamedGroup::x25519, NamedGroup::X25519MLKEM768}, NamedGroup::X25519MLKEM768);
  // The other way: the client shares only the hybrid, the server takes only P-256.
  expect_retry_to({NamedGroup::X25519MLKEM768, NamedGroup::secp256r1}, NamedGroup::secp256r1);
}

TEST(PostQuantum, NeverOfferedOrAcceptedInTls12) {
  World w;
  auto cc = w.client_config();
  cc->min_version = ProtocolVersion::tls1_2;
  cc->max_version = ProtocolVersion::tls1_2;
  SentHello sent = sent_client_hello(cc);
  auto groups = supported_groups(sent.ch);
  EXPECT_EQ(std::count(groups.begin(), groups.end(), NamedGroup::X25519MLKEM768), 0);
  EXPECT_FALSE(groups.empty());
  // A TLS 1.2 server never picks the hybrid, even when it is all the client lists.
  auto cc2 = w.client_config();
  cc2->min_version = ProtocolVersion::tls1_2;
  // (RFC 8422: an ECDSA P-256 certificate needs secp256r1 in the client's list.)
  cc2->groups = {NamedGroup::X25519MLKEM768, NamedGroup::x25519, NamedGroup::secp256r1};
  auto sc = w.server_config({LeafKind::ecdsa_p256});
  sc->min_version = ProtocolVersion::tls1_2;
  sc->max_version = ProtocolVersion::tls1_2;
  Pair p = handshake(cc2, sc);
  expect_connected(p);
  EXPECT_EQ(p.server->info().version, ProtocolVersion::tls1_2);
  EXPECT_EQ(p.server->info().group, NamedGroup::x25519);
  auto sc2 = w.server_config({LeafKind::rsa2048});
  sc2->min_version = ProtocolVersion::tls1_2;
  sc2->max_version = ProtocolVersion::tls1_2;
  sc2->groups = {NamedGroup::X25519MLKEM768, NamedGroup::x25519};
  auto cc3 = w.client_config();
  cc3->min_version = ProtocolVersion::tls1_2;
  cc3->groups = {NamedGroup::X25519MLKEM768};
  Pair q = handshake(cc3, sc2);
  ASSERT_TRUE(q.server_error);
  EXPECT_EQ(q.server_error->code, ErrorCode::no_common_group) << err_text(q.server_error);
}

// The ClientHello (about 1.5 KB) is parsed from any split: one byte per read, and the message
// spread over several records by a small max_fragment.
TEST(PostQuantum, LargeClientHelloInPiecesAndRecords) {
  World w;
  Pair bytewise = handshake(w.client_config(), w.server_config(), 1);
  expect_connected(bytewise);
  EXPECT_EQ(bytewise.server->info().group, NamedGroup::X25519MLKEM768);

  World w2;
  auto cc = w2.client_config();
  cc->max_fragment = 512;
  Pair p = make_conns(cc, w2.server_config());
  Bytes first = take_output(*p.client);
  auto recs = split_records(first);
  ASSERT_GE(recs.size(), 3u) << "a 1.5 KB ClientHello in 512-byte records";
  size_t total = 0;
  for (const auto& r : recs) {
    EXPECT_EQ(r.type, ContentType::handshake);
    EXPECT_LE(r.payload.size(), 512u);
    total += r.payload.size();
  }
  EXPECT_GT(total, 1400u);
  for (size_t off = 0; off < first.size(); off += 700) {
    auto r = p.server->feed(ByteView(first).subspan(off, std::min<size_t>(700, first.size() - off)));
    ASSERT_TRUE(r) << r.error().to_string();
  }
  pump(p);
  expect_connected(p);
  EXPECT_EQ(p.client->info().group, NamedGroup::X25519MLKEM768);
}

// Server side: the client's hybrid share, edited.
std::optional<Error> server_error_for_share(const std::function<void(Bytes&)>& edit) {
  World w;
  Bytes rec = edited_client_hello_record([&](ClientHello& ch) {
    const Extension* x = ch.extensions.find(ExtensionType::key_share);
    auto ks = parse_key_share_client(x->body());
    ASSERT_TRUE(ks);
    ASSERT_EQ(ks->shares[0].group, NamedGroup::X25519MLKEM768);
    edit(ks->shares[0].key_exchange);
    ExtensionList next;
    for (auto& e : ch.extensions.items)
      next.add(e.type == ExtensionType::key_share ? to_extension(*ks) : Extension{e.type, e.body(), {}});
    ch.extensions = std::move(next);
  });
  auto s = Connection::server(w.server_config());
  EXPECT_TRUE(s);
  auto r = (*s)->feed(rec);
  if (r) return std::nullopt;
  Bytes out = take_output(**s);
  EXPECT_EQ(out, (Bytes{21, 3, 3, 0, 2, 2, static_cast<uint8_t>(r.error().alert)}));
  return r.error();
}

void expect_illegal(const std::optional<Error>& e, const std::string& part) {
  ASSERT_TRUE(e) << "the server accepted the edited share";
  EXPECT_EQ(e->code, ErrorCode::illegal_parameter) << e->to_string();
  EXPECT_EQ(e->alert, Alert::illegal_parameter);
  EXPECT_EQ(e->party, Party::peer);
  EXPECT_NE(e->detail.find(part), std::string::npos) << e->detail;
}

TEST(PostQuantum, MalformedClientSharesAreIllegalParameter) {
  expect_illegal(server_error_for_share([](Bytes& b) { b.pop_back(); }), "1216 bytes");
  expect_illegal(server_error_for_share([](Bytes& b) { b.push_back(0); }), "1216 bytes");
  expect_illegal(server_error_for_share([](Bytes& b) { b.resize(32); }), "1216 bytes");
  // A coefficient of 4095 (>= q) in the first polynomial of the encapsulation key.
  expect_illegal(server_error_for_share([](Bytes& b) {
                   b[0] = 0xff;
                   b[1] |= 0x0f;
                 }),
                 "modulus check");
  // An all-zero (low-order) X25519 part.
  expect_illegal(server_error_for_share([](Bytes& b) { std::fill(b.end() - 32, b.end(), 0); }),
                 "X25519 part");
}

// Client side: the server's hybrid share in the ServerHello, edited.
std::optional<Error> client_error_for_server_share(const std::function<void(Bytes&)>& edit,
                                                   bool* completed = nullptr) {
  World w;
  Pair p = make_conns(w.client_config(), w.server_config({LeafKind::ecdsa_p256}));
  transfer(*p.client, *p.server, p.server_error);
  Bytes flight = take_output(*p.server);
  auto recs = split_records(flight);
  EXPECT_EQ(recs.at(0).type, ContentType::handshake);
  auto sh = parse_server_hello(ByteView(recs[0].payload).subspan(4));
  EXPECT_TRUE(sh);
  const Extension* x = sh->extensions.find(ExtensionType::key_share);
  auto ks = parse_key_share_server(x->body());
  EXPECT_TRUE(ks);
  EXPECT_EQ(ks->share.group, NamedGroup::X25519MLKEM768);
  EXPECT_EQ(ks->share.key_exchange.size(), crypto::hybrid::kServerShareSize);
  edit(ks->share.key_exchange);
  ExtensionList next;
  for (auto& e : sh->extensions.items)
    next.add(e.type == ExtensionType::key_share ? to_extension(*ks) : Extension{e.type, e.body(), {}});
  sh->extensions = std::move(next);
  Bytes msg;
  ByteWriter bw(msg);
  write_server_hello(*sh, bw);
  recs[0].payload = msg;
  auto r = p.client->feed(join_records(recs));
  if (completed) *completed = p.client->handshake_complete();
  if (r) return std::nullopt;
  return r.error();
}

TEST(PostQuantum, MalformedServerSharesAreRefused) {
  auto e = client_error_for_server_share([](Bytes& b) { b.pop_back(); });
  ASSERT_TRUE(e);
  EXPECT_EQ(e->alert, Alert::illegal_parameter) << e->to_string();
  EXPECT_NE(e->detail.find("1120 bytes"), std::string::npos) << e->detail;
  auto z = client_error_for_server_share([](Bytes& b) { std::fill(b.end() - 32, b.end(), 0); });
  ASSERT_TRUE(z);
  EXPECT_EQ(z->alert, Alert::illegal_parameter) << z->to_string();
  EXPECT_NE(z->detail.find("X25519 part"), std::string::npos) << z->detail;
  // A flipped ciphertext bit decapsulates (implicit rejection) to another secret: the server's
  // encrypted flight then fails authentication; the handshake never completes.
  bool completed = true;
  auto c = client_error_for_server_share([](Bytes& b) { b[100] ^= 1; }, &completed);
  ASSERT_TRUE(c);
  EXPECT_FALSE(completed);
  EXPECT_EQ(c->alert, Alert::bad_record_mac) << c->to_string();
}

TEST(PostQuantum, KeyShareCountZeroIsAutomatic) {
  World w;
  auto cc = w.client_config();
  cc->groups = {NamedGroup::x25519, NamedGroup::secp256r1};
  EXPECT_EQ(share_groups(sent_client_hello(cc).ch), (std::vector<NamedGroup>{NamedGroup::x25519}));
  auto one = w.client_config();
  one->key_share_count = 1;
  EXPECT_EQ(share_groups(sent_client_hello(one).ch), (std::vector<NamedGroup>{NamedGroup::X25519MLKEM768}));
  auto bad = w.client_config();
  bad->key_share_count = 5;
  EXPECT_FALSE(bad->validate(false));
}

}  // namespace
}  // namespace tlskit::test
