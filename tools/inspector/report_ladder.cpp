// The ladder: the real handshake drawn as the TLS textbooks draw it (RFC 8446 §2 style):
// client on the left, server on the right, one arrow per message with its size and time;
// {Message} = protected with handshake keys, [Message] = protected with application keys.
#include "inspector/render.h"

namespace tlskit::tools {
namespace {

constexpr size_t kTimeWidth = 12;   // "    1234.567" right-aligned time column
constexpr size_t kInner = 60;       // characters between the two vertical bars

std::string pad_left(const std::string& s, size_t w) {
  return s.size() >= w ? s : std::string(w - s.size(), ' ') + s;
}

std::string blank_time() { return std::string(kTimeWidth, ' ') + "  "; }

std::string bars(const std::string& inside = "") {
  std::string in = inside.substr(0, kInner);
  return "|" + in + std::string(kInner - in.size(), ' ') + "|";
}

std::string centered_rule(const std::string& text, char fill) {
  std::string t = " " + text.substr(0, kInner - 4) + " ";
  size_t left = (kInner - t.size()) / 2;
  size_t right = kInner - t.size() - left;
  return "|" + std::string(left, fill) + t + std::string(right, fill) + "|";
}

std::string arrow(const std::string& label, Direction d) {
  std::string l = label.size() > kInner - 8 ? label.substr(0, kInner - 8) : label;
  if (d == Direction::sent) {
    // |-- Label ------------>|
    std::string s = "-- " + l + " ";
    s += std::string(kInner - s.size() - 1, '-') + ">";
    return "|" + s + "|";
  }
  // |<------------ Label --|
  std::string tail = " " + l + " --";
  std::string s = "<" + std::string(kInner - tail.size() - 1, '-') + tail;
  return "|" + s + "|";
}

std::string message_label(const RecordedEvent& ev, bool post) {
  std::string name = event_display_name(ev);
  if (ev.event.encrypted) name = post ? "[" + name + "]" : "{" + name + "}";
  size_t size = ev.event.wire_bytes ? ev.event.wire_bytes : ev.event.message.size();
  return name + " (" + std::to_string(size) + " B)";
}

}  // namespace

std::string render_ladder(const Report& r) {
  std::string out;
  std::string server = r.settings.address.empty()
                           ? r.settings.host + ":" + std::to_string(r.settings.port)
                           : r.settings.address;
  std::string client_label = "client (tlskit)";
  std::string server_label = "server " + server;
  std::string head = pad_left("time (ms)", kTimeWidth) + "  " + client_label;
  size_t right_edge = kTimeWidth + 2 + kInner + 2;
  if (head.size() + server_label.size() + 1 < right_edge) {
    head += std::string(right_edge - head.size() - server_label.size(), ' ');
  } else {
    head += " ";
  }
  head += server_label;
  out += head + "\n";
  out += blank_time() + bars() + "\n";

  if (r.timings.tcp_connect_us) {
    out += pad_left(format_ms(0), kTimeWidth) + "  " +
           centered_rule("TCP connect: " + format_ms(*r.timings.tcp_connect_us) + " ms", '.') + "\n";
    out += blank_time() + bars() + "\n";
  }

  size_t server_flight = 0;
  bool complete_drawn = false;
  size_t flight_no = 0;
  for (const FlightInfo& f : r.flights) {
    if (f.post_handshake && !complete_drawn && r.handshake_complete) {
      std::string t = "handshake complete";
      if (r.timings.handshake_us) t += ": " + round_trip_text(r, true) + ", " + format_ms(*r.timings.handshake_us) + " ms";
      out += blank_time() + centered_rule(t, '=') + "\n";
      out += blank_time() + bars() + "\n";
      complete_drawn = true;
    }
    ++flight_no;
    std::string title = "flight " + std::to_string(flight_no) + ": " +
                        (f.direction == Direction::sent ? "client -> server" : "server -> client") +
                        ", " + std::to_string(f.wire_bytes) + " B";
    if (f.direction == Direction::received && !f.post_handshake) {
      if (server_flight < r.timings.server_flight_wait_us.size())
        title += ", after " + format_ms(r.timings.server_flight_wait_us[server_flight]) + " ms";
      ++server_flight;
    }
    if (f.post_handshake) title += " (after the handshake)";
    out += blank_time() + bars("  " + title) + "\n";
    for (size_t i = f.first_event; i <= f.last_event && i < r.events.size(); ++i) {
      const RecordedEvent& ev = r.events[i];
      const Event& e = ev.event;
      const bool early = e.kind == EventKind::early_data && e.direction == Direction::sent;
      if (e.kind != EventKind::handshake_message && e.kind != EventKind::change_cipher_spec &&
          e.kind != EventKind::alert && !early)
        continue;
      out += pad_left(format_ms(e.micros - r.origin_us), kTimeWidth) + "  " +
             arrow(message_label(ev, f.post_handshake), e.direction) + "\n";
    }
    out += blank_time() + bars() + "\n";
  }
  if (r.handshake_complete && !complete_drawn) {
    std::string t = "handshake complete";
    if (r.timings.handshake_us) t += ": " + round_trip_text(r, true) + ", " + format_ms(*r.timings.handshake_us) + " ms";
    out += blank_time() + centered_rule(t, '=') + "\n";
  }
  if (r.error) {
    out += blank_time() + centered_rule("FAILED: " + r.diagnosis.cause, 'x') + "\n";
    if (!r.diagnosis.step.empty() && r.diagnosis.step != "none")
      out += blank_time() + centered_rule("at step " + r.diagnosis.step, 'x') + "\n";
  }
  return out;
}

}  // namespace tlskit::tools
