// Shared helpers for the wire message fuzz targets: round-trip checks that abort on mismatch.
#pragma once
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "base/bytes.h"
#include "codec/byte_writer.h"
#include "wire/wire.h"

namespace tlskit::fuzz {

// Aborts with a message (libFuzzer reports it as a crash).
[[noreturn]] inline void die(const char* what) {
  std::fprintf(stderr, "round-trip mismatch: %s\n", what);
  std::abort();
}

// Wraps a body in a handshake header of type t (for describe()).
inline Bytes with_header(tlskit::HandshakeType t, ByteView body) {
  Bytes out;
  ByteWriter w(out);
  auto p = open_handshake(w, t);
  w.bytes(body);
  close_handshake(w, p);
  return out;
}

// Describes the message under both versions (must not crash).
inline void describe_both(tlskit::HandshakeType t, ByteView body) {
  Bytes msg = with_header(t, body);
  (void)describe_handshake_message(msg, ProtocolVersion::tls1_3);
  (void)describe_handshake_message(msg, ProtocolVersion::tls1_2);
}

// Serializes a parsed message with `write` and checks that the body is byte-identical to the
// input, then that parse() accepts the output again.
template <typename T, typename WriteFn, typename ParseFn>
void check_round_trip(const T& parsed, ByteView body, WriteFn write, ParseFn parse) {
  Bytes out;
  ByteWriter w(out);
  write(parsed, w);
  if (w.failed()) die("writer failed");
  if (out.size() < 4 || out.size() - 4 != body.size() ||
      (body.size() && std::memcmp(out.data() + 4, body.data(), body.size()) != 0))
    die("re-serialized body differs from the input");
  auto again = parse(ByteView(out).subspan(4));
  if (!again) die("re-parse of the serialized message failed");
}

}  // namespace tlskit::fuzz
