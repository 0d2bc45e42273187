#pragma once
// Deterministic time and randomness for the resilience tests.
#include <chrono>
#include <cstddef>
#include <utility>
#include <vector>

#include "actors/resilience/backoff.hpp"

namespace wm::resilience::testing {

// A steady clock the test moves by hand.
struct fake_clock {
  std::chrono::steady_clock::time_point now{std::chrono::hours{1}};
  template <class Rep, class Period>
  void advance(std::chrono::duration<Rep, Period> d) {
    now += std::chrono::duration_cast<std::chrono::steady_clock::duration>(d);
  }
};

// A uniform source replaying fixed values (cycling).
inline uniform_source sequence(std::vector<double> values) {
  auto index = std::make_shared<size_t>(0);
  return [values = std::move(values), index] { return values[(*index)++ % values.size()]; };
}

inline uniform_source constant(double r) {
  return [r] { return r; };
}

}  // namespace wm::resilience::testing
