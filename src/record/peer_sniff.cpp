// Recognizes non-TLS peers from their first bytes (plain HTTP, SSH, SMTP, ...).
#include "record/peer_sniff.h"

#include <array>
#include <cstdio>
#include <string_view>

namespace tlskit::record {
namespace {

bool starts_with(ByteView b, std::string_view prefix) {
  if (b.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (b[i] != static_cast<uint8_t>(prefix[i])) return false;
  return true;
}

bool is_text_byte(uint8_t c) {
  return (c >= 0x20 && c < 0x7f) || c == '\r' || c == '\n' || c == '\t';
}

// The first line of b, printable characters only, at most 60 of them, in double quotes.
std::string quote_first_line(ByteView b) {
  std::string s = "\"";
  size_t n = 0;
  for (uint8_t c : b) {
    if (c == '\r' || c == '\n') break;
    if (n == 60) {
      s += "...";
      break;
    }
    s += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '?';
    ++n;
  }
  s += "\"";
  return s;
}

std::string hex_prefix(ByteView b) {
  std::string s;
  char tmp[4];
  for (size_t i = 0; i < b.size() && i < 8; ++i) {
    std::snprintf(tmp, sizeof tmp, i ? " %02x" : "%02x", b[i]);
    s += tmp;
  }
  return s;
}

}  // namespace

bool looks_like_sslv2_client_hello(ByteView b) {
  // SSLv2 record: 2-byte length with the high bit set, msg_type 1 (CLIENT-HELLO), then the
  // version (0x0002 for SSLv2, 0x0300.. for the v2-compatible hellos of SSLv3/TLS clients).
  return b.size() >= 5 && (b[0] & 0x80) != 0 && b[2] == 0x01 &&
         ((b[3] == 0x00 && b[4] == 0x02) || b[3] == 0x03);
}

std::optional<std::string> describe_non_tls(ByteView b) {
  if (b.empty()) return std::nullopt;
  // A plausible TLS record header: a known content type (20..24) and a 0x03 major version.
  if (b[0] >= 20 && b[0] <= 24 && (b.size() < 2 || b[1] == 0x03)) return std::nullopt;

  if (starts_with(b, "HTTP/"))
    return "an HTTP response " + quote_first_line(b) +
           ": the peer speaks plain HTTP, not TLS on this port";
  static constexpr std::array<std::string_view, 9> kMethods = {
      "GET ",     "POST ",    "HEAD ",  "PUT ",        "DELETE ",
      "OPTIONS ", "CONNECT ", "PATCH ", "PRI * HTTP/2"};
  for (auto m : kMethods)
    if (starts_with(b, m))
      return "an HTTP request " + quote_first_line(b) + ": the peer sends plain HTTP, not TLS";
  if (starts_with(b, "SSH-"))
    return "an SSH banner " + quote_first_line(b) + ": this port runs SSH";
  if (starts_with(b, "220 ") || starts_with(b, "220-"))
    return "an SMTP or FTP greeting " + quote_first_line(b) +
           ": the service may need STARTTLS / AUTH TLS first, or implicit TLS on another port";
  if (starts_with(b, "* OK"))
    return "an IMAP greeting " + quote_first_line(b) + ": use STARTTLS or the IMAPS port (993)";
  if (starts_with(b, "+OK"))
    return "a POP3 greeting " + quote_first_line(b) + ": use STLS or the POP3S port (995)";
  if (starts_with(b, "<")) return "HTML or XML text " + quote_first_line(b) + ", not TLS";
  if (looks_like_sslv2_client_hello(b))
    return std::string("an SSLv2-format ClientHello (2-byte record header ") + hex_prefix(b) +
           "); only TLS record headers are accepted";

  bool text = true;
  for (size_t i = 0; i < b.size() && i < 16; ++i)
    if (!is_text_byte(b[i])) {
      text = false;
      break;
    }
  if (text) return "plain text " + quote_first_line(b) + ", not a TLS record";
  return "bytes that are not a TLS record header (first bytes " + hex_prefix(b) + ")";
}

}  // namespace tlskit::record
