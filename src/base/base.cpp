// Implementations for base/: names of steps and error codes (alert names: iana_registry.cpp); bytes helpers; clocks; RNG.
#include <chrono>
#include <cstdio>
#include <cstring>

#include "base/alert.h"
#include "base/bytes.h"
#include "base/clock.h"
#include "base/result.h"
#include "base/rng.h"

namespace tlskit {

const char* party_name(Party p) {
  switch (p) {
    case Party::us: return "us";
    case Party::peer: return "peer";
    case Party::network: return "network";
    case Party::config: return "config";
  }
  return "unknown";
}

const char* step_name(Step s) {
  switch (s) {
    case Step::none: return "none";
    case Step::config: return "config";
    case Step::connect: return "connect";
    case Step::client_hello: return "client_hello";
    case Step::hello_retry_request: return "hello_retry_request";
    case Step::server_hello: return "server_hello";
    case Step::encrypted_extensions: return "encrypted_extensions";
    case Step::certificate_request: return "certificate_request";
    case Step::server_certificate: return "server_certificate";
    case Step::server_certificate_verify: return "server_certificate_verify";
    case Step::server_key_exchange: return "server_key_exchange";
    case Step::server_hello_done: return "server_hello_done";
    case Step::server_finished: return "server_finished";
    case Step::end_of_early_data: return "end_of_early_data";
    case Step::client_certificate: return "client_certificate";
    case Step::client_key_exchange: return "client_key_exchange";
    case Step::client_certificate_verify: return "client_certificate_verify";
    case Step::change_cipher_spec: return "change_cipher_spec";
    case Step::client_finished: return "client_finished";
    case Step::new_session_ticket: return "new_session_ticket";
    case Step::post_handshake: return "post_handshake";
    case Step::application_data: return "application_data";
    case Step::record_layer: return "record_layer";
    case Step::certificate_validation: return "certificate_validation";
    case Step::close: return "close";
  }
  return "unknown";
}

const char* error_code_name(ErrorCode c) {
  switch (c) {
    case ErrorCode::decode_error: return "decode_error";
    case ErrorCode::unexpected_message: return "unexpected_message";
    case ErrorCode::illegal_parameter: return "illegal_parameter";
    case ErrorCode::bad_record_mac: return "bad_record_mac";
    case ErrorCode::record_overflow: return "record_overflow";
    case ErrorCode::protocol_version: return "protocol_version";
    case ErrorCode::no_common_cipher: return "no_common_cipher";
    case ErrorCode::no_common_group: return "no_common_group";
    case ErrorCode::no_common_signature: return "no_common_signature";
    case ErrorCode::no_application_protocol: return "no_application_protocol";
    case ErrorCode::unrecognized_name: return "unrecognized_name";
    case ErrorCode::certificate_required: return "certificate_required";
    case ErrorCode::certificate_invalid: return "certificate_invalid";
    case ErrorCode::bad_signature: return "bad_signature";
    case ErrorCode::bad_finished: return "bad_finished";
    case ErrorCode::missing_extension: return "missing_extension";
    case ErrorCode::unsupported_extension: return "unsupported_extension";
    case ErrorCode::downgrade_detected: return "downgrade_detected";
    case ErrorCode::insufficient_security: return "insufficient_security";
    case ErrorCode::renegotiation_refused: return "renegotiation_refused";
    case ErrorCode::peer_alert: return "peer_alert";
    case ErrorCode::peer_closed: return "peer_closed";
    case ErrorCode::limit_exceeded: return "limit_exceeded";
    case ErrorCode::config_invalid: return "config_invalid";
    case ErrorCode::file_error: return "file_error";
    case ErrorCode::key_mismatch: return "key_mismatch";
    case ErrorCode::io_error: return "io_error";
    case ErrorCode::connection_refused: return "connection_refused";
    case ErrorCode::timeout: return "timeout";
    case ErrorCode::connection_reset: return "connection_reset";
    case ErrorCode::not_tls: return "not_tls";
    case ErrorCode::crypto_failure: return "crypto_failure";
    case ErrorCode::internal_error: return "internal_error";
  }
  return "unknown";
}

std::string Error::to_string() const {
  std::string s = error_code_name(code);
  s += " at ";
  s += step_name(step);
  s += " (";
  s += party_name(party);
  s += "): ";
  s += detail;
  if (alert != Alert::none) {
    s += " [alert ";
    s += alert_name(alert);
    s += "]";
  }
  return s;
}

Error make_error(ErrorCode code, Alert alert, Party party, Step step, std::string detail) {
  Error e;
  e.code = code;
  e.alert = alert;
  e.party = party;
  e.step = step;
  e.detail = std::move(detail);
  return e;
}

void secure_zero(void* p, size_t n) {
  volatile uint8_t* v = static_cast<volatile uint8_t*>(p);
  while (n--) *v++ = 0;
}

bool constant_time_equal(ByteView a, ByteView b) {
  if (a.size() != b.size()) return false;
  uint8_t acc = 0;
  for (size_t i = 0; i < a.size(); ++i) acc |= static_cast<uint8_t>(a[i] ^ b[i]);
  return acc == 0;
}

void SecretBytes::resize(size_t n) {
  if (n <= v_.capacity() && n >= v_.size()) {
    v_.resize(n);
    return;
  }
  std::vector<uint8_t> next(n);
  // (memcpy from an empty vector's null data() is undefined even for 0 bytes.)
  if (!v_.empty() && n > 0) std::memcpy(next.data(), v_.data(), std::min(n, v_.size()));
  wipe();
  v_ = std::move(next);
}

std::string to_hex(ByteView b) {
  static const char* digits = "0123456789abcdef";
  std::string s;
  s.reserve(b.size() * 2);
  for (uint8_t c : b) {
    s.push_back(digits[c >> 4]);
    s.push_back(digits[c & 15]);
  }
  return s;
}

static int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<Bytes> from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0)
    return make_error(ErrorCode::decode_error, Alert::none, Party::config, Step::none,
                      "hex string has an odd number of digits (" + std::to_string(hex.size()) + ")");
  Bytes out(hex.size() / 2);
  for (size_t i = 0; i < out.size(); ++i) {
    int hi = hex_digit(hex[2 * i]), lo = hex_digit(hex[2 * i + 1]);
    if (hi < 0 || lo < 0)
      return make_error(ErrorCode::decode_error, Alert::none, Party::config, Step::none,
                        "invalid hex digit at offset " + std::to_string(hi < 0 ? 2 * i : 2 * i + 1));
    out[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return out;
}

void DeterministicRng::fill(std::span<uint8_t> out) {
  size_t i = 0;
  while (i < out.size()) {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    for (int k = 0; k < 8 && i < out.size(); ++k, ++i) out[i] = static_cast<uint8_t>(z >> (8 * k));
  }
}

int64_t SystemClock::unix_seconds() const {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch()).count();
}

int64_t SystemClock::unix_millis() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch()).count();
}

int64_t SystemClock::monotonic_micros() const {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch()).count();
}

const SystemClock& SystemClock::instance() {
  static const SystemClock clock;
  return clock;
}

}  // namespace tlskit
