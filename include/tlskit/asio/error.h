/// @file
/// tlskit errors as std::error_code, for the asio layer (tlskit::asio::stream).
///
/// An error_code made from a tlskit::Error keeps what a person needs: its message() is the
/// Error's one line, "<code> at <step> (<party>): <detail> [alert <name>]". A std::error_code
/// carries only an int and a category, so the text is kept in a fixed, process-wide table of
/// recent errors (lock-free; kept until kRecentErrors newer errors replaced it, after which
/// message() still names the code and says the detail is gone). The stream also keeps the
/// exact Error (stream::tls_error()).
///
/// Compare with the condition, not with another error_code: `ec == tlskit::ErrorCode::
/// certificate_invalid` is true for every certificate_invalid error, whatever its detail.
/// A clean close_notify from the peer is `asio::error::eof`, as with asio::ssl::stream;
/// transport failures are the next layer's own error codes, passed through unchanged.
#pragma once
#include <cstddef>
#include <optional>
#include <system_error>

#include "tlskit/result.h"

namespace tlskit {

/// Makes `ec == tlskit::ErrorCode::x` work for error codes of tlskit::asio::error_category().
std::error_condition make_error_condition(ErrorCode c) noexcept;

namespace asio {

/// How many recent errors keep their full text for error_code::message().
inline constexpr std::size_t kRecentErrors = 256;
/// The longest message kept (longer ones are cut and end in "...").
inline constexpr std::size_t kMaxErrorText = 1024;

/// The category of tlskit's error codes; name() is "tlskit". Its value packs the ErrorCode
/// (default_error_condition() gives it back) and where the full text is kept.
const std::error_category& error_category() noexcept;

/// An error_code for e whose message() is e.to_string(). Never fails; when the text cannot be
/// kept (another thread is writing the same table slot) message() names the code only.
std::error_code make_error_code(const Error& e);

/// An error_code for the code alone: message() is its name ("certificate_invalid").
std::error_code make_error_code(ErrorCode c) noexcept;

/// The ErrorCode of an error code of error_category(); nullopt for any other category.
std::optional<ErrorCode> tls_error_code(const std::error_code& ec) noexcept;

}  // namespace asio
}  // namespace tlskit

namespace std {
/// tlskit::ErrorCode values are error conditions (`ec == tlskit::ErrorCode::timeout`).
template <>
struct is_error_condition_enum<tlskit::ErrorCode> : true_type {};
}  // namespace std
