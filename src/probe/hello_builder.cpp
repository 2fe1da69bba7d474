// Crafted ClientHello builder.
#include "probe/hello_builder.h"

#include <algorithm>

#include "codec/byte_writer.h"
#include "probe/key_shares.h"
#include "wire/wire.h"

namespace tlskit::probe {
namespace {

Error config(std::string detail) {
  return make_error(ErrorCode::config_invalid, Alert::none, Party::config, Step::client_hello,
                    "crafted ClientHello: " + std::move(detail));
}

bool has_ec_group(const std::vector<NamedGroup>& groups) {
  for (NamedGroup g : groups) {
    uint16_t v = static_cast<uint16_t>(g);
    if (v < 0x0100) return true;  // RFC 8422 §5.1.1 curves and X25519/X448
  }
  return false;
}

// The handshake message for spec with `extensions` (padding not yet applied).
Bytes write_hello(const HelloSpec& s, const std::array<uint8_t, 32>& random, ByteView session_id,
                  const ExtensionList& exts, bool& failed) {
  ClientHello ch;
  ch.legacy_version = s.version == ProtocolVersion::tls1_3
                          ? static_cast<uint16_t>(ProtocolVersion::tls1_2)
                          : static_cast<uint16_t>(s.version);
  ch.random = random;
  ch.legacy_session_id = session_id;
  ch.cipher_suites = s.cipher_suites;
  static constexpr uint8_t kDeflateThenNull[] = {1, 0};
  if (s.offer_deflate && s.version != ProtocolVersion::tls1_3)
    ch.legacy_compression_methods = ByteView(kDeflateThenNull, 2);
  ch.extensions = exts;
  ch.has_extension_block = s.extensions;
  Bytes out;
  ByteWriter w(out);
  write_client_hello(ch, w);
  failed = w.failed();
  return out;
}

}  // namespace

uint16_t client_hello_record_version(ProtocolVersion version) {
  return version == ProtocolVersion::ssl3 ? 0x0300 : 0x0301;
}

Bytes frame_records(ContentType type, uint16_t record_version, ByteView msg) {
  Bytes out;
  ByteWriter w(out);
  size_t off = 0;
  do {
    size_t n = std::min(kMaxPlaintextFragment, msg.size() - off);
    w.u8(static_cast<uint8_t>(type));
    w.u16(record_version);
    w.vec16(msg.subspan(off, n));
    off += n;
  } while (off < msg.size());
  return out;
}

Result<BuiltHello> build_client_hello(const HelloSpec& s, Rng& rng) {
  auto v = static_cast<uint16_t>(s.version);
  if (v < 0x0300 || v > 0x0304) return config("version " + version_name(s.version) + " is not SSL 3.0 .. TLS 1.3");
  if (s.cipher_suites.empty()) return config("no cipher suite to offer");
  if (s.cipher_suites.size() > kMaxOfferedSuites)
    return config(std::to_string(s.cipher_suites.size()) + " cipher suites, at most " +
                  std::to_string(kMaxOfferedSuites) + " fit");
  const bool tls13 = s.version == ProtocolVersion::tls1_3;
  if (!tls13 && !s.key_shares.empty()) return config("key shares are a TLS 1.3 extension");
  if (!s.extensions && (tls13 || !s.key_shares.empty()))
    return config("a TLS 1.3 hello needs extensions");
  // RFC 5246 §7.4.1.2: SessionID<0..32>.
  if (s.session_id && s.session_id->size() > 32)
    return config("a legacy_session_id of " + std::to_string(s.session_id->size()) +
                  " bytes (at most 32)");

  BuiltHello out;
  rng.fill(out.random);
  // RFC 8446 §D.4: a 32-byte legacy_session_id in TLS 1.3 (middlebox compatibility mode).
  Bytes session_id;
  if (s.session_id) {
    session_id = *s.session_id;
  } else if (tls13) {
    session_id.resize(32);
    rng.fill(session_id);
  }

  ExtensionList exts;
  if (s.extensions) {
    if (!s.server_name.empty()) exts.add(to_extension(ServerNameList{s.server_name}));
    if (tls13) {
      SupportedVersionsClient sv;
      sv.versions = s.supported_versions.empty() ? std::vector<ProtocolVersion>{ProtocolVersion::tls1_3}
                                                 : s.supported_versions;
      exts.add(to_extension(sv));
    }
    if (!s.groups.empty()) exts.add(to_extension(SupportedGroups{s.groups}));
    if (has_ec_group(s.groups) && !tls13)
      exts.add(to_extension(EcPointFormats{{kEcPointFormatUncompressed}}));
    if (!s.signature_schemes.empty())
      exts.add(to_extension(SignatureAlgorithms{s.signature_schemes}));
    if (tls13) {
      KeyShareClient ks;
      for (NamedGroup g : s.key_shares) {
        // RFC 8446 §4.2.8: "Each KeyShareEntry value MUST correspond to a group offered in the
        // "supported_groups" extension".
        if (std::find(s.groups.begin(), s.groups.end(), g) == s.groups.end())
          return config("key share for " + group_name(g) + ", which supported_groups does not list");
        TK_ASSIGN(Bytes share, make_key_share(g, rng));
        ks.shares.push_back(KeyShareEntry{g, std::move(share)});
      }
      exts.add(to_extension(ks));
    }
    if (!s.alpn.empty()) exts.add(to_extension(AlpnProtocols{s.alpn}));
    if (s.status_request) exts.add(to_extension(StatusRequest{}));
    if (s.extended_master_secret) exts.add_empty(ExtensionType::extended_master_secret);
    if (s.session_ticket) exts.add_empty(ExtensionType::session_ticket);
    if (s.renegotiation_info) exts.add(to_extension(RenegotiationInfo{}));
    for (const Extension& e : s.extra) exts.add(e);
  }

  bool failed = false;
  out.message = write_hello(s, out.random, session_id, exts, failed);
  // RFC 7685 §4: a ClientHello record body of 256..511 bytes hangs some servers; pad to 512.
  if (s.extensions && s.padding && out.message.size() >= 256 && out.message.size() < 512) {
    size_t pad = 512 - out.message.size();
    exts.add(to_extension(Padding{pad >= 4 ? pad - 4 : 0}));
    out.message = write_hello(s, out.random, session_id, exts, failed);
  }
  if (failed) return config("a length overflowed its field (an extension over 65535 bytes?)");
  out.records = frame_records(ContentType::handshake, client_hello_record_version(s.version),
                              out.message);
  return out;
}

}  // namespace tlskit::probe
