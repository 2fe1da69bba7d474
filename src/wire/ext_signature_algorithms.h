// signature_algorithms and signature_algorithms_cert (RFC 8446 §4.2.3; RFC 5246 §7.4.1.4.1).
#pragma once
#include <vector>

#include "base/result.h"
#include "codec/byte_writer.h"
#include "wire/extensions.h"
#include "base/iana_registry.h"

namespace tlskit {

// signature_algorithms: SignatureScheme supported_signature_algorithms<2..2^16-2>.
struct SignatureAlgorithms {
  std::vector<SignatureScheme> schemes;  // GREASE values dropped on parse

  bool operator==(const SignatureAlgorithms&) const = default;
};

// signature_algorithms_cert: same wire form, different meaning (schemes for certificates).
struct SignatureAlgorithmsCert {
  std::vector<SignatureScheme> schemes;

  bool operator==(const SignatureAlgorithmsCert&) const = default;
};

// Parses the extension_data of either extension: an empty or odd-length list, bad lengths,
// trailing bytes -> decode_error. GREASE ignored; unknown values kept.
Result<SignatureAlgorithms> parse_signature_algorithms(ByteView data,
                                                       Step step = Step::client_hello);
Result<SignatureAlgorithmsCert> parse_signature_algorithms_cert(ByteView data,
                                                                Step step = Step::client_hello);

// Writes the extension_data.
void write_signature_algorithms(const SignatureAlgorithms& v, ByteWriter& w);
void write_signature_algorithms_cert(const SignatureAlgorithmsCert& v, ByteWriter& w);

// Builds the extensions.
Extension to_extension(const SignatureAlgorithms& v);
Extension to_extension(const SignatureAlgorithmsCert& v);

}  // namespace tlskit
