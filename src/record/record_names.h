// Short names of content types for record-layer error details (kept here so the record layer
// does not depend on the wire module's name tables).
#pragma once
#include <cstdint>
#include <string>

#include "wire/types.h"

namespace tlskit::record {

// "change_cipher_spec", "alert", "handshake", "application_data", or "content type N".
inline std::string content_type_text(ContentType t) {
  switch (t) {
    case ContentType::change_cipher_spec:
      return "change_cipher_spec";
    case ContentType::alert:
      return "alert";
    case ContentType::handshake:
      return "handshake";
    case ContentType::application_data:
      return "application_data";
    default:
      return "content type " + std::to_string(static_cast<unsigned>(t));
  }
}

}  // namespace tlskit::record
