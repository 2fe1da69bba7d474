// --psk IDENTITY:HEXKEY[:sha384], shared by `tlskit client` and `tlskit server`: an external
// TLS 1.3 PSK (RFC 8446 §4.2.11), the form OpenSSL's -psk_identity / -psk take.
#pragma once
#include <string>

#include "tlskit/config.h"
#include "tlskit/result.h"

namespace tlskit::tools {

// Parses the flag's value. config_invalid (Party::config) with what is wrong: no ':', an empty
// identity, a key that is not an even number of hex digits, an unknown hash suffix.
Result<ExternalPsk> parse_psk_flag(const std::string& value);

}  // namespace tlskit::tools
