// signature_algorithms / signature_algorithms_cert codecs.
#include "wire/ext_signature_algorithms.h"

#include <string>

#include "codec/byte_reader.h"

namespace tlskit {
namespace {

Result<std::vector<SignatureScheme>> parse_scheme_list(ByteView data, Step step, const char* name) {
  auto decode = [&](std::string d) { return wire_decode_error(step, name + (": " + d)); };
  ByteReader r(data);
  if (r.remaining() < 2) return decode("truncated list length");
  uint16_t len = r.u16();
  if (len != r.remaining())
    return decode("list length " + std::to_string(len) + " but " + std::to_string(r.remaining()) +
                  " bytes follow");
  // RFC 8446 §4.2.3: SignatureScheme supported_signature_algorithms<2..2^16-2>.
  if (len == 0) return decode("empty supported_signature_algorithms");
  if (len % 2) return decode("list length " + std::to_string(len) + " is odd");
  std::vector<SignatureScheme> out;
  out.reserve(len / 2);
  while (!r.empty()) {
    uint16_t s = r.u16();
    if (is_grease(s)) continue;  // RFC 8701 §3
    out.push_back(static_cast<SignatureScheme>(s));
  }
  return out;
}

void write_scheme_list(const std::vector<SignatureScheme>& v, ByteWriter& w) {
  auto list = w.open16();
  for (SignatureScheme s : v) w.u16(static_cast<uint16_t>(s));
  w.close(list);
}

}  // namespace

Result<SignatureAlgorithms> parse_signature_algorithms(ByteView data, Step step) {
  TK_ASSIGN(auto schemes, parse_scheme_list(data, step, "signature_algorithms"));
  return SignatureAlgorithms{std::move(schemes)};
}

Result<SignatureAlgorithmsCert> parse_signature_algorithms_cert(ByteView data, Step step) {
  TK_ASSIGN(auto schemes, parse_scheme_list(data, step, "signature_algorithms_cert"));
  return SignatureAlgorithmsCert{std::move(schemes)};
}

void write_signature_algorithms(const SignatureAlgorithms& v, ByteWriter& w) {
  write_scheme_list(v.schemes, w);
}

void write_signature_algorithms_cert(const SignatureAlgorithmsCert& v, ByteWriter& w) {
  write_scheme_list(v.schemes, w);
}

Extension to_extension(const SignatureAlgorithms& v) {
  return make_owned_extension(ExtensionType::signature_algorithms, v, write_signature_algorithms);
}

Extension to_extension(const SignatureAlgorithmsCert& v) {
  return make_owned_extension(ExtensionType::signature_algorithms_cert, v,
                              write_signature_algorithms_cert);
}

}  // namespace tlskit
