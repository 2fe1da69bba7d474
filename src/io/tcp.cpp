// Blocking TCP stream and listener over non-blocking sockets and poll(2), with timeouts.
#include "io/tcp.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

namespace tlskit::io {
namespace {

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

int clamp_timeout(int timeout_ms) {
  if (timeout_ms < 0) return -1;
  return timeout_ms > kMaxTimeoutMs ? kMaxTimeoutMs : timeout_ms;
}

// Maps an errno from a socket call to our error codes.
ErrorCode code_for_errno(int err) {
  switch (err) {
    case ECONNREFUSED: return ErrorCode::connection_refused;
    case ETIMEDOUT: return ErrorCode::timeout;
    case ECONNRESET:
    case EPIPE:
    case ECONNABORTED: return ErrorCode::connection_reset;
    default: return ErrorCode::io_error;
  }
}

Error net_error(ErrorCode code, Step step, std::string detail) {
  return make_error(code, Alert::none, Party::network, step, std::move(detail));
}

Error errno_error(int err, Step step, const std::string& what) {
  return net_error(code_for_errno(err), step, what + ": " + std::strerror(err));
}

std::string format_address(const sockaddr* sa) {
  char buf[INET6_ADDRSTRLEN] = {0};
  if (sa->sa_family == AF_INET) {
    auto* in = reinterpret_cast<const sockaddr_in*>(sa);
    inet_ntop(AF_INET, &in->sin_addr, buf, sizeof buf);
    return std::string(buf) + ":" + std::to_string(ntohs(in->sin_port));
  }
  if (sa->sa_family == AF_INET6) {
    auto* in6 = reinterpret_cast<const sockaddr_in6*>(sa);
    inet_ntop(AF_INET6, &in6->sin6_addr, buf, sizeof buf);
    return "[" + std::string(buf) + "]:" + std::to_string(ntohs(in6->sin6_port));
  }
  return {};
}

bool set_nonblocking(int fd) {
  int flags = fcntl(fd, F_GETFL, 0);
  return flags >= 0 && fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0;
}

// poll() on one fd, retrying on EINTR until the deadline. Returns revents (0 on timeout), or
// -1 with errno set.
int poll_one(int fd, short events, int timeout_ms) {
  int64_t deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
  for (;;) {
    pollfd p{fd, events, 0};
    int wait = -1;
    if (deadline >= 0) {
      int64_t left = deadline - now_ms();
      wait = left < 0 ? 0 : static_cast<int>(left);
    }
    int r = ::poll(&p, 1, wait);
    if (r > 0) return p.revents;
    if (r == 0) return 0;
    if (errno != EINTR) return -1;
  }
}

}  // namespace

Result<HostPort> parse_host_port(std::string_view text, uint16_t default_port) {
  auto bad = [&](const std::string& why) -> Error {
    return make_error(ErrorCode::config_invalid, Alert::none, Party::config, Step::config,
                      "'" + std::string(text) + "' is not HOST:PORT: " + why);
  };
  HostPort hp;
  std::string_view port_text;
  if (!text.empty() && text.front() == '[') {
    size_t close = text.find(']');
    if (close == std::string_view::npos) return bad("missing ']' after an IPv6 address");
    hp.host = std::string(text.substr(1, close - 1));
    std::string_view rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return bad("expected ':' after ']'");
      port_text = rest.substr(1);
    }
  } else {
    size_t colon = text.rfind(':');
    if (colon != std::string_view::npos && text.find(':') != colon) {
      // Several colons without brackets: a bare IPv6 address without a port.
      hp.host = std::string(text);
    } else if (colon != std::string_view::npos) {
      hp.host = std::string(text.substr(0, colon));
      port_text = text.substr(colon + 1);
    } else {
      hp.host = std::string(text);
    }
  }
  if (hp.host.empty()) return bad("the host is empty");
  if (port_text.empty()) {
    if (default_port == 0) return bad("the port is missing");
    hp.port = default_port;
    return hp;
  }
  if (port_text.size() > 5) return bad("the port is out of range");
  unsigned long port = 0;
  for (char c : port_text) {
    if (c < '0' || c > '9') return bad("the port is not a number");
    port = port * 10 + static_cast<unsigned long>(c - '0');
  }
  if (port == 0 || port > 65535) return bad("the port must be 1..65535");
  hp.port = static_cast<uint16_t>(port);
  return hp;
}

