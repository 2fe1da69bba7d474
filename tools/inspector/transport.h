// The blocking byte streams the tool's handshakes run over: the inspector's connection, its
// follow-up probes, the probe engine's crafted hellos and the exporter's probes.
#pragma once
#include <utility>

#include "base/bytes.h"
#include "base/result.h"
#include "io/tcp.h"

namespace tlskit::tools {

// A blocking byte stream to the peer; TCP in the tool, in memory in tests.
class Transport {
 public:
  virtual ~Transport() = default;
  // Reads up to out.size() bytes within timeout_ms; 0 = the peer closed (EOF). Errors carry
  // ErrorCode::timeout / connection_reset / io_error.
  virtual Result<size_t> read(MutableByteView out, int timeout_ms) = 0;
  // Writes all of data within timeout_ms.
  virtual Result<void> write(ByteView data, int timeout_ms) = 0;
};

// Transport over a connected io::TcpStream (not owned).
class TcpTransport final : public Transport {
 public:
  explicit TcpTransport(io::TcpStream& s) : s_(s) {}
  Result<size_t> read(MutableByteView out, int timeout_ms) override { return s_.read(out, timeout_ms); }
  Result<void> write(ByteView data, int timeout_ms) override { return s_.write_all(data, timeout_ms); }

 private:
  io::TcpStream& s_;
};

// Transport that owns its connected io::TcpStream (follow-up probes, the exporter's probes).
class OwnedTcpTransport final : public Transport {
 public:
  explicit OwnedTcpTransport(io::TcpStream s) : s_(std::move(s)) {}
  Result<size_t> read(MutableByteView out, int timeout_ms) override { return s_.read(out, timeout_ms); }
  Result<void> write(ByteView data, int timeout_ms) override { return s_.write_all(data, timeout_ms); }

 private:
  io::TcpStream s_;
};

}  // namespace tlskit::tools
