#include "actors/resilience/sliding_window.hpp"

#include <algorithm>

namespace wm::resilience {

namespace {

int64_t second_of(std::chrono::steady_clock::time_point t) {
  return std::chrono::floor<std::chrono::seconds>(t.time_since_epoch()).count();
}

size_t slot(int64_t second, uint32_t size) {
  const int64_t m = second % static_cast<int64_t>(size);
  return static_cast<size_t>(m < 0 ? m + size : m);
}

void add(window_totals& into, const window_totals& x) {
  into.calls += x.calls;
  into.failures += x.failures;
  into.slow_calls += x.slow_calls;
}

void subtract(window_totals& from, const window_totals& x) {
  from.calls -= x.calls;
  from.failures -= x.failures;
  from.slow_calls -= x.slow_calls;
}

}  // namespace

sliding_window::sliding_window(window_kind kind, uint32_t size)
    : kind_(kind), size_(std::max<uint32_t>(size, 1)) {
  if (kind_ == window_kind::count_based)
    calls_.assign(size_, 0);
  else
    buckets_.assign(size_, bucket{});
}

void sliding_window::clear() {
  std::fill(calls_.begin(), calls_.end(), uint8_t{0});
  std::fill(buckets_.begin(), buckets_.end(), bucket{});
  next_ = filled_ = 0;
  started_ = false;
  head_ = 0;
  totals_ = {};
}

void sliding_window::advance(int64_t second) {
  if (!started_) {
    started_ = true;
    head_ = second;
    buckets_[slot(second, size_)] = bucket{second, {}};
    return;
  }
  if (second <= head_) return;  // same second, or a clock that stepped back: stay on head
  if (second - head_ >= static_cast<int64_t>(size_)) {
    std::fill(buckets_.begin(), buckets_.end(), bucket{});
    totals_ = {};
  } else {
    for (int64_t s = head_ + 1; s <= second; ++s) {
      auto& b = buckets_[slot(s, size_)];
      subtract(totals_, b.totals);
      b = bucket{s, {}};
    }
  }
  head_ = second;
  buckets_[slot(second, size_)].second = second;
}

void sliding_window::record(bool failure, bool slow, time_point now) {
  const window_totals one{1, failure ? 1u : 0u, slow ? 1u : 0u};
  if (kind_ == window_kind::count_based) {
    if (filled_ == size_) {
      const uint8_t old = calls_[next_];
      subtract(totals_, window_totals{1, old & 1u, (old >> 1) & 1u});
    } else {
      ++filled_;
    }
    calls_[next_] = static_cast<uint8_t>((failure ? 1 : 0) | (slow ? 2 : 0));
    next_ = (next_ + 1) % size_;
    add(totals_, one);
    return;
  }
  advance(second_of(now));
  add(buckets_[slot(head_, size_)].totals, one);
  add(totals_, one);
}

window_totals sliding_window::totals(time_point now) const {
  if (kind_ == window_kind::count_based || !started_) return totals_;
  const int64_t now_s = second_of(now);
  if (now_s <= head_) return totals_;
  // Without mutating: drop the buckets that `now` has pushed out of the window.
  window_totals t{};
  for (const auto& b : buckets_)
    if (b.second > now_s - static_cast<int64_t>(size_) && b.second <= head_) add(t, b.totals);
  return t;
}

}  // namespace wm::resilience
