// The STARTTLS exchanges, client side.
#include "exporter/starttls.h"

#include <array>
#include <optional>

namespace tlskit::tools::exporter {
namespace {

Error refused(StartTls p, const std::string& detail) {
  return make_error(ErrorCode::not_tls, Alert::none, Party::peer, Step::connect,
                    std::string("STARTTLS (") + starttls_name(p) + "): " + detail);
}

// Printable form of a server line for messages (control bytes escaped, length capped).
std::string shown(std::string_view line) {
  std::string s;
  for (char c : line.substr(0, 200)) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      s += buf;
    } else {
      s += c;
    }
  }
  return "'" + s + (line.size() > 200 ? "...'" : "'");
}

// Reads lines from the transport one byte at a time, so nothing after the reply (the first TLS
// bytes never come before our ClientHello, but a server may pipeline) is consumed.
class LineReader {
 public:
  LineReader(Transport& t, const Clock& clock, int64_t deadline_us)
      : t_(t), clock_(clock), deadline_us_(deadline_us) {}

  // The next line without its CRLF; errors on EOF, timeout or an over-long line.
  Result<std::string> line(StartTls p) {
    if (++lines_ > kMaxReplyLines)
      return refused(p, "more than " + std::to_string(kMaxReplyLines) + " reply lines");
    std::string s;
    for (size_t i = 0; i <= kMaxReplyLine; ++i) {
      TK_ASSIGN(uint8_t c, byte(p, s));
      if (c == '\n') {
        if (!s.empty() && s.back() == '\r') s.pop_back();
        return s;
      }
      s += static_cast<char>(c);
    }
    return refused(p, "a reply line longer than " + std::to_string(kMaxReplyLine) + " bytes: " + shown(s));
  }

  // One byte; errors on EOF or timeout.
  Result<uint8_t> byte(StartTls p, const std::string& so_far) {
    int64_t left_ms = (deadline_us_ - clock_.monotonic_micros()) / 1000;
    if (left_ms <= 0)
      return make_error(ErrorCode::timeout, Alert::none, Party::network, Step::connect,
                        std::string("STARTTLS (") + starttls_name(p) + "): no complete reply in time" +
                            (so_far.empty() ? "" : " (got " + shown(so_far) + ")"));
    std::array<uint8_t, 1> b{};
    auto n = t_.read(b, static_cast<int>(left_ms));
    if (!n) {
      Error e = n.error();
      e.step = Step::connect;
      e.detail = std::string("STARTTLS (") + starttls_name(p) + "): " + e.detail;
      return e;
    }
    if (*n == 0)
      return make_error(ErrorCode::peer_closed, Alert::none, Party::peer, Step::connect,
                        std::string("STARTTLS (") + starttls_name(p) +
                            "): the server closed the connection" +
                            (so_far.empty() ? "" : " after " + shown(so_far)));
    return b[0];
  }

 private:
  Transport& t_;
  const Clock& clock_;
  int64_t deadline_us_;
  int lines_ = 0;
};

Result<void> send(Transport& t, const Clock& clock, int64_t deadline_us, std::string_view text) {
  int64_t left_ms = std::max<int64_t>(1, (deadline_us - clock.monotonic_micros()) / 1000);
  auto w = t.write(as_bytes(text), static_cast<int>(left_ms));
  if (!w) {
    Error e = w.error();
    e.step = Step::connect;
    return e;
  }
  return ok();
}

// Reads a (multi-line) SMTP/FTP reply; returns its code.
Result<int> numeric_reply(StartTls p, LineReader& in, std::string& last_line) {
  for (int i = 0; i < kMaxReplyLines; ++i) {
    TK_ASSIGN(std::string line, in.line(p));
    auto r = parse_numeric_reply(line);
    if (!r) return refused(p, "the server does not speak " + std::string(starttls_name(p)) + ": it sent " + shown(line));
    last_line = line;
    if (r->last) return r->code;
  }
  return refused(p, "a reply of more than " + std::to_string(kMaxReplyLines) + " lines");
}

