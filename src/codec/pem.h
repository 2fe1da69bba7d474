// PEM (RFC 7468) decoding and encoding, and base64.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"

namespace tlskit {

// One "-----BEGIN LABEL-----" block, decoded.
struct PemBlock {
  std::string label;  // e.g. "CERTIFICATE", "PRIVATE KEY", "EC PRIVATE KEY"
  Bytes der;
};

// Decodes every PEM block in text, in order; text between blocks is ignored. Fails with
// decode_error on a block without END, mismatched labels or bad base64 (detail names the
// block number and line). An input with no block at all returns an empty vector.
Result<std::vector<PemBlock>> pem_decode_all(std::string_view text);

// Encodes der as a PEM block with 64-character lines.
std::string pem_encode(std::string_view label, ByteView der);

// Standard base64 (RFC 4648 §4) with padding; decoding ignores whitespace.
std::string base64_encode(ByteView data);
Result<Bytes> base64_decode(std::string_view text);

}  // namespace tlskit