bool is_ip_literal(std::string_view host) {
  std::string h(host);
  unsigned char buf[sizeof(in6_addr)];
  return inet_pton(AF_INET, h.c_str(), buf) == 1 || inet_pton(AF_INET6, h.c_str(), buf) == 1;
}

TcpStream& TcpStream::operator=(TcpStream&& o) noexcept {
  if (this != &o) {
    close();
    fd_ = o.fd_;
    peer_ = std::move(o.peer_);
    o.fd_ = -1;
  }
  return *this;
}

Result<TcpStream> TcpStream::connect(const std::string& host, uint16_t port, int timeout_ms) {
  timeout_ms = clamp_timeout(timeout_ms);
  int64_t deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_protocol = IPPROTO_TCP;
  addrinfo* res = nullptr;
  std::string port_text = std::to_string(port);
  int gai = ::getaddrinfo(host.c_str(), port_text.c_str(), &hints, &res);
  if (gai != 0) {
    return net_error(ErrorCode::io_error, Step::connect,
                     "cannot resolve host '" + host + "': " + gai_strerror(gai));
  }
  Error last = net_error(ErrorCode::io_error, Step::connect, "no address for '" + host + "'");
  for (addrinfo* ai = res; ai != nullptr; ai = ai->ai_next) {
    std::string addr = format_address(ai->ai_addr);
    int fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) {
      last = errno_error(errno, Step::connect, "socket() for " + addr);
      continue;
    }
    if (!set_nonblocking(fd)) {
      last = errno_error(errno, Step::connect, "fcntl() for " + addr);
      ::close(fd);
      continue;
    }
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    int r = ::connect(fd, ai->ai_addr, ai->ai_addrlen);
    if (r != 0 && errno != EINPROGRESS) {
      last = errno_error(errno, Step::connect, "connect to " + addr);
      ::close(fd);
      continue;
    }
    if (r != 0) {
      int wait = -1;
      if (deadline >= 0) {
        int64_t left = deadline - now_ms();
        wait = left < 0 ? 0 : static_cast<int>(left);
      }
      int ev = poll_one(fd, POLLOUT, wait);
      if (ev < 0) {
        last = errno_error(errno, Step::connect, "poll() while connecting to " + addr);
        ::close(fd);
        continue;
      }
      if (ev == 0) {
        last = net_error(ErrorCode::timeout, Step::connect,
                         "no answer from " + addr + " within " + std::to_string(timeout_ms) +
                             " ms (a firewall dropping packets, or the host is down)");
        ::close(fd);
        if (deadline >= 0 && now_ms() >= deadline) break;
        continue;
      }
      int err = 0;
      socklen_t len = sizeof err;
      ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
      if (err != 0) {
        if (err == ECONNREFUSED) {
          last = net_error(ErrorCode::connection_refused, Step::connect,
                           "connection to " + addr + " refused: nothing is listening on port " +
                               port_text);
        } else {
          last = errno_error(err, Step::connect, "connect to " + addr);
        }
        ::close(fd);
        continue;
      }
    }
    ::freeaddrinfo(res);
    TcpStream s(fd);
    s.peer_ = addr;
    return s;
  }
  ::freeaddrinfo(res);
  return last;
}

Result<size_t> TcpStream::read(MutableByteView out, int timeout_ms) {
  if (fd_ < 0) return net_error(ErrorCode::io_error, Step::none, "read on a closed socket");
  timeout_ms = clamp_timeout(timeout_ms);
  for (;;) {
    ssize_t n = ::recv(fd_, out.data(), out.size(), 0);
    if (n >= 0) return static_cast<size_t>(n);
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) {
      return errno_error(errno, Step::none, "read from " + peer_);
    }
    int ev = poll_one(fd_, POLLIN, timeout_ms);
    if (ev < 0) return errno_error(errno, Step::none, "poll() on " + peer_);
    if (ev == 0) {
      return net_error(ErrorCode::timeout, Step::none,
                       "no data from " + peer_ + " within " + std::to_string(timeout_ms) + " ms");
    }
    // Readable, hung up or in error: recv() tells which.
  }
}

