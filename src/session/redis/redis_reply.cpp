// RedisReply::describe.
#include "session/redis/redis_reply.h"

namespace tlskit::redis {

std::string RedisReply::describe() const {
  switch (type) {
    case Type::nil: return "nil";
    case Type::status: return "status '" + str + "'";
    case Type::error: return "error '" + str + "'";
    case Type::integer: return "integer " + std::to_string(integer);
    case Type::string: return "a " + std::to_string(str.size()) + "-byte string";
    case Type::array: return "an array of " + std::to_string(elements.size());
  }
  return "an unknown reply";
}

}  // namespace tlskit::redis
