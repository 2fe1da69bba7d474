// Renderers of a Report: s_client-style text, the ladder diagram and the JSON document.
// Pure functions of the report (no clock, no I/O), so golden tests compare them byte for byte.
#pragma once
#include <string>

#include "inspector/report.h"

namespace tlskit::tools {

// What the text output shows.
struct TextOptions {
  bool s_client_style = false;  // `tlskit s_client`: CONNECTED(...) wording, leaf PEM, Compression
  bool show_certs = false;      // PEM of every certificate the server sent (-showcerts)
  bool msg = false;             // every handshake message decoded (--msg)
  bool trace = false;           // --msg plus the bytes of each message in hex (--trace)
  bool brief = false;           // the short -brief summary instead of the full report
  bool timing = true;           // the Timing section
  bool diagnosis = true;        // the probes and the Diagnosis section
  bool status = false;          // the OCSP section (--status)
  bool state = false;           // SSL_connect: lines per message (-state, inspector/state_lines.h)
  bool tlsextdebug = false;     // one line per hello extension (-tlsextdebug)
};

// The full text report: s_client's sections in s_client's words, then timing, probes and the
// diagnosis. Ends with a newline.
std::string render_text(const Report& report, const TextOptions& options);

// One recorded message, decoded, as --msg prints it (hex too when with_hex). Lines are prefixed
// with ">>> " (sent) or "<<< " (received) on the first line and 4 spaces after.
std::string render_message(const Report& report, const RecordedEvent& ev, bool with_hex);

// The handshake as an ASCII sequence diagram: client on the left, server on the right, one
// arrow per message with its size and time, flights separated. Ends with a newline.
std::string render_ladder(const Report& report);

// The JSON document (docs/json-schema.md), pretty-printed with 2-space indentation, ending with
// a newline. with_pem: include each certificate's PEM.
std::string render_json(const Report& report, bool with_pem);

// Message display name: "ClientHello", "HelloRetryRequest", "ChangeCipherSpec", "Alert", ...
std::string event_display_name(const RecordedEvent& ev);

// "Server Temp Key" text for a group: "X25519, 253 bits", "ECDH, prime256v1, 256 bits".
std::string temp_key_text(NamedGroup g);

// OpenSSL's names for a signature scheme: the digest ("SHA256", or "" for EdDSA) and the type
// ("ECDSA", "RSA-PSS", "RSA", "Ed25519").
std::string signature_digest_name(SignatureScheme s);
std::string signature_type_name(SignatureScheme s);

}  // namespace tlskit::tools
