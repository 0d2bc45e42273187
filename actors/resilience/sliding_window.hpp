#pragma once
// The circuit breaker's outcome window, resilience4j style: either the last N calls (count
// based) or the calls of the last N seconds (time based, one bucket per second, so memory is
// O(N) whatever the call rate). Running totals make record() O(1) amortised.
#include <chrono>
#include <cstdint>
#include <vector>

namespace wm::resilience {

enum class window_kind : uint8_t { count_based, time_based };

struct window_totals {
  uint32_t calls = 0;
  uint32_t failures = 0;
  uint32_t slow_calls = 0;
};

class sliding_window {
 public:
  using time_point = std::chrono::steady_clock::time_point;

  // `size`: calls (count based) or seconds (time based); 0 is treated as 1.
  sliding_window(window_kind kind, uint32_t size);

  void record(bool failure, bool slow, time_point now);
  // Totals of the window as of `now` (time based: calls older than `size` seconds drop out).
  window_totals totals(time_point now) const;
  void clear();

  window_kind kind() const noexcept { return kind_; }
  uint32_t size() const noexcept { return size_; }

 private:
  struct bucket {
    int64_t second = 0;
    window_totals totals;
  };
  void advance(int64_t second);

  window_kind kind_;
  uint32_t size_;
  // count based: one entry per call (bit 0 failure, bit 1 slow)
  std::vector<uint8_t> calls_;
  size_t next_ = 0;
  size_t filled_ = 0;
  // time based: one bucket per second, indexed by second % size
  std::vector<bucket> buckets_;
  int64_t head_ = 0;  // newest second seen
  bool started_ = false;
  window_totals totals_;
};

}  // namespace wm::resilience
