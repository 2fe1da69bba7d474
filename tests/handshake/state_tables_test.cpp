// The engines' state tables: derived from the states' declarations (handshake/state_machine.h),
// printed in docs/state-machines.md (checked here; TLSKIT_UPDATE_GOLDEN=1 rewrites the tables),
// and checked for the properties every engine must have.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "handshake/client_tls12.h"
#include "handshake/client_tls13.h"
#include "handshake/server_tls12.h"
#include "handshake/server_tls13.h"

namespace tlskit::handshake {
namespace {

struct Engine {
  const char* title;
  std::vector<StateRow> rows;
};

std::vector<Engine> engines() {
  return {{"TLS 1.3 client", ClientTls13::describe_states()},
          {"TLS 1.3 server", ServerTls13::describe_states()},
          {"TLS 1.2 client", ClientTls12::describe_states()},
          {"TLS 1.2 server", ServerTls12::describe_states()}};
}

const char* kDoc = TLSKIT_SOURCE_DIR "/docs/state-machines.md";
const char* kBegin = "<!-- generated state tables: begin -->\n";
const char* kEnd = "<!-- generated state tables: end -->\n";

std::string generated_tables() {
  std::string out;
  for (const Engine& e : engines())
    out += std::string("\n### ") + e.title + "\n\n" + state_table_markdown(e.rows);
  out += "\n";
  return out;
}

std::string read_file(const char* path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(StateTables, DocsShowTheTablesTheCodeDeclares) {
  std::string doc = read_file(kDoc);
  size_t a = doc.find(kBegin), b = doc.find(kEnd);
  ASSERT_NE(a, std::string::npos) << kDoc << " lacks the begin marker";
  ASSERT_NE(b, std::string::npos) << kDoc << " lacks the end marker";
  a += std::string(kBegin).size();
  const std::string want = generated_tables();
  if (std::getenv("TLSKIT_UPDATE_GOLDEN")) {
    doc.replace(a, b - a, want);
    std::ofstream(kDoc) << doc;
    return;
  }
  EXPECT_EQ(doc.substr(a, b - a), want)
      << "docs/state-machines.md is out of date: run test_handshake with TLSKIT_UPDATE_GOLDEN=1";
}

TEST(StateTables, EveryStateIsReachableAndEveryTargetExists) {
  for (const Engine& e : engines()) {
    std::set<std::string> names, reached;
    for (const StateRow& r : e.rows) names.insert(r.name);
    reached.insert(e.rows.front().name);  // the initial state
    for (const StateRow& r : e.rows)
      for (const std::string& n : r.next) {
        EXPECT_TRUE(names.count(n)) << e.title << ": " << r.name << " goes to unknown " << n;
        reached.insert(n);
      }
    for (const std::string& n : names)
      EXPECT_TRUE(reached.count(n)) << e.title << ": no state goes to " << n;
  }
}

TEST(StateTables, OnlyConnectedLoopsAndEveryEngineEndsConnected) {
  for (const Engine& e : engines()) {
    bool connected = false;
    for (const StateRow& r : e.rows) {
      if (r.name == "Connected") {
        connected = true;
        EXPECT_EQ(r.next, std::vector<std::string>{"Connected"}) << e.title;
        continue;
      }
      // Only a KeyUpdate (which changes keys, not the handshake's progress) may leave a state
      // where it was: one sent before the peer saw our post-handshake CertificateRequest.
      const bool takes_key_update =
          std::find(r.accepts.begin(), r.accepts.end(), "KeyUpdate") != r.accepts.end();
      for (const std::string& n : r.next) {
        if (!takes_key_update) {
          EXPECT_NE(n, r.name) << e.title << ": " << r.name << " loops on itself";
        }
      }
      // A state that takes nothing must be entered from outside or have handed over.
      if (r.accepts.empty()) {
        EXPECT_TRUE(!r.entered_by.empty() || r.next.empty()) << e.title << ": " << r.name;
      }
    }
    EXPECT_TRUE(connected) << e.title << " has no Connected state";
  }
}

}  // namespace
}  // namespace tlskit::handshake

namespace tlskit::handshake {
namespace {

// A two-state engine to check dispatch() itself.
struct ToyEngine {
  struct B;
  struct A {
    static constexpr std::string_view kName = "A";
    static constexpr Step kStep = Step::server_certificate;
    using accepts = Accepts<HandshakeType::certificate, HandshakeType::certificate_request>;
    using next = GoesTo<B>;
  };
  struct B {
    static constexpr std::string_view kName = "B";
    static constexpr Step kStep = Step::server_finished;
    static constexpr bool kAcceptsCcs = true;
    using accepts = Accepts<>;
    using next = GoesTo<A>;
  };
  using State = std::variant<A, B>;
  bool fail = false;
  int calls = 0;
  Result<Next<A>> handle(A&, const record::HandshakeMessage&) {
    ++calls;
    if (fail)
      return make_error(ErrorCode::decode_error, Alert::decode_error, Party::peer,
                        Step::server_certificate, "bad");
    return B{};
  }
  Result<Next<B>> handle_ccs(B&) { return A{}; }
};

record::HandshakeMessage message(HandshakeType t, Bytes& storage) {
  storage = {static_cast<uint8_t>(t), 0, 0, 0};
  return record::HandshakeMessage{t, ByteView(storage)};
}

TEST(Dispatch, RefusesWhatTheStateDoesNotAcceptNamingTheExpectedSet) {
  ToyEngine e;
  ToyEngine::State st = ToyEngine::A{};
  Bytes buf;
  auto r = dispatch(e, st, message(HandshakeType::finished, buf), state_step(st));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::unexpected_message);
  EXPECT_EQ(r.error().alert, Alert::unexpected_message);
  EXPECT_EQ(r.error().step, Step::server_certificate);
  EXPECT_EQ(r.error().detail, "expected Certificate or CertificateRequest, got Finished");
  EXPECT_EQ(e.calls, 0);
  EXPECT_TRUE(std::holds_alternative<ToyEngine::A>(st));
}

TEST(Dispatch, ChangesStateOnlyWhenTheHandlerSucceeds) {
  ToyEngine e;
  ToyEngine::State st = ToyEngine::A{};
  Bytes buf;
  e.fail = true;
  auto r = dispatch(e, st, message(HandshakeType::certificate, buf), state_step(st));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::decode_error);
  EXPECT_TRUE(std::holds_alternative<ToyEngine::A>(st));
  e.fail = false;
  ASSERT_TRUE(dispatch(e, st, message(HandshakeType::certificate_request, buf), state_step(st)));
  EXPECT_TRUE(std::holds_alternative<ToyEngine::B>(st));
  EXPECT_EQ(e.calls, 2);
}

TEST(Dispatch, ChangeCipherSpecOnlyWhereDeclared) {
  ToyEngine e;
  ToyEngine::State st = ToyEngine::A{};
  auto r = dispatch_ccs(e, st, state_step(st));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::unexpected_message);
  EXPECT_NE(r.error().detail.find("got ChangeCipherSpec"), std::string::npos);
  st = ToyEngine::B{};
  Bytes buf;
  auto m = dispatch(e, st, message(HandshakeType::finished, buf), state_step(st));
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().detail, "expected ChangeCipherSpec, got Finished");
  ASSERT_TRUE(dispatch_ccs(e, st, state_step(st)));
  EXPECT_TRUE(std::holds_alternative<ToyEngine::A>(st));
  EXPECT_EQ(state_name(st), "A");
}

}  // namespace
}  // namespace tlskit::handshake
