// compress_certificate codec (RFC 8879 §3).
#include "wire/ext_compress_certificate.h"

#include <algorithm>
#include <string>

namespace tlskit {

bool CompressCertificate::contains(CertCompressionAlgorithm a) const {
  return std::find(algorithms.begin(), algorithms.end(), a) != algorithms.end();
}

Result<CompressCertificate> parse_compress_certificate(ByteView data, Step step) {
  if (data.empty()) return wire_decode_error(step, "compress_certificate: empty extension_data");
  const size_t len = data[0];
  if (len != data.size() - 1)
    return wire_decode_error(step, "compress_certificate: length " + std::to_string(len) +
                                       " but " + std::to_string(data.size() - 1) +
                                       " bytes follow");
  // RFC 8879 §3: CertificateCompressionAlgorithm algorithms<2..2^8-2>.
  if (len == 0) return wire_decode_error(step, "compress_certificate: empty algorithm list");
  if (len % 2 != 0)
    return wire_decode_error(step, "compress_certificate: odd list length " + std::to_string(len));
  CompressCertificate out;
  for (size_t i = 1; i + 1 < data.size(); i += 2)
    out.algorithms.push_back(static_cast<CertCompressionAlgorithm>(data[i] << 8 | data[i + 1]));
  return out;
}

void write_compress_certificate(const CompressCertificate& v, ByteWriter& w) {
  auto list = w.open8();
  for (auto a : v.algorithms) w.u16(static_cast<uint16_t>(a));
  w.close(list);
}

Extension to_extension(const CompressCertificate& v) {
  return make_owned_extension(ExtensionType::compress_certificate, v, write_compress_certificate);
}

}  // namespace tlskit
