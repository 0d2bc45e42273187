#pragma once
// wm::failure and wm::result<T>: how pure logic (codecs, parsers, the store) reports
// errors without CAF. Actors turn a failure into a caf::error with make_error().
#include <string>
#include <utility>
#include <variant>

#include "messages/errc.hpp"

namespace wm {

struct failure {
  errc code = errc::internal;
  std::string message;
};

inline bool operator==(const failure& a, const failure& b) {
  return a.code == b.code && a.message == b.message;
}

template <class T>
class result {
 public:
  result(T value) : state_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  result(failure f) : state_(std::move(f)) {}    // NOLINT(google-explicit-constructor)

  bool ok() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const failure& error() const& { return std::get<1>(state_); }
  failure&& error() && { return std::get<1>(std::move(state_)); }

 private:
  std::variant<T, failure> state_;
};

// result<void> equivalent: a status that is either ok or a failure.
class status {
 public:
  status() = default;
  status(failure f) : failure_(std::move(f)), ok_(false) {}  // NOLINT(google-explicit-constructor)
  bool ok() const noexcept { return ok_; }
  explicit operator bool() const noexcept { return ok_; }
  const failure& error() const { return failure_; }

 private:
  failure failure_;
  bool ok_ = true;
};

inline failure make_failure(errc code, std::string message) {
  return failure{code, std::move(message)};
}

}  // namespace wm
