// parse_redis_url: "redis://HOST:PORT" and nothing else, with errors that say what to write.
#include <algorithm>
#include <cctype>
#include <string>

#include "session/redis/redis_error.h"
#include "tlskit/redis.h"

namespace tlskit {
namespace {

constexpr std::string_view kForm = "redis://HOST:PORT";

Error url_error(std::string_view url, std::string why) {
  return redis::redis_config_error("redis URL '" + std::string(url) + "': " + std::move(why));
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// 1..65535 from decimal digits only; 0 when not a port.
uint16_t parse_port(std::string_view s) {
  if (s.empty() || s.size() > 5) return 0;
  uint32_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return 0;
    v = v * 10 + static_cast<uint32_t>(c - '0');
  }
  return v <= 65535 ? static_cast<uint16_t>(v) : 0;
}

}  // namespace

Result<RedisSettings> parse_redis_url(std::string_view url) {
  const size_t sep = url.find("://");
  if (sep == std::string_view::npos)
    return url_error(url, "expected " + std::string(kForm) + " (e.g. redis://127.0.0.1:6379)");
  const std::string scheme = lower(url.substr(0, sep));
  if (scheme == "rediss")
    return url_error(url, "TLS to Redis (rediss://) is not supported; use redis:// on a trusted "
                          "network, or a local TLS tunnel (e.g. stunnel) to reach Redis");
  if (scheme == "unix")
    return url_error(url, "Unix socket paths are not supported; use " + std::string(kForm));
  if (scheme != "redis")
    return url_error(url, "unsupported scheme '" + scheme + "'; expected " + std::string(kForm));

  std::string_view rest = url.substr(sep + 3);
  const size_t end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  if (end != std::string_view::npos) {
    std::string_view tail = rest.substr(end);
    if (tail[0] == '?') return url_error(url, "query parameters are not supported");
    if (tail[0] == '#') return url_error(url, "a fragment ('#...') is not part of a redis URL");
    if (tail != "/")
      return url_error(url, "database numbers and paths are not supported (tlskit uses database "
                            "0; separate fleets with a key prefix)");
  }
  if (authority.find('@') != std::string_view::npos)
    return url_error(url, "user names and passwords are not supported; give " +
                              std::string(kForm) + " of a Redis that needs no AUTH");

  RedisSettings settings;
  std::string_view host, port;
  if (!authority.empty() && authority[0] == '[') {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return url_error(url, "'[' without ']' around an IPv6 address");
    host = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (after.empty() || after[0] != ':')
      return url_error(url, "no port after the IPv6 address (Redis' default is 6379): "
                            "redis://[ADDRESS]:PORT");
    port = after.substr(1);
  } else {
    const size_t colon = authority.find(':');
    if (colon == std::string_view::npos)
      return url_error(url, "no port (Redis' default is 6379): " + std::string(kForm));
    if (authority.find(':', colon + 1) != std::string_view::npos)
      return url_error(url, "an IPv6 address needs brackets: redis://[::1]:6379");
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty()) return url_error(url, "no host: " + std::string(kForm));
  if (port.empty()) return url_error(url, "no port after ':' (Redis' default is 6379)");
  settings.port = parse_port(port);
  if (settings.port == 0)
    return url_error(url, "port '" + std::string(port) + "' is not a number from 1 to 65535");
  settings.host = std::string(host);
  return settings;
}

}  // namespace tlskit
