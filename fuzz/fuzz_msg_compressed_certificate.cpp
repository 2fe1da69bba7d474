// libFuzzer target: parse_compressed_certificate (RFC 8879 §4) on a handshake message body; the
// round trip must be byte-exact. When the body parses, its content also goes through the
// handshake's opening of a peer's CompressedCertificate (all three algorithms offered, a 64 KiB
// bound), and a Certificate that comes out is parsed as the client would.
#include "fuzz_wire_common.h"
#include "handshake/cert_compression.h"

using namespace tlskit;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ByteView body(data, size);
  fuzz::describe_both(HandshakeType::compressed_certificate, body);
  auto parsed = parse_compressed_certificate(body);
  if (!parsed) return 0;
  fuzz::check_round_trip(*parsed, body, write_compressed_certificate,
                         [](ByteView b) { return parse_compressed_certificate(b); });
  static const Config config = [] {
    Config c;
    c.max_decompressed_certificate = 64 * 1024;
    return c;
  }();
  HandshakeInfo info;
  auto plain = handshake::open_compressed_certificate(config, config.certificate_compression, body,
                                                      Step::server_certificate, info);
  if (!plain) return 0;
  if (plain->size() != parsed->uncompressed_length) fuzz::die("decompressed length differs");
  (void)parse_certificate13(*plain, Step::server_certificate);
  return 0;
}
