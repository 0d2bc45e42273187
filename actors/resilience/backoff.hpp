#pragma once
// Backoff schedules for retries. Pure: randomness comes from an injected uniform source so the
// schedule is reproducible in tests; the actor owning a request supplies a real generator.
#include <chrono>
#include <cstdint>
#include <functional>
#include <string_view>

namespace wm::resilience {

// Returns a value in [0, 1). Values outside that range (or NaN) are clamped, never trusted.
using uniform_source = std::function<double()>;

// A uniform_source backed by std::mt19937_64 seeded with `seed` (deterministic per seed).
uniform_source make_uniform_source(uint64_t seed);

enum class backoff_kind : uint8_t {
  // OpenAI / Anthropic SDK: min(base * 2^n, cap) * (1 - 0.25 * rand). Never below 75% of the
  // ceiling, so clients still spread out a little without ever retrying "immediately".
  exponential,
  // AWS "full jitter": rand(0, min(cap, base * 2^n)). Best spread, can be 0.
  full_jitter,
  // AWS "decorrelated jitter": min(cap, rand(base, prev * 3)). Needs the previous delay.
  decorrelated_jitter,
};

std::string_view to_string(backoff_kind kind) noexcept;

struct backoff_config {
  backoff_kind kind = backoff_kind::exponential;
  std::chrono::milliseconds base{500};  // SDK default: 0.5 s
  std::chrono::milliseconds cap{8000};  // SDK default: 8 s
};

// min(cap, base * 2^retry) without overflow; negative inputs count as 0. Non-decreasing in
// `retry` and never above max(cap, 0).
std::chrono::milliseconds backoff_ceiling(uint32_t retry, std::chrono::milliseconds base,
                                          std::chrono::milliseconds cap) noexcept;

// One delay of a schedule. `retry` is 0 for the first retry; `previous` is the delay used before
// the previous retry (only decorrelated jitter reads it; pass 0 for the first retry, which then
// starts from `base`). `r` is one draw from [0, 1) (clamped). Result is always in [0, cap].
std::chrono::milliseconds backoff_delay(const backoff_config& config, uint32_t retry,
                                        std::chrono::milliseconds previous, double r) noexcept;

// Stateful schedule for one request: remembers the retry count and the previous delay.
class backoff {
 public:
  backoff(backoff_config config, uniform_source random);

  // Delay to wait before the next retry; advances the schedule.
  std::chrono::milliseconds next();
  void reset() noexcept;
  uint32_t retries() const noexcept { return retry_; }
  const backoff_config& config() const noexcept { return config_; }

 private:
  backoff_config config_;
  uniform_source random_;
  uint32_t retry_ = 0;
  std::chrono::milliseconds previous_{0};
};

// Draws from `source` and clamps into [0, 1); a missing source yields 0.5.
double draw_unit(const uniform_source& source);

}  // namespace wm::resilience
