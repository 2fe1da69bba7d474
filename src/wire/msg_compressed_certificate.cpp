// CompressedCertificate parse and serialize (RFC 8879 §4).
#include "wire/msg_compressed_certificate.h"

#include <string>

#include "codec/byte_reader.h"
#include "wire/extensions.h"
#include "wire/handshake_header.h"

namespace tlskit {

Result<CompressedCertificate> parse_compressed_certificate(ByteView body, Step step) {
  auto decode = [&](std::string d) {
    return wire_decode_error(step, "CompressedCertificate: " + std::move(d));
  };
  ByteReader r(body);
  // algorithm (2) + uncompressed_length (3) + the length of compressed_certificate_message (3).
  if (r.remaining() < 8)
    return decode("truncated: " + std::to_string(body.size()) +
                  " bytes, shorter than the 8 bytes of its fixed fields");
  CompressedCertificate c;
  c.algorithm = static_cast<CertCompressionAlgorithm>(r.u16());
  c.uncompressed_length = r.u24();
  const uint32_t len = r.u24();
  if (len != r.remaining())
    return decode("compressed_certificate_message length " + std::to_string(len) + " but " +
                  std::to_string(r.remaining()) + " bytes follow");
  // RFC 8879 §4: opaque compressed_certificate_message<1..2^24-1>.
  if (len == 0) return decode("empty compressed_certificate_message");
  c.compressed_certificate_message = r.bytes(len);
  return c;
}

void write_compressed_certificate(const CompressedCertificate& c, ByteWriter& w) {
  auto msg = open_handshake(w, HandshakeType::compressed_certificate);
  w.u16(static_cast<uint16_t>(c.algorithm));
  w.u24(c.uncompressed_length);
  w.vec24(c.compressed_certificate_message);
  close_handshake(w, msg);
}

}  // namespace tlskit
