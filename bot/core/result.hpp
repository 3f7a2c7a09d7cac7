#pragma once

#include <string>
#include <utility>
#include <variant>

namespace steward::core {

/// A failure on a parse or validation path: a stable machine code and a message for people.
struct error {
  std::string code;
  std::string message;
  std::string field = {};  ///< the input field at fault, when there is one ("message.chat.id")
};

/// A value or an error (GCC 12 has no std::expected). Exceptions stay reserved for
/// infrastructure failures and bugs.
template <class T>
class result {
 public:
  result(T value) : state_(std::move(value)) {}          // NOLINT(google-explicit-constructor)
  result(error failure) : state_(std::move(failure)) {}  // NOLINT(google-explicit-constructor)

  /// True when a value is held.
  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  /// The held value; only valid when ok().
  T& value() { return std::get<T>(state_); }
  const T& value() const { return std::get<T>(state_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }

  /// The held error; only valid when !ok().
  const error& failure() const { return std::get<error>(state_); }

 private:
  std::variant<T, error> state_;
};

}  // namespace steward::core
