/// @file
/// Result<T> and Error: how every fallible tlskit call reports failure (no exceptions).
#pragma once
#include <cstdint>
#include <new>
#include <string>
#include <type_traits>
#include <utility>

#include "tlskit/alert.h"
#include "tlskit/export.h"

namespace tlskit {

/// Who caused a failure.
enum class Party : uint8_t {
  us,       ///< a bug or limit on our side
  peer,     ///< the other end sent something wrong or refused us
  network,  ///< the transport: refused, reset, timed out, closed early
  config,   ///< the user's configuration: files, flags, settings
};

/// Returns "us", "peer", "network" or "config".
TLSKIT_API const char* party_name(Party p);

/// The step of a connection in which a failure happened (handshake messages in protocol order).
enum class Step : uint8_t {
  none,
  config,
  connect,
  client_hello,
  hello_retry_request,
  server_hello,
  encrypted_extensions,
  certificate_request,
  server_certificate,
  server_certificate_verify,
  server_key_exchange,  ///< TLS 1.2
  server_hello_done,    ///< TLS 1.2
  server_finished,
  end_of_early_data,
  client_certificate,
  client_key_exchange,  ///< TLS 1.2
  client_certificate_verify,
  change_cipher_spec,
  client_finished,
  new_session_ticket,
  post_handshake,  ///< after both Finished: KeyUpdate, alerts, tickets
  application_data,
  record_layer,
  certificate_validation,
  close,
};

/// Returns a stable snake_case id for a step ("server_certificate_verify").
TLSKIT_API const char* step_name(Step s);

/// What went wrong, as a category the inspector can diagnose from without parsing text.
enum class ErrorCode : uint16_t {
  decode_error,            ///< a malformed record, message or extension
  unexpected_message,      ///< a message not allowed in the current state
  illegal_parameter,       ///< a well-formed field with a forbidden value
  bad_record_mac,          ///< a record failed AEAD authentication
  record_overflow,         ///< a record or plaintext over the size limit
  protocol_version,        ///< no TLS version both sides accept
  no_common_cipher,        ///< no cipher suite both sides accept
  no_common_group,         ///< no key exchange group both sides accept
  no_common_signature,     ///< no signature scheme both sides accept / the key can do
  no_application_protocol, ///< ALPN: no protocol in common
  unrecognized_name,       ///< SNI: no certificate for the requested name
  certificate_required,    ///< the server required a client certificate and got none
  certificate_invalid,     ///< chain or host name validation failed (see verify_code)
  bad_signature,           ///< CertificateVerify or ServerKeyExchange signature did not verify
  bad_finished,            ///< Finished verify_data mismatch
  missing_extension,       ///< a required extension is absent
  unsupported_extension,   ///< an extension not allowed in this message
  downgrade_detected,      ///< RFC 8446 §4.1.3 sentinel seen
  insufficient_security,   ///< e.g. EMS missing in TLS 1.2
  renegotiation_refused,   ///< TLS 1.2 renegotiation attempt
  peer_alert,              ///< the peer sent a fatal alert (Error::alert says which)
  peer_closed,             ///< close_notify or EOF where more was expected
  limit_exceeded,          ///< a named bound (message size, key updates, ...) was hit
  config_invalid,          ///< bad configuration value
  file_error,              ///< a file could not be read or parsed
  key_mismatch,            ///< a private key does not match its certificate
  io_error,                ///< other transport failure
  connection_refused,
  timeout,
  connection_reset,
  not_tls,                 ///< the peer does not speak TLS (e.g. plain HTTP)
  crypto_failure,          ///< the crypto provider failed unexpectedly
  internal_error,          ///< a bug: a state that should be impossible
};

/// Returns a stable snake_case id for an error code ("no_common_cipher").
TLSKIT_API const char* error_code_name(ErrorCode c);

/// A failure a person can act on: what, which alert, who, where, and a specific detail.
struct TLSKIT_API Error {
  /// What went wrong, as a category a program can act on.
  ErrorCode code = ErrorCode::internal_error;
  Alert alert = Alert::none;  ///< alert to send (or that was received, for peer_alert)
  /// Who caused the failure.
  Party party = Party::us;
  /// The step of the connection in which it happened.
  Step step = Step::none;
  std::string detail;   ///< e.g. "server offered only TLS_RSA_WITH_AES_128_CBC_SHA; we allow no CBC suites"
  int verify_code = 0;  ///< OpenSSL-compatible X.509 verify code when code == certificate_invalid
  /// Chain position of the certificate at fault (0 = leaf), with verify_code.
  int verify_depth = -1;

