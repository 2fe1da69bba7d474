// The shared parts of the engines' dispatch: the unexpected_message error and the Markdown
// table of an engine's states.
#include "handshake/state_machine.h"

namespace tlskit::handshake {
namespace {

std::string joined(const std::vector<std::string>& items, const char* empty) {
  if (items.empty()) return empty;
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    out += items[i];
  }
  return out;
}

}  // namespace

std::string message_label(HandshakeType t, ByteView body) {
  const char* name = message_name(t, body);
  return name ? std::string(name) : handshake_type_name(t);
}

Error unexpected_in_state(Step step, const std::string& expected, std::string_view got,
                          std::string_view note) {
  std::string detail = "expected " + expected + ", got " + std::string(got);
  if (!note.empty()) detail += " (" + std::string(note) + ")";
  return make_error(ErrorCode::unexpected_message, Alert::unexpected_message, Party::peer, step,
                    std::move(detail));
}

std::string state_table_markdown(const std::vector<StateRow>& rows) {
  std::string out = "| state | step | accepts | goes to |\n|---|---|---|---|\n";
  for (const StateRow& r : rows) {
    std::string accepts = joined(r.accepts, "nothing");
    if (!r.entered_by.empty()) accepts = "(" + r.entered_by + ")" +
                                         (r.accepts.empty() ? "" : "; " + accepts);
    out += "| " + r.name + " | " + r.step + " | " + accepts + " | " +
           joined(r.next, "(end)") + " |\n";
  }
  return out;
}

}  // namespace tlskit::handshake
