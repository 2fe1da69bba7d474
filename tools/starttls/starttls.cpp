// The STARTTLS exchanges, client side.
#include "starttls/starttls.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <optional>

namespace tlskit::tools {
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
    TK_TRY(send(t, clock, deadline_us, "EHLO tlskit\r\n"));
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


// Reads bytes until `text` has arrived (or the bound / deadline), returning all of them.
Result<std::string> read_until(StartTls p, LineReader& in, std::initializer_list<std::string_view> stops) {
  std::string got;
  for (size_t i = 0; i < kMaxStartTlsReplyBytes; ++i) {
    TK_ASSIGN(uint8_t c, in.byte(p, got.substr(0, 200)));
    got += static_cast<char>(c);
    if (c != '>') continue;
    for (std::string_view s : stops)
      if (got.find(s) != std::string::npos) return got;
  }
  return refused(p, "no answer within " + std::to_string(kMaxStartTlsReplyBytes) + " bytes: " + shown(got));
}

Result<void> xmpp(Transport& t, const Clock& clock, int64_t deadline_us, const std::string& host) {
  const StartTls p = StartTls::xmpp;
  std::string to = host.empty() ? "localhost" : host;
  TK_TRY(send(t, clock, deadline_us,
              "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
              "xmlns:stream='http://etherx.jabber.org/streams' to='" + to + "' version='1.0'>"));
  LineReader in(t, clock, deadline_us);
  TK_ASSIGN(std::string features, read_until(p, in, {"</stream:features>", "<stream:error", "/>"}));
  if (features.find("stream:error") != std::string::npos)
    return refused(p, "the server sent a stream error: " + shown(features));
  if (features.find("</stream:features>") == std::string::npos) {
    TK_ASSIGN(std::string more, read_until(p, in, {"</stream:features>", "<stream:error"}));
    features += more;
  }
  if (features.find("urn:ietf:params:xml:ns:xmpp-tls") == std::string::npos)
    return refused(p, "the server does not offer STARTTLS in its stream features: " + shown(features));
  TK_TRY(send(t, clock, deadline_us, "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"));
  TK_ASSIGN(std::string answer, read_until(p, in, {"<proceed", "<failure", "<stream:error"}));
  if (answer.find("<proceed") != std::string::npos) return ok();
  return refused(p, "STARTTLS was answered with " + shown(answer));
}

// Reads one BER element header + body (definite length, at most kMaxStartTlsReplyBytes).
Result<std::string> ber_message(StartTls p, LineReader& in) {
  std::string m;
  TK_ASSIGN(uint8_t tag, in.byte(p, m));
  m += static_cast<char>(tag);
  TK_ASSIGN(uint8_t l0, in.byte(p, m));
  m += static_cast<char>(l0);
  size_t len = l0;
  if (l0 & 0x80) {
    size_t n = l0 & 0x7f;
    if (n == 0 || n > 3) return refused(p, "the server's answer has an unsupported BER length");
    len = 0;
    for (size_t i = 0; i < n; ++i) {
      TK_ASSIGN(uint8_t b, in.byte(p, m));
      m += static_cast<char>(b);
      len = len * 256 + b;
    }
  }
  if (len > kMaxStartTlsReplyBytes) return refused(p, "the server's answer is over " + std::to_string(kMaxStartTlsReplyBytes) + " bytes");
  for (size_t i = 0; i < len; ++i) {
    TK_ASSIGN(uint8_t b, in.byte(p, m.substr(0, 16)));
    m += static_cast<char>(b);
  }
  return m;
}

Result<void> ldap(Transport& t, const Clock& clock, int64_t deadline_us) {
  const StartTls p = StartTls::ldap;
  // RFC 4511 §4.14.1: ExtendedRequest { requestName [0] "1.3.6.1.4.1.1466.20037" }, messageID 1.
  static constexpr char kOid[] = "1.3.6.1.4.1.1466.20037";
  std::string req;
  std::string ext = std::string("\x80", 1) + static_cast<char>(sizeof kOid - 1) + kOid;
  std::string op = std::string("\x77", 1) + static_cast<char>(ext.size()) + ext;
  std::string body = std::string("\x02\x01\x01", 3) + op;
  req = std::string("\x30", 1) + static_cast<char>(body.size()) + body;
  TK_TRY(send(t, clock, deadline_us, req));
  LineReader in(t, clock, deadline_us);
  TK_ASSIGN(std::string m, ber_message(p, in));
  auto code = parse_ldap_extended_result(m);
  if (!code) return refused(p, "the server does not speak LDAP: it answered " + shown(m.substr(0, 32)));
  if (*code != 0)
    return refused(p, "the StartTLS extended operation was refused with resultCode " + std::to_string(*code) +
                          (*code == 2 ? " (protocolError: StartTLS not supported)" : ""));
  return ok();
}

Result<void> mysql(Transport& t, const Clock& clock, int64_t deadline_us) {
  const StartTls p = StartTls::mysql;
  LineReader in(t, clock, deadline_us);
  std::string hdr;
  for (int i = 0; i < 4; ++i) {
    TK_ASSIGN(uint8_t b, in.byte(p, hdr));
    hdr += static_cast<char>(b);
  }
  size_t len = static_cast<uint8_t>(hdr[0]) | static_cast<uint8_t>(hdr[1]) << 8 | static_cast<size_t>(static_cast<uint8_t>(hdr[2])) << 16;
  if (len == 0 || len > kMaxStartTlsReplyBytes)
    return refused(p, "the server does not speak MySQL (first packet of " + std::to_string(len) + " bytes)");
  std::string payload;
  for (size_t i = 0; i < len; ++i) {
    TK_ASSIGN(uint8_t b, in.byte(p, payload.substr(0, 16)));
    payload += static_cast<char>(b);
  }
  auto caps = parse_mysql_capabilities(payload);
  if (!caps) return refused(p, "the server does not speak MySQL: its greeting is " + shown(payload.substr(0, 32)));
  constexpr uint32_t kClientSsl = 0x0800, kProtocol41 = 0x0200, kSecureConnection = 0x8000, kLongPassword = 1;
  if (!(*caps & kClientSsl)) return refused(p, "the server does not offer TLS (no CLIENT_SSL capability)");
  // SSLRequest (HandshakeResponse41 cut after the character set): 32 bytes, sequence 1.
  uint32_t flags = kClientSsl | kProtocol41 | kSecureConnection | kLongPassword;
  std::string req("\x20\x00\x00\x01", 4);
  for (int i = 0; i < 4; ++i) req += static_cast<char>((flags >> (8 * i)) & 0xff);
  req += std::string("\x00\x00\x00\x01", 4);  // max packet size 16 MiB
  req += '\x21';                              // utf8_general_ci
  req += std::string(23, '\0');
  return send(t, clock, deadline_us, req);
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

std::optional<int> parse_ldap_extended_result(std::string_view m) {
  // One byte of tag and a definite length (short or long form up to 3 bytes); returns the body.
  size_t pos = 0;
  auto element = [&](uint8_t want_tag, std::string_view& body) -> bool {
    if (pos + 2 > m.size() || static_cast<uint8_t>(m[pos]) != want_tag) return false;
    size_t l0 = static_cast<uint8_t>(m[pos + 1]);
    pos += 2;
    size_t len = l0;
    if (l0 & 0x80) {
      size_t n = l0 & 0x7f;
      if (n == 0 || n > 3 || pos + n > m.size()) return false;
      len = 0;
      for (size_t i = 0; i < n; ++i) len = len * 256 + static_cast<uint8_t>(m[pos++]);
    }
    if (len > m.size() - pos) return false;
    body = m.substr(pos, len);
    return true;
  };
  std::string_view seq;
  if (!element(0x30, seq)) return std::nullopt;
  m = seq;
  pos = 0;
  std::string_view id, resp, code;
  if (!element(0x02, id)) return std::nullopt;
  pos += id.size();
  if (!element(0x78, resp)) return std::nullopt;  // [APPLICATION 24] ExtendedResponse
  m = resp;
  pos = 0;
  if (!element(0x0a, code) || code.size() != 1) return std::nullopt;
  return static_cast<uint8_t>(code[0]);
}

std::optional<uint32_t> parse_mysql_capabilities(std::string_view p) {
  // Protocol::HandshakeV10: version 10, server version NUL-terminated, thread id (4),
  // auth-plugin-data part 1 (8), filler (1), capability flags lower (2), charset (1),
  // status (2), capability flags upper (2).
  if (p.empty() || p[0] != 10) return std::nullopt;
  size_t nul = p.find('\0', 1);
  if (nul == std::string_view::npos) return std::nullopt;
  size_t pos = nul + 1 + 4 + 8 + 1;
  if (pos + 2 > p.size()) return std::nullopt;
  uint32_t caps = static_cast<uint8_t>(p[pos]) | static_cast<uint32_t>(static_cast<uint8_t>(p[pos + 1])) << 8;
  if (pos + 7 <= p.size())
    caps |= (static_cast<uint32_t>(static_cast<uint8_t>(p[pos + 5])) | static_cast<uint32_t>(static_cast<uint8_t>(p[pos + 6])) << 8) << 16;
  return caps;
}

std::optional<StartTls> parse_starttls(const std::string& s) {
  for (StartTls p : {StartTls::none, StartTls::smtp, StartTls::imap, StartTls::pop3, StartTls::ftp,
                     StartTls::xmpp, StartTls::ldap, StartTls::postgres, StartTls::mysql})
    if (s == starttls_name(p)) return p;
  return std::nullopt;
}

const char* starttls_name(StartTls p) {
  switch (p) {
    case StartTls::none: return "none";
    case StartTls::smtp: return "smtp";
    case StartTls::imap: return "imap";
    case StartTls::pop3: return "pop3";
    case StartTls::ftp: return "ftp";
    case StartTls::xmpp: return "xmpp";
    case StartTls::ldap: return "ldap";
    case StartTls::postgres: return "postgres";
    case StartTls::mysql: return "mysql";
  }
  return "none";
}

uint16_t starttls_default_port(StartTls p) {
  switch (p) {
    case StartTls::none: return 443;
    case StartTls::smtp: return 25;
    case StartTls::imap: return 143;
    case StartTls::pop3: return 110;
    case StartTls::ftp: return 21;
    case StartTls::xmpp: return 5222;
    case StartTls::ldap: return 389;
    case StartTls::postgres: return 5432;
    case StartTls::mysql: return 3306;
  }
  return 443;
}

const char* starttls_choices() { return "smtp, imap, pop3, ftp, xmpp, ldap, postgres, mysql"; }

Result<void> run_starttls(StartTls p, Transport& t, const Clock& clock, int64_t deadline_us,
                          const std::string& host) {
  switch (p) {
    case StartTls::none: return ok();
    case StartTls::smtp:
    case StartTls::ftp: return smtp_or_ftp(p, t, clock, deadline_us);
    case StartTls::imap: return imap(t, clock, deadline_us);
    case StartTls::pop3: return pop3(t, clock, deadline_us);
    case StartTls::postgres: return postgres(t, clock, deadline_us);
    case StartTls::xmpp: return xmpp(t, clock, deadline_us, host);
    case StartTls::ldap: return ldap(t, clock, deadline_us);
    case StartTls::mysql: return mysql(t, clock, deadline_us);
  }
  return ok();
}

}  // namespace tlskit::tools