Result<void> smtp_or_ftp(StartTls p, Transport& t, const Clock& clock, int64_t deadline_us) {
  LineReader in(t, clock, deadline_us);
  std::string last;
  TK_ASSIGN(int greeting, numeric_reply(p, in, last));
  if (greeting != 220) return refused(p, "the server's greeting is " + shown(last) + ", not 220");
  if (p == StartTls::smtp) {
    TK_TRY(send(t, clock, deadline_us, "EHLO tlskit-exporter\r\n"));
    TK_ASSIGN(int ehlo, numeric_reply(p, in, last));
    if (ehlo != 250) return refused(p, "EHLO was answered with " + shown(last));
    TK_TRY(send(t, clock, deadline_us, "STARTTLS\r\n"));
    TK_ASSIGN(int go, numeric_reply(p, in, last));
    if (go != 220) return refused(p, "STARTTLS was answered with " + shown(last) + " (not offered?)");
  } else {
    TK_TRY(send(t, clock, deadline_us, "AUTH TLS\r\n"));
    TK_ASSIGN(int go, numeric_reply(p, in, last));
    if (go != 234) return refused(p, "AUTH TLS was answered with " + shown(last));
  }
  return ok();
}

Result<void> imap(Transport& t, const Clock& clock, int64_t deadline_us) {
  const StartTls p = StartTls::imap;
  LineReader in(t, clock, deadline_us);
  TK_ASSIGN(std::string greeting, in.line(p));
  if (greeting.rfind("* OK", 0) != 0) return refused(p, "the server's greeting is " + shown(greeting) + ", not '* OK'");
  TK_TRY(send(t, clock, deadline_us, "a1 STARTTLS\r\n"));
  for (int i = 0; i < kMaxReplyLines; ++i) {
    TK_ASSIGN(std::string line, in.line(p));
    if (line.rfind("* ", 0) == 0) continue;  // untagged data
    if (line.rfind("a1 OK", 0) == 0) return ok();
    return refused(p, "STARTTLS was answered with " + shown(line));
  }
  return refused(p, "no tagged answer to STARTTLS");
}

Result<void> pop3(Transport& t, const Clock& clock, int64_t deadline_us) {
  const StartTls p = StartTls::pop3;
  LineReader in(t, clock, deadline_us);
  TK_ASSIGN(std::string greeting, in.line(p));
  if (greeting.rfind("+OK", 0) != 0) return refused(p, "the server's greeting is " + shown(greeting) + ", not '+OK'");
  TK_TRY(send(t, clock, deadline_us, "STLS\r\n"));
  TK_ASSIGN(std::string line, in.line(p));
  if (line.rfind("+OK", 0) != 0) return refused(p, "STLS was answered with " + shown(line));
  return ok();
}

Result<void> postgres(Transport& t, const Clock& clock, int64_t deadline_us) {
  const StartTls p = StartTls::postgres;
  // SSLRequest: length 8, code 80877103 (1234 << 16 | 5679).
  static constexpr char kRequest[] = {0, 0, 0, 8, 0x04, static_cast<char>(0xd2), 0x16, 0x2f};
  TK_TRY(send(t, clock, deadline_us, std::string_view(kRequest, sizeof kRequest)));
  LineReader in(t, clock, deadline_us);
  TK_ASSIGN(uint8_t answer, in.byte(p, ""));
  if (answer == 'S') return ok();
  if (answer == 'N') return refused(p, "the server does not accept TLS (answered 'N' to SSLRequest)");
  return refused(p, "the server does not speak PostgreSQL (answered " + shown(std::string(1, static_cast<char>(answer))) +
                        " to SSLRequest)");
}

}  // namespace

std::optional<NumericReply> parse_numeric_reply(std::string_view line) {
  if (line.size() < 3) return std::nullopt;
  for (int i = 0; i < 3; ++i)
    if (line[i] < '0' || line[i] > '9') return std::nullopt;
  NumericReply r;
  r.code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
  if (line.size() == 3) return r;
  if (line[3] == '-') r.last = false;
  else if (line[3] != ' ') return std::nullopt;
  return r;
}

Result<void> run_starttls(StartTls p, Transport& t, const Clock& clock, int64_t deadline_us) {
  switch (p) {
    case StartTls::none: return ok();
    case StartTls::smtp:
    case StartTls::ftp: return smtp_or_ftp(p, t, clock, deadline_us);
    case StartTls::imap: return imap(t, clock, deadline_us);
    case StartTls::pop3: return pop3(t, clock, deadline_us);
    case StartTls::postgres: return postgres(t, clock, deadline_us);
  }
  return ok();
}

}  // namespace tlskit::tools::exporter
