#pragma once
// A retry budget keeps retries from multiplying load during an outage: per-request retry limits
// alone let every request try three times when the provider is down. Two schemes, usable alone or
// together:
//  - gRPC retry throttling: a token bucket that starts full; each success deposits token_ratio
//    (up to max_tokens), each granted retry withdraws 1, and a retry is allowed only while the
//    bucket holds more than max_tokens / 2.
//  - Envoy retry budget: retries in flight may not exceed max(min_retry_concurrency,
//    retry_ratio * active requests).
// Tokens are kept in thousandths (as gRPC does) so repeated deposits never drift.
// Thread-compatible: owned and called by one actor.
#include <cstdint>

namespace wm::resilience {

struct retry_budget_config {
  bool token_bucket = true;
  double max_tokens = 10.0;  // > 0
  double token_ratio = 0.1;  // deposited per success, >= 0
  bool ratio_cap = false;
  double retry_ratio = 0.2;  // Envoy budget_percent / 100
  uint32_t min_retry_concurrency = 3;
};

struct retry_budget_stats {
  double tokens = 0;
  double max_tokens = 0;
  uint32_t active_requests = 0;
  uint32_t retries_in_flight = 0;
  uint64_t retries_granted = 0;
  uint64_t retries_denied = 0;
};

class retry_budget {
 public:
  explicit retry_budget(retry_budget_config config = {});

  // Asks to send one retry. True: the retry counts against the budget (a token is withdrawn and,
  // with ratio_cap, it is in flight until on_retry_finished()). False: do not retry.
  bool try_acquire_retry();
  // A retry granted by try_acquire_retry() ended (any outcome). Only ratio_cap reads it.
  void on_retry_finished();

  // A request (first attempt) started / ended. Only ratio_cap reads them.
  void on_request_started();
  void on_request_finished();

  // An attempt succeeded: deposits token_ratio.
  void on_success();

  double tokens() const noexcept { return static_cast<double>(milli_tokens_) / 1000.0; }
  retry_budget_stats stats() const noexcept;
  const retry_budget_config& config() const noexcept { return config_; }

 private:
  bool bucket_allows() const noexcept;
  bool ratio_allows() const noexcept;

  retry_budget_config config_;
  int64_t max_milli_ = 0;
  int64_t ratio_milli_ = 0;
  int64_t milli_tokens_ = 0;
  uint32_t active_ = 0;
  uint32_t retries_in_flight_ = 0;
  uint64_t granted_ = 0;
  uint64_t denied_ = 0;
};

}  // namespace wm::resilience
