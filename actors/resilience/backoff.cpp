#include "actors/resilience/backoff.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <random>

namespace wm::resilience {

using std::chrono::milliseconds;

namespace {

double clamp_unit(double r) noexcept {
  if (!(r >= 0.0)) return 0.0;  // also catches NaN
  if (r >= 1.0) return std::nextafter(1.0, 0.0);
  return r;
}

// Rounds a non-negative millisecond count held in a double, saturating at `limit`.
milliseconds to_ms(double value, milliseconds limit) noexcept {
  if (!(value > 0.0)) return milliseconds{0};
  if (value >= static_cast<double>(limit.count())) return limit;
  return milliseconds{static_cast<milliseconds::rep>(std::llround(value))};
}

}  // namespace

uniform_source make_uniform_source(uint64_t seed) {
  auto engine = std::make_shared<std::mt19937_64>(seed);
  return [engine] { return std::uniform_real_distribution<double>(0.0, 1.0)(*engine); };
}

double draw_unit(const uniform_source& source) {
  if (!source) return 0.5;
  return clamp_unit(source());
}

std::string_view to_string(backoff_kind kind) noexcept {
  switch (kind) {
    case backoff_kind::exponential:
      return "exponential";
    case backoff_kind::full_jitter:
      return "full_jitter";
    case backoff_kind::decorrelated_jitter:
      return "decorrelated_jitter";
  }
  return "unknown";
}

milliseconds backoff_ceiling(uint32_t retry, milliseconds base, milliseconds cap) noexcept {
  const auto c = std::max<milliseconds::rep>(cap.count(), 0);
  const auto b = std::max<milliseconds::rep>(base.count(), 0);
  if (b == 0) return milliseconds{0};
  // Shift while it cannot overflow or pass the cap; once it passes the cap it stays there,
  // which keeps the ceiling non-decreasing in `retry`.
  milliseconds::rep value = b;
  for (uint32_t i = 0; i < retry && value < c; ++i) value = value > c / 2 ? c : value * 2;
  return milliseconds{std::min(value, c)};
}

milliseconds backoff_delay(const backoff_config& config, uint32_t retry, milliseconds previous,
                           double r) noexcept {
  r = clamp_unit(r);
  const milliseconds cap{std::max<milliseconds::rep>(config.cap.count(), 0)};
  switch (config.kind) {
    case backoff_kind::exponential: {
      const auto ceiling = backoff_ceiling(retry, config.base, cap);
      return to_ms(static_cast<double>(ceiling.count()) * (1.0 - 0.25 * r), cap);
    }
    case backoff_kind::full_jitter: {
      const auto ceiling = backoff_ceiling(retry, config.base, cap);
      return to_ms(static_cast<double>(ceiling.count()) * r, cap);
    }
    case backoff_kind::decorrelated_jitter: {
      const double base = static_cast<double>(std::max<milliseconds::rep>(config.base.count(), 0));
      const double prev =
          std::max(base, static_cast<double>(std::max<milliseconds::rep>(previous.count(), 0)));
      const double upper = prev * 3.0;
      return to_ms(base + (upper - base) * r, cap);
    }
  }
  return milliseconds{0};
}

backoff::backoff(backoff_config config, uniform_source random)
    : config_(config), random_(std::move(random)) {}

milliseconds backoff::next() {
  const auto delay = backoff_delay(config_, retry_, previous_, draw_unit(random_));
  previous_ = delay;
  ++retry_;
  return delay;
}

void backoff::reset() noexcept {
  retry_ = 0;
  previous_ = milliseconds{0};
}

}  // namespace wm::resilience
