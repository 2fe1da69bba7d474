// A Redis reply as a plain value (copied out of hiredis, which stays out of the headers).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace tlskit::redis {

// One reply of the Redis protocol (RESP2 types).
struct RedisReply {
  enum class Type { nil, status, error, integer, string, array };
  Type type = Type::nil;
  std::string str;                  // status, error and string replies (binary-safe)
  int64_t integer = 0;              // integer replies
  std::vector<RedisReply> elements; // array replies

  bool is_nil() const { return type == Type::nil; }
  bool is_error() const { return type == Type::error; }
  // True for a status reply with this text ("OK").
  bool is_status(const char* text) const { return type == Type::status && str == text; }
  // A short description for error details: "nil", "error 'READONLY ...'", "integer 3", ...
  std::string describe() const;
};

}  // namespace tlskit::redis
