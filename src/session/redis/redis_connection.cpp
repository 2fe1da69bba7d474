// RedisConnection over hiredis' blocking API.
#include "session/redis/redis_connection.h"

#include <hiredis.h>

#include <cerrno>
#include <cstring>

#include "session/redis/redis_error.h"
#include "session/redis/sigpipe_guard.h"

namespace tlskit::redis {
namespace {

struct timeval to_timeval(std::chrono::milliseconds ms) {
  struct timeval tv;
  tv.tv_sec = static_cast<time_t>(ms.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000);
  return tv;
}

std::string host_port(const RedisSettings& s) {
  bool v6 = s.host.find(':') != std::string::npos;
  return (v6 ? "[" + s.host + "]" : s.host) + ":" + std::to_string(s.port);
}

// hiredis reports a socket timeout as an I/O error with strerror(EAGAIN).
bool is_timeout_text(const char* text) {
  return std::strstr(text, "timed out") || std::strcmp(text, std::strerror(EAGAIN)) == 0 ||
         std::strcmp(text, std::strerror(EWOULDBLOCK)) == 0;
}

RedisReply copy_reply(const redisReply& r) {
  RedisReply out;
  switch (r.type) {
    case REDIS_REPLY_NIL: out.type = RedisReply::Type::nil; break;
    case REDIS_REPLY_STATUS: out.type = RedisReply::Type::status; break;
    case REDIS_REPLY_ERROR: out.type = RedisReply::Type::error; break;
    case REDIS_REPLY_INTEGER: out.type = RedisReply::Type::integer; break;
    case REDIS_REPLY_STRING: out.type = RedisReply::Type::string; break;
    case REDIS_REPLY_ARRAY: out.type = RedisReply::Type::array; break;
    default:
      out.type = RedisReply::Type::error;
      out.str = "unexpected reply type " + std::to_string(r.type);
      return out;
  }
  if (r.type == REDIS_REPLY_INTEGER) out.integer = r.integer;
  if ((r.type == REDIS_REPLY_STATUS || r.type == REDIS_REPLY_ERROR ||
       r.type == REDIS_REPLY_STRING) && r.str)
    out.str.assign(r.str, r.len);
  if (r.type == REDIS_REPLY_ARRAY) {
    out.elements.reserve(r.elements);
    for (size_t i = 0; i < r.elements; ++i) out.elements.push_back(copy_reply(*r.element[i]));
  }
  return out;
}

}  // namespace

Result<void> check_redis_settings(const RedisSettings& s) {
  if (s.host.empty()) return redis_config_error("redis: no host given");
  if (s.port == 0) return redis_config_error("redis: port 0 is not a port (Redis' default is 6379)");
  if (s.key_prefix.empty())
    return redis_config_error("redis: empty key prefix (the default is \"tlskit:\")");
  if (s.timeout.count() < 1) return redis_config_error("redis: timeout under 1 ms");
  if (s.reconnect_interval.count() < 0) return redis_config_error("redis: negative reconnect interval");
  return ok();
}

RedisConnection::RedisConnection(const RedisSettings& settings)
    : settings_(settings), name_("redis " + host_port(settings)) {}

RedisConnection::~RedisConnection() {
  std::lock_guard<std::mutex> lock(mu_);
  drop_locked();
}

void RedisConnection::drop_locked() {
  if (ctx_) redisFree(ctx_);
  ctx_ = nullptr;
}

Result<void> RedisConnection::connect_locked() {
  const auto now = std::chrono::steady_clock::now();
  if (last_connect_error_ && now < next_attempt_) {
    Error e = *last_connect_error_;
    e.detail += " (next attempt within " + std::to_string(settings_.reconnect_interval.count()) +
                " ms)";
    return e;
  }
  next_attempt_ = now + settings_.reconnect_interval;
  // The name lookup of a host name is not bounded by the timeout; an address is not looked up.
  redisContext* c = redisConnectWithTimeout(settings_.host.c_str(), settings_.port,
                                            to_timeval(settings_.timeout));
  if (!c || c->err) {
    std::string why = c ? c->errstr : "cannot allocate a connection";
    ErrorCode code = ErrorCode::io_error;
    if (why.find("refused") != std::string::npos) code = ErrorCode::connection_refused;
    if (is_timeout_text(why.c_str())) {
      code = ErrorCode::timeout;
      why = "no answer within " + std::to_string(settings_.timeout.count()) + " ms";
    }
    if (c) redisFree(c);
    last_connect_error_ = redis_network_error(code, name_ + ": cannot connect: " + why);
    return *last_connect_error_;
  }
  if (redisSetTimeout(c, to_timeval(settings_.timeout)) != REDIS_OK) {
    std::string why = c->errstr;
    redisFree(c);
    last_connect_error_ =
        redis_network_error(ErrorCode::io_error, name_ + ": cannot set the command timeout: " + why);
    return *last_connect_error_;
  }
  last_connect_error_.reset();
  ctx_ = c;
  return ok();
}

Result<RedisReply> RedisConnection::command(const std::vector<std::string>& args) {
  std::vector<const char*> argv;
  std::vector<size_t> lens;
  argv.reserve(args.size());
  lens.reserve(args.size());
  for (const std::string& a : args) {
    argv.push_back(a.data());
    lens.push_back(a.size());
  }
  std::lock_guard<std::mutex> lock(mu_);
  const bool reused = ctx_ != nullptr;
  if (!ctx_) TK_TRY(connect_locked());
  SigpipeGuard no_sigpipe;
  void* raw = redisCommandArgv(ctx_, static_cast<int>(argv.size()), argv.data(), lens.data());
  if (!raw && reused && ctx_->err == REDIS_ERR_EOF) {
    // A connection kept from before a Redis restart: the server closed it while idle, so the
    // command never ran. Connect again and send it once more (a SET NX that did run answers
    // nil the second time, which fails closed).
    drop_locked();
    TK_TRY(connect_locked());
    raw = redisCommandArgv(ctx_, static_cast<int>(argv.size()), argv.data(), lens.data());
  }
  if (!raw) {
    std::string why = ctx_->errstr;
    ErrorCode code = ErrorCode::io_error;
    if (ctx_->err == REDIS_ERR_EOF) {
      code = ErrorCode::connection_reset;
      why = "the server closed the connection";
    } else if (is_timeout_text(why.c_str())) {
      code = ErrorCode::timeout;
      why = "no reply within " + std::to_string(settings_.timeout.count()) + " ms";
    }
    drop_locked();
    return redis_network_error(code, name_ + ": " + args.front() + ": " + why);
  }
  RedisReply reply = copy_reply(*static_cast<redisReply*>(raw));
  freeReplyObject(raw);
  return reply;
}

}  // namespace tlskit::redis
