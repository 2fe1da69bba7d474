// Helpers of the probe engine tests: server messages built with src/wire/ writers, framed in
// records, so parsers and the answer reader are tested against bytes a real server would send.
#pragma once
#include <string>
#include <vector>

#include "codec/byte_writer.h"
#include "probe/hello_builder.h"
#include "wire/wire.h"

namespace tlskit::probe::test {

// A handshake message: type + uint24 length + body.
inline Bytes handshake(HandshakeType t, ByteView body) {
  Bytes out;
  ByteWriter w(out);
  auto p = open_handshake(w, t);
  w.bytes(body);
  close_handshake(w, p);
  return out;
}

// A ServerHello body: legacy_version, random (0x11..), session id, suite, compression, extensions.
inline Bytes server_hello_body(uint16_t version, CipherSuite suite, const ExtensionList& exts,
                               bool with_block = true, uint8_t sid_len = 0,
                               uint8_t compression = 0) {
  ServerHello sh;
  sh.legacy_version = version;
  sh.random.fill(0x11);
  Bytes sid(sid_len, 0x22);
  sh.legacy_session_id_echo = sid;
  sh.cipher_suite = suite;
  sh.legacy_compression_method = compression;
  sh.extensions = exts;
  sh.has_extension_block = with_block;
  Bytes out;
  ByteWriter w(out);
  write_server_hello(sh, w);
  return Bytes(out.begin() + 4, out.end());
}

// A TLS 1.3 ServerHello body with supported_versions and an X25519 key_share.
inline Bytes tls13_server_hello_body(CipherSuite suite = CipherSuite::TLS_AES_128_GCM_SHA256) {
  ExtensionList e;
  e.add(to_extension(SupportedVersionsServer{ProtocolVersion::tls1_3}));
  e.add(to_extension(KeyShareServer{KeyShareEntry{NamedGroup::x25519, Bytes(32, 9)}}));
  return server_hello_body(0x0303, suite, e, true, 32);
}

// A DHE ServerKeyExchange body: p, g, Ys, then (TLS 1.2) scheme and signature.
inline Bytes dhe_ske_body(ByteView p, ByteView g, ByteView ys, bool tls12 = true,
                          bool with_signature = true) {
  Bytes out;
  ByteWriter w(out);
  w.vec16(p);
  w.vec16(g);
  w.vec16(ys);
  if (with_signature) {
    if (tls12) w.u16(0x0804);
    w.vec16(Bytes(256, 0x5A));
  }
  return out;
}

// An ECDHE ServerKeyExchange body for a named curve (TLS 1.2 signature).
inline Bytes ecdhe_ske_body(NamedGroup g, size_t point = 65, bool tls12 = true) {
  Bytes out;
  ByteWriter w(out);
  w.u8(3);
  w.u16(static_cast<uint16_t>(g));
  w.vec8(Bytes(point, 4));
  if (tls12) w.u16(0x0403);
  w.vec16(Bytes(72, 0x30));
  return out;
}

// A plaintext record.
inline Bytes record(ContentType t, ByteView body, uint16_t version = 0x0303) {
  return frame_records(t, version, body);
}

// The RFC 7919 ffdhe2048 prime (Appendix A.1), as OpenSSL prints it.
inline Bytes ffdhe2048_prime() {
  static const char* kHex =
      "FFFFFFFFFFFFFFFFADF85458A2BB4A9AAFDC5620273D3CF1D8B9C583CE2D3695A9E13641146433FBCC939DCE249B3EF9"
      "7D2FE363630C75D8F681B202AEC4617AD3DF1ED5D5FD65612433F51F5F066ED0856365553DED1AF3B557135E7F57C935"
      "984F0C70E0E68B77E2A689DAF3EFE8721DF158A136ADE73530ACCA4F483A797ABC0AB182B324FB61D108A94BB2C8E3FB"
      "B96ADAB760D7F4681D4F42A3DE394DF4AE56EDE76372BB190B07A7C8EE0A6D709E02FCE1CDF7E2ECC03404CD28342F61"
      "9172FE9CE98583FF8E4F1232EEF28183C3FE3B1B4C6FAD733BB5FCBC2EC22005C58EF1837D1683B2C6F34A26C1B2EFFA"
      "886B423861285C97FFFFFFFFFFFFFFFF";
  auto b = from_hex(kHex);
  return b ? *b : Bytes{};
}

}  // namespace tlskit::probe::test
