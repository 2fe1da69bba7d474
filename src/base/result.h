// Result<T> and Error (public: tlskit/result.h) plus the internal shorthands TK_TRY and
// TK_ASSIGN, which stay out of the public headers.
#pragma once
#include <utility>

#include "tlskit/result.h"

#define TK_CONCAT_INNER(a, b) a##b
#define TK_CONCAT(a, b) TK_CONCAT_INNER(a, b)

// Evaluates a Result-returning expression and returns its Error from the enclosing function.
#define TK_TRY(expr)                                   \
  do {                                                 \
    auto&& tk_try_result_ = (expr);                    \
    if (!tk_try_result_) return std::move(tk_try_result_).error(); \
  } while (0)

// Declares/assigns `lhs` from a Result-returning expression or returns its Error.
#define TK_ASSIGN(lhs, expr) TK_ASSIGN_IMPL(TK_CONCAT(tk_assign_result_, __LINE__), lhs, expr)
#define TK_ASSIGN_IMPL(tmp, lhs, expr)          \
  auto tmp = (expr);                            \
  if (!tmp) return std::move(tmp).error();      \
  lhs = std::move(*tmp)
