// SSLv2 CLIENT-HELLO builder and SERVER-HELLO / ERROR parser.
#include "probe/sslv2.h"

#include <cstdio>

#include "codec/byte_reader.h"
#include "codec/byte_writer.h"
#include "wire/extensions.h"

namespace tlskit::probe {
namespace {

struct Sslv2Kind {
  uint32_t value;
  const char* name;
};

constexpr Sslv2Kind kKinds[] = {
    {0x010080, "SSL_CK_RC4_128_WITH_MD5"},
    {0x020080, "SSL_CK_RC4_128_EXPORT40_WITH_MD5"},
    {0x030080, "SSL_CK_RC2_128_CBC_WITH_MD5"},
    {0x040080, "SSL_CK_RC2_128_CBC_EXPORT40_WITH_MD5"},
    {0x050080, "SSL_CK_IDEA_128_CBC_WITH_MD5"},
    {0x060040, "SSL_CK_DES_64_CBC_WITH_MD5"},
    {0x0700C0, "SSL_CK_DES_192_EDE3_CBC_WITH_MD5"},
};

constexpr size_t kMaxConnectionId = 32;

Error config(std::string d) {
  return make_error(ErrorCode::config_invalid, Alert::none, Party::config, Step::client_hello,
                    "SSLv2 CLIENT-HELLO: " + std::move(d));
}

Error decode(std::string d) { return wire_decode_error(Step::server_hello, "SSLv2 SERVER-HELLO: " + std::move(d)); }

}  // namespace

std::vector<uint32_t> sslv2_cipher_kinds() {
  std::vector<uint32_t> out;
  for (const auto& k : kKinds) out.push_back(k.value);
  return out;
}

std::string sslv2_cipher_name(uint32_t kind) {
  for (const auto& k : kKinds)
    if (k.value == kind) return k.name;
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%06x", kind & 0xFFFFFF);
  return buf;
}

Result<Bytes> build_sslv2_client_hello(std::span<const uint32_t> specs, ByteView challenge,
                                       uint16_t version) {
  if (specs.empty()) return config("no cipher spec");
  if (challenge.size() < kSslv2MinChallenge || challenge.size() > kSslv2MaxChallenge)
    return config("challenge of " + std::to_string(challenge.size()) + " bytes, expected 16..32");
  size_t body = 1 + 2 + 2 + 2 + 2 + specs.size() * 3 + challenge.size();
  if (body > kSslv2MaxRecord) return config("record of " + std::to_string(body) + " bytes is too long");
  Bytes out;
  ByteWriter w(out);
  // 2-byte header: high bit set, 15-bit length, no padding.
  w.u16(static_cast<uint16_t>(0x8000 | body));
  w.u8(kSslv2MsgClientHello);
  w.u16(version);
  w.u16(static_cast<uint16_t>(specs.size() * 3));
  w.u16(0);  // session id length
  w.u16(static_cast<uint16_t>(challenge.size()));
  for (uint32_t s : specs) {
    w.u8(static_cast<uint8_t>(s >> 16));
    w.u16(static_cast<uint16_t>(s));
  }
  w.bytes(challenge);
  return out;
}

std::optional<Sslv2RecordHeader> parse_sslv2_record_header(ByteView d) {
  if (d.size() < 2) return std::nullopt;
  Sslv2RecordHeader h;
  if (d[0] & 0x80) {
    h.header_size = 2;
    h.length = (static_cast<size_t>(d[0] & 0x7F) << 8) | d[1];
    return h;
  }
  if (d.size() < 3) return std::nullopt;
  h.header_size = 3;
  h.length = (static_cast<size_t>(d[0] & 0x3F) << 8) | d[1];
  h.padding = d[2];
  return h;
}

Result<Sslv2Answer> parse_sslv2_server_message(ByteView body) {
  ByteReader r(body);
  Sslv2Answer a;
  if (r.empty()) return decode("empty record");
  uint8_t type = r.u8();
  if (type == kSslv2MsgError) {
    if (r.remaining() != 2) return decode("ERROR message of " + std::to_string(body.size()) + " bytes, expected 3");
    a.error_code = r.u16();
    return a;
  }
  if (type != kSslv2MsgServerHello) return decode("message type " + std::to_string(type) + ", expected SERVER-HELLO (4) or ERROR (0)");
  if (r.remaining() < 10) return decode("truncated header");
  Sslv2ServerHello sh;
  sh.session_id_hit = r.u8() != 0;
  sh.certificate_type = r.u8();
  sh.version = r.u16();
  size_t cert_len = r.u16();
  size_t specs_len = r.u16();
  size_t cid_len = r.u16();
  if (cert_len > kSslv2MaxCertificate) return decode("certificate of " + std::to_string(cert_len) + " bytes");
  if (specs_len % 3 != 0) return decode("cipher_specs length " + std::to_string(specs_len) + " is not a multiple of 3");
  // draft §B: CONNECTION-ID-LENGTH must be between 16 and 32.
  if (cid_len < 16 || cid_len > kMaxConnectionId)
    return decode("connection id of " + std::to_string(cid_len) + " bytes, expected 16..32");
  if (r.remaining() != cert_len + specs_len + cid_len)
    return decode(std::to_string(r.remaining()) + " bytes after the header, the lengths say " +
                  std::to_string(cert_len + specs_len + cid_len));
  ByteView cert = r.bytes(cert_len);
  sh.certificate.assign(cert.begin(), cert.end());
  for (size_t i = 0; i < specs_len / 3; ++i) {
    uint32_t hi = r.u8();
    sh.cipher_specs.push_back((hi << 16) | r.u16());
  }
  ByteView cid = r.bytes(cid_len);
  sh.connection_id.assign(cid.begin(), cid.end());
  if (r.failed()) return decode("truncated");
  // draft §B: on a session-id hit, CERTIFICATE-TYPE, CERTIFICATE-LENGTH and CIPHER-SPECS-LENGTH
  // are zero.
  if (sh.session_id_hit && (cert_len != 0 || specs_len != 0))
    return wire_illegal_parameter(Step::server_hello,
                                  "SSLv2 SERVER-HELLO: session-id hit with a certificate or cipher specs");
  if (!sh.session_id_hit && specs_len == 0) return decode("no cipher spec in common");
  a.server_hello = std::move(sh);
  return a;
}

}  // namespace tlskit::probe
