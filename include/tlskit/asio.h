/// @file
/// The asio layer of tlskit (library tlskit_asio, CMake target tlskit::asio): TLS streams for
/// programs built on standalone asio (`#include <asio.hpp>`, Debian: libasio-dev).
///
///   tlskit::asio::stream<asio::ip::tcp::socket> s(io, config, tlskit::asio::stream_base::client);
///
/// See tlskit/asio/stream.h (the stream, its threading rule) and tlskit/asio/error.h (errors as
/// std::error_code); docs/asio.md has client and server examples.
#pragma once

#include "tlskit/asio/error.h"
#include "tlskit/asio/server.h"
#include "tlskit/asio/session_handler.h"
#include "tlskit/asio/stream.h"
#include "tlskit/asio/stream_base.h"
#include "tlskit/tlskit.h"
