#include "actors/resilience/circuit_breaker_config.hpp"

#include <string>

namespace wm::resilience {

namespace {

bool valid_rate(double r) {
  return r > 0.0 && r <= 100.0;
}  // false for NaN

double clamp_rate(double r) {
  if (!(r > 0.0)) return 100.0;  // zero/negative/NaN: treat as "only when everything fails"
  return r > 100.0 ? 100.0 : r;
}

}  // namespace

circuit_breaker_config circuit_breaker_config::defaults() {
  circuit_breaker_config c;
  c.window = window_kind::time_based;
  c.window_size = 60;
  c.minimum_calls = 10;
  c.failure_rate_threshold = 50.0;
  c.slow_call_duration = std::chrono::seconds{30};
  c.slow_call_rate_threshold = 100.0;
  c.open_duration = std::chrono::seconds{60};
  c.permitted_half_open_calls = 3;
  c.consecutive_failures = 5;
  c.strict_half_open = true;
  c.max_half_open_duration = std::chrono::seconds{60};
  return c;
}

status circuit_breaker_config::validate() const {
  auto bad = [](std::string what) { return make_failure(errc::invalid_input, std::move(what)); };
  if (window_size == 0) return bad("circuit breaker: window_size must be >= 1");
  if (minimum_calls == 0) return bad("circuit breaker: minimum_calls must be >= 1");
  if (!valid_rate(failure_rate_threshold))
    return bad("circuit breaker: failure_rate_threshold must be in (0, 100]");
  if (!valid_rate(slow_call_rate_threshold))
    return bad("circuit breaker: slow_call_rate_threshold must be in (0, 100]");
  if (slow_call_duration.count() < 0) return bad("circuit breaker: slow_call_duration < 0");
  if (open_duration.count() < 0) return bad("circuit breaker: open_duration < 0");
  if (permitted_half_open_calls == 0)
    return bad("circuit breaker: permitted_half_open_calls must be >= 1");
  if (max_half_open_duration.count() < 0) return bad("circuit breaker: max_half_open_duration < 0");
  return {};
}

circuit_breaker_config circuit_breaker_config::sanitized() const {
  auto c = *this;
  if (c.window_size == 0) c.window_size = 1;
  if (c.minimum_calls == 0) c.minimum_calls = 1;
  // A count window can never hold more calls than its size (resilience4j caps it the same way).
  if (c.window == window_kind::count_based && c.minimum_calls > c.window_size)
    c.minimum_calls = c.window_size;
  c.failure_rate_threshold = clamp_rate(c.failure_rate_threshold);
  c.slow_call_rate_threshold = clamp_rate(c.slow_call_rate_threshold);
  if (c.slow_call_duration.count() < 0) c.slow_call_duration = duration::zero();
  if (c.open_duration.count() < 0) c.open_duration = duration::zero();
  if (c.permitted_half_open_calls == 0) c.permitted_half_open_calls = 1;
  if (c.max_half_open_duration.count() < 0) c.max_half_open_duration = duration::zero();
  return c;
}

call_outcome classify(std::optional<errc> error) noexcept {
  if (!error) return call_outcome::success;
  switch (*error) {
    case errc::timeout:
    case errc::unavailable:
    case errc::provider_error:
    case errc::rate_limited:
      return call_outcome::failure;
    case errc::invalid_input:
    case errc::not_found:
    case errc::conflict:
    case errc::circuit_open:
    case errc::cancelled:
    case errc::shutting_down:
    case errc::internal:
    case errc::unauthorized:
    case errc::forbidden:
    case errc::payload_too_large:
      return call_outcome::ignored;
  }
  return call_outcome::ignored;
}

}  // namespace wm::resilience