  /// Returns one line: "<code> at <step> (<party>): <detail> [alert <name>]".
  std::string to_string() const;
};

/// Builds an Error; the usual way to fail: return make_error(ErrorCode::..., Alert::..., ...).
TLSKIT_API Error make_error(ErrorCode code, Alert alert, Party party, Step step, std::string detail);

/// The value of a successful call, or the Error of a failed one.
template <typename T>
class [[nodiscard]] Result {
 public:
  /// A success holding a copy of v.
  Result(const T& v) : ok_(true) { new (&v_) T(v); }
  /// A success holding v.
  Result(T&& v) : ok_(true) { new (&v_) T(std::move(v)); }
  /// A success holding a T made from u (e.g. a derived pointer).
  template <typename U, typename = std::enable_if_t<std::is_constructible_v<T, U&&> &&
                                                    !std::is_same_v<std::decay_t<U>, Error> &&
                                                    !std::is_same_v<std::decay_t<U>, Result>>>
  Result(U&& u) : ok_(true) {
    new (&v_) T(std::forward<U>(u));
  }
  /// A failure.
  Result(Error e) : ok_(false) { new (&e_) Error(std::move(e)); }
  /// Copies the value or the error.
  Result(const Result& o) : ok_(o.ok_) {
    if (ok_) new (&v_) T(o.v_); else new (&e_) Error(o.e_);
  }
  /// Moves the value or the error.
  Result(Result&& o) noexcept : ok_(o.ok_) {
    if (ok_) new (&v_) T(std::move(o.v_)); else new (&e_) Error(std::move(o.e_));
  }
  /// Replaces the value or the error.
  Result& operator=(Result o) {
    destroy();
    ok_ = o.ok_;
    if (ok_) new (&v_) T(std::move(o.v_)); else new (&e_) Error(std::move(o.e_));
    return *this;
  }
  /// Destroys the value or the error.
  ~Result() { destroy(); }

  /// True on success.
  bool ok() const { return ok_; }
  /// True on success.
  explicit operator bool() const { return ok_; }
  /// The value; only valid when ok().
  T& value() & { return v_; }
  /// The value; only valid when ok().
  const T& value() const& { return v_; }
  /// Moves the value out; only valid when ok().
  T&& value() && { return std::move(v_); }
  /// The value; only valid when ok().
  T& operator*() & { return v_; }
  /// The value; only valid when ok().
  const T& operator*() const& { return v_; }
  /// Moves the value out; only valid when ok().
  T&& operator*() && { return std::move(v_); }
  /// Member access to the value; only valid when ok().
  T* operator->() { return &v_; }
  /// Member access to the value; only valid when ok().
  const T* operator->() const { return &v_; }
  /// The error; only valid when !ok().
  const Error& error() const& { return e_; }
  /// Moves the error out; only valid when !ok().
  Error&& error() && { return std::move(e_); }

 private:
  void destroy() {
    if (ok_) v_.~T(); else e_.~Error();
  }
  bool ok_;
  union {
    T v_;
    Error e_;
  };
};

/// Result of an operation that returns nothing on success.
template <>
class [[nodiscard]] Result<void> {
 public:
  /// A success.
  Result() = default;
  /// A failure.
  Result(Error e) : has_error_(true), e_(std::move(e)) {}
  /// True on success.
  bool ok() const { return !has_error_; }
  /// True on success.
  explicit operator bool() const { return !has_error_; }
  /// The error; only valid when !ok().
  const Error& error() const& { return e_; }
  /// Moves the error out; only valid when !ok().
  Error&& error() && { return std::move(e_); }

 private:
  bool has_error_ = false;
  Error e_;
};

/// Shorthand for a successful Result<void>.
inline Result<void> ok() { return {}; }

}  // namespace tlskit
