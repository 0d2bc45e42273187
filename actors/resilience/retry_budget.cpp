#include "actors/resilience/retry_budget.hpp"

#include <algorithm>
#include <cmath>

namespace wm::resilience {

namespace {

// Non-negative thousandths of a finite value, saturating at a billion tokens.
int64_t to_milli(double v) noexcept {
  if (!(v > 0.0)) return 0;
  return static_cast<int64_t>(std::llround(std::min(v, 1e9) * 1000.0));
}

}  // namespace

retry_budget::retry_budget(retry_budget_config config)
    : config_(config),
      max_milli_(std::max<int64_t>(to_milli(config.max_tokens), 1)),
      ratio_milli_(to_milli(config.token_ratio)),
      milli_tokens_(max_milli_) {
  if (!(config_.retry_ratio >= 0.0) || !std::isfinite(config_.retry_ratio))
    config_.retry_ratio = 0.0;
}

bool retry_budget::bucket_allows() const noexcept {
  // "More than half full", compared exactly in thousandths.
  return !config_.token_bucket || milli_tokens_ * 2 > max_milli_;
}

bool retry_budget::ratio_allows() const noexcept {
  if (!config_.ratio_cap) return true;
  const double by_ratio = std::floor(config_.retry_ratio * static_cast<double>(active_));
  const double limit = std::max(by_ratio, static_cast<double>(config_.min_retry_concurrency));
  return static_cast<double>(retries_in_flight_) < limit;
}

bool retry_budget::try_acquire_retry() {
  if (!bucket_allows() || !ratio_allows()) {
    ++denied_;
    return false;
  }
  if (config_.token_bucket) milli_tokens_ = std::max<int64_t>(milli_tokens_ - 1000, 0);
  if (config_.ratio_cap) ++retries_in_flight_;
  ++granted_;
  return true;
}

void retry_budget::on_retry_finished() {
  if (retries_in_flight_ > 0) --retries_in_flight_;
}

void retry_budget::on_request_started() {
  ++active_;
}

void retry_budget::on_request_finished() {
  if (active_ > 0) --active_;
}

void retry_budget::on_success() {
  milli_tokens_ = std::min(milli_tokens_ + ratio_milli_, max_milli_);
}

retry_budget_stats retry_budget::stats() const noexcept {
  retry_budget_stats s;
  s.tokens = tokens();
  s.max_tokens = static_cast<double>(max_milli_) / 1000.0;
  s.active_requests = active_;
  s.retries_in_flight = retries_in_flight_;
  s.retries_granted = granted_;
  s.retries_denied = denied_;
  return s;
}

}  // namespace wm::resilience