Result<void> TcpStream::write_all(ByteView data, int timeout_ms) {
  if (fd_ < 0) return net_error(ErrorCode::io_error, Step::none, "write on a closed socket");
  timeout_ms = clamp_timeout(timeout_ms);
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::send(fd_, data.data() + off, data.size() - off, MSG_NOSIGNAL);
    if (n > 0) {
      off += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
      if (errno == EPIPE || errno == ECONNRESET) {
        return net_error(ErrorCode::connection_reset, Step::none,
                         "the connection to " + peer_ + " was closed by the peer while writing (" +
                             std::strerror(errno) + ")");
      }
      return errno_error(errno, Step::none, "write to " + peer_);
    }
    int ev = poll_one(fd_, POLLOUT, timeout_ms);
    if (ev < 0) return errno_error(errno, Step::none, "poll() on " + peer_);
    if (ev == 0) {
      return net_error(ErrorCode::timeout, Step::none,
                       "the peer " + peer_ + " accepted no data within " +
                           std::to_string(timeout_ms) + " ms");
    }
  }
  return ok();
}

Result<bool> TcpStream::wait_readable(int timeout_ms) {
  if (fd_ < 0) return net_error(ErrorCode::io_error, Step::none, "poll on a closed socket");
  int ev = poll_one(fd_, POLLIN, clamp_timeout(timeout_ms));
  if (ev < 0) return errno_error(errno, Step::none, "poll() on " + peer_);
  return ev != 0;
}

void TcpStream::shutdown_write() {
  if (fd_ >= 0) ::shutdown(fd_, SHUT_WR);
}

void TcpStream::close() {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

TcpListener& TcpListener::operator=(TcpListener&& o) noexcept {
  if (this != &o) {
    close();
    fd_ = o.fd_;
    port_ = o.port_;
    o.fd_ = -1;
  }
  return *this;
}

Result<TcpListener> TcpListener::listen(const std::string& address, uint16_t port, int backlog) {
  sockaddr_storage ss{};
  socklen_t len = 0;
  auto* in4 = reinterpret_cast<sockaddr_in*>(&ss);
  auto* in6 = reinterpret_cast<sockaddr_in6*>(&ss);
  if (inet_pton(AF_INET, address.c_str(), &in4->sin_addr) == 1) {
    in4->sin_family = AF_INET;
    in4->sin_port = htons(port);
    len = sizeof(sockaddr_in);
  } else if (inet_pton(AF_INET6, address.c_str(), &in6->sin6_addr) == 1) {
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons(port);
    len = sizeof(sockaddr_in6);
  } else {
    return make_error(ErrorCode::config_invalid, Alert::none, Party::config, Step::config,
                      "'" + address + "' is not a numeric IP address to listen on");
  }
  int fd = ::socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return errno_error(errno, Step::connect, "socket()");
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  std::string where = address + ":" + std::to_string(port);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&ss), len) != 0) {
    int err = errno;
    ::close(fd);
    return net_error(ErrorCode::io_error, Step::connect,
                     "cannot listen on " + where + ": " + std::strerror(err));
  }
  if (::listen(fd, backlog) != 0 || !set_nonblocking(fd)) {
    int err = errno;
    ::close(fd);
    return net_error(ErrorCode::io_error, Step::connect,
                     "cannot listen on " + where + ": " + std::strerror(err));
  }
  sockaddr_storage bound{};
  socklen_t blen = sizeof bound;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &blen);
  TcpListener l;
  l.fd_ = fd;
  l.port_ = bound.ss_family == AF_INET6
                ? ntohs(reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port)
                : ntohs(reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  return l;
}

Result<std::optional<TcpStream>> TcpListener::accept(int timeout_ms) {
  if (fd_ < 0) return net_error(ErrorCode::io_error, Step::connect, "accept on a closed listener");
  pollfd p{fd_, POLLIN, 0};
  int r = ::poll(&p, 1, clamp_timeout(timeout_ms));
  if (r == 0) return std::optional<TcpStream>{};
  if (r < 0) {
    if (errno == EINTR) return std::optional<TcpStream>{};
    return errno_error(errno, Step::connect, "poll() on the listener");
  }
  sockaddr_storage peer{};
  socklen_t plen = sizeof peer;
  int fd = ::accept4(fd_, reinterpret_cast<sockaddr*>(&peer), &plen, SOCK_CLOEXEC | SOCK_NONBLOCK);
  if (fd < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR || errno == ECONNABORTED)
      return std::optional<TcpStream>{};
    return errno_error(errno, Step::connect, "accept()");
  }
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  TcpStream s(fd);
  s.set_peer_address(format_address(reinterpret_cast<sockaddr*>(&peer)));
  return std::optional<TcpStream>(std::move(s));
}

void TcpListener::close() {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

}  // namespace tlskit::io
