#pragma once
// OTP restart intensity: at most `max_restarts` restarts within a sliding `window`.
// Pure: the supervisor actor feeds it the clock.
#include <chrono>
#include <cstdint>
#include <deque>

namespace wm {

class restart_intensity {
 public:
  using clock = std::chrono::steady_clock;

  restart_intensity(uint32_t max_restarts, std::chrono::milliseconds window)
      : max_restarts_(max_restarts), window_(window) {}

  // Records one restart at `now`. Returns false when this restart exceeds the intensity:
  // the supervisor must then give up and fail itself.
  bool record(clock::time_point now);

  // Restarts recorded within the window that ends at `now`.
  size_t in_window(clock::time_point now);

  uint32_t max_restarts() const { return max_restarts_; }
  std::chrono::milliseconds window() const { return window_; }

 private:
  void expire(clock::time_point now);

  uint32_t max_restarts_;
  std::chrono::milliseconds window_;
  std::deque<clock::time_point> restarts_;
};

}  // namespace wm
