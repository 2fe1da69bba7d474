// The one shape of every handshake engine (TLS 1.3 and 1.2, client and server). A state is a
// small struct that declares
//   - kName:    its name in docs and traces ("ExpectServerHello");
//   - kStep:    the Step it stands for in errors and received alerts;
//   - accepts:  Accepts<HandshakeType...>, the handshake messages it takes (may be empty);
//   - next:     GoesTo<State...>, the states its handler may return;
// and optionally
//   - kAcceptsCcs = true: it takes a ChangeCipherSpec (TLS 1.2), handled by handle_ccs();
//   - kEnteredBy: how it is entered when no message of its own engine leads to it (the first
//     state of an engine that another engine hands over to);
//   - kUnexpectedNote: what the unexpected_message error adds (e.g. the RFC section).
// An engine holds a std::variant of its states and calls dispatch() for each message: a message
// outside the state's `accepts` is refused with unexpected_message naming the expected set
// (RFC 8446 §6.2 / RFC 5246 §7.2.2); otherwise the engine's handle(State&, message) overload
// runs -- it must exist for every state that accepts a message, or the engine does not compile
// -- and returns one of the states in `next` (anything else does not compile either), which
// replaces the current state only when the handler succeeded. describe() turns the
// declarations into the table printed in docs/state-machines.md.
#pragma once
#include <array>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "base/result.h"
#include "record/handshake_deframer.h"
#include "wire/describe.h"
#include "base/iana_registry.h"

namespace tlskit::handshake {

// The handshake messages a state takes.
template <HandshakeType... Ts>
struct Accepts {
  static constexpr std::array<HandshakeType, sizeof...(Ts)> types{Ts...};
  // True when t is one of them.
  static constexpr bool contains(HandshakeType t) { return ((t == Ts) || ...); }
};

// The states a state's handler may return.
template <class... Ss>
struct GoesTo {
  using variant = std::variant<Ss...>;
};

// What the handler of state S returns: one of its declared next states.
template <class S>
using Next = typename S::next::variant;

// True when state S takes a ChangeCipherSpec (it declares kAcceptsCcs = true).
template <class S>
constexpr bool accepts_ccs() {
  if constexpr (requires { S::kAcceptsCcs; })
    return S::kAcceptsCcs;
  else
    return false;
}

// The message's name as the RFCs write it ("CertificateRequest", "HelloRetryRequest"), or its
// number for a type tlskit does not know.
std::string message_label(HandshakeType t, ByteView body = {});

// What the unexpected_message error of state S adds (its kUnexpectedNote), if anything.
template <class S>
constexpr std::string_view unexpected_note() {
  if constexpr (requires { S::kUnexpectedNote; })
    return S::kUnexpectedNote;
  else
    return {};
}

// "Certificate or CertificateRequest": what state S expects, for error details.
template <class S>
std::string expected_messages() {
  std::vector<std::string> names;
  for (HandshakeType t : S::accepts::types) names.push_back(message_label(t));
  if (accepts_ccs<S>()) names.push_back("ChangeCipherSpec");
  if (names.empty()) return "no handshake message";
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i) out += i + 1 == names.size() ? " or " : ", ";
    out += names[i];
  }
  return out;
}

// The unexpected_message error for a message (or a ChangeCipherSpec, got == "ChangeCipherSpec")
// that the state at `step` does not take: "expected <set>, got <message>".
Error unexpected_in_state(Step step, const std::string& expected, std::string_view got,
                          std::string_view note = {});

// Replaces state with the handler's successor (one of its declared next states).
template <class State, class N>
void enter(State& state, N&& next) {
  std::visit([&](auto&& n) { state = std::forward<decltype(n)>(n); }, std::forward<N>(next));
}

// Dispatches handshake message m to engine.handle(S&, m) for the current state S, after checking
// that S accepts it. step is the engine's current step (for the error).
template <class Engine, class State>
Result<void> dispatch(Engine& engine, State& state, const record::HandshakeMessage& m, Step step) {
  return std::visit(
      [&](auto& s) -> Result<void> {
        using S = std::decay_t<decltype(s)>;
        if constexpr (S::accepts::types.empty()) {
          return unexpected_in_state(step, expected_messages<S>(), message_label(m.type, m.body()),
                                     unexpected_note<S>());
        } else {
          if (!S::accepts::contains(m.type))
            return unexpected_in_state(step, expected_messages<S>(), message_label(m.type, m.body()),
                                       unexpected_note<S>());
          Result<Next<S>> next = engine.handle(s, m);
          if (!next) return std::move(next).error();
          enter(state, std::move(*next));
          return ok();
        }
      },
      state);
}

// Dispatches a ChangeCipherSpec to engine.handle_ccs(S&) when S takes one; otherwise
// unexpected_message (RFC 5246 §7.1: a ChangeCipherSpec comes only right before Finished).
template <class Engine, class State>
Result<void> dispatch_ccs(Engine& engine, State& state, Step step) {
  return std::visit(
      [&](auto& s) -> Result<void> {
        using S = std::decay_t<decltype(s)>;
        if constexpr (accepts_ccs<S>()) {
          Result<Next<S>> next = engine.handle_ccs(s);
          if (!next) return std::move(next).error();
          enter(state, std::move(*next));
          return ok();
        } else {
          return unexpected_in_state(step, expected_messages<S>(), "ChangeCipherSpec",
                                     "RFC 5246 §7.1: it comes only right before Finished");
        }
      },
      state);
}

// The Step of the current state (its kStep).
template <class State>
Step state_step(const State& state) {
  return std::visit([](const auto& s) { return std::decay_t<decltype(s)>::kStep; }, state);
}

// The name of the current state (its kName).
template <class State>
std::string_view state_name(const State& state) {
  return std::visit([](const auto& s) { return std::decay_t<decltype(s)>::kName; }, state);
}

// One row of an engine's state table.
struct StateRow {
  std::string name;                  // kName
  std::string step;                  // step_name(kStep)
  std::vector<std::string> accepts;  // message names (and "ChangeCipherSpec")
  std::vector<std::string> next;     // kName of each next state
  std::string entered_by;            // kEnteredBy, when declared
};

namespace detail {

template <class... Ss>
std::vector<std::string> names_of(const GoesTo<Ss...>*) {
  return {std::string(Ss::kName)...};
}

template <class S>
StateRow row_of() {
  StateRow r;
  r.name = std::string(S::kName);
  r.step = step_name(S::kStep);
  for (HandshakeType t : S::accepts::types) r.accepts.push_back(message_label(t));
  if (accepts_ccs<S>()) r.accepts.push_back("ChangeCipherSpec");
  r.next = names_of(static_cast<const typename S::next*>(nullptr));
  if constexpr (requires { S::kEnteredBy; }) r.entered_by = std::string(S::kEnteredBy);
  return r;
}

template <class... Ss>
std::vector<StateRow> rows_of(const std::variant<Ss...>*) {
  return {row_of<Ss>()...};
}

}  // namespace detail

// The state table of an engine whose states are the alternatives of State, in their order.
template <class State>
std::vector<StateRow> describe() {
  return detail::rows_of(static_cast<const State*>(nullptr));
}

// The table as Markdown: one row per state with what it accepts and where it may go.
std::string state_table_markdown(const std::vector<StateRow>& rows);

}  // namespace tlskit::handshake
