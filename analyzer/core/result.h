// The one error type across module boundaries: a function that can fail returns Result<T>, a value
// or an Error (what kind of failure, where in the input when known, and what was expected).
// std::expected would do, but the clang-14 build's standard library does not provide it.
#pragma once

#include <string>
#include <utility>
#include <variant>

#include "analyzer/core/diagnostic.h"

namespace tarsier {

enum class ErrorKind {
  invalid,    // the input or the configuration is malformed or refused
  not_found,  // a file, a package, a version or a revision does not exist
  io,         // reading, writing or running something failed
};

struct Error {
  ErrorKind kind = ErrorKind::invalid;
  Diagnostic where;  // path, line and column when known; the message always

  // "path:line:col: message", or only the message when no place is known.
  std::string str() const { return where.path.empty() ? where.message : where.str(); }
  const std::string& message() const { return where.message; }
};

// An error with a message and no place (the message may already name one).
inline Error make_error(ErrorKind kind, std::string message) {
  return Error{kind, Diagnostic{{}, 0, 0, std::move(message)}};
}

// An error at `path:line:col` (line and column 0 when unknown).
inline Error make_error(ErrorKind kind, std::string path, int line, int column,
                        std::string message) {
  return Error{kind, Diagnostic{std::move(path), line, column, std::move(message)}};
}

// A value or an Error.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  // The value, or `fallback` on an error.
  T value_or(T fallback) const& { return ok() ? value() : std::move(fallback); }
  T value_or(T fallback) && { return ok() ? std::move(*this).value() : std::move(fallback); }

  const Error& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

// Success or an Error.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), failed_(true) {}

  bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  const Error& error() const { return error_; }

 private:
  Error error_;
  bool failed_ = false;
};

}  // namespace tarsier
