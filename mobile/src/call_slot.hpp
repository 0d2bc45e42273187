#pragma once
// Where a synchronous facade call waits for its answer. The bridge actor fills the slot
// from a CAF worker; the caller spins briefly (answers usually arrive within microseconds)
// and then sleeps on a condition variable. A slot whose request is dropped (dead bridge,
// closing runtime) is filled with errc::shutting_down by its completer's destructor, so no
// caller ever waits for an answer that cannot come.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "messages/result.hpp"

namespace wm::mobile {

template <class R>
class call_slot {
 public:
  // First value wins; later ones are ignored.
  void set(result<R> value) {
    {
      std::lock_guard lock{mtx_};
      if (value_) return;
      value_.emplace(std::move(value));
      ready_.store(true, std::memory_order_release);
    }
    cv_.notify_one();
  }

  result<R> wait(std::chrono::steady_clock::time_point deadline, unsigned spin) {
    for (unsigned i = 0; i < spin; ++i) {
      if (ready_.load(std::memory_order_acquire)) break;
      if ((i & 63) == 63) std::this_thread::yield();
    }
    std::unique_lock lock{mtx_};
    if (!cv_.wait_until(lock, deadline, [this] { return value_.has_value(); }))
      return failure{errc::timeout, "no answer from the runtime in time"};
    return std::move(*value_);
  }

 private:
  std::mutex mtx_;
  std::condition_variable cv_;
  std::optional<result<R>> value_;
  std::atomic<bool> ready_{false};
};

// Fills its slot with shutting_down when the last copy of the request (the queued job or a
// pending response handler) is destroyed without an answer.
template <class R>
class completer {
 public:
  explicit completer(std::shared_ptr<call_slot<R>> slot) : slot_(std::move(slot)) {}
  ~completer() { slot_->set(failure{errc::shutting_down, "the runtime is closing"}); }
  completer(const completer&) = delete;
  completer& operator=(const completer&) = delete;

  void set(result<R> value) { slot_->set(std::move(value)); }

 private:
  std::shared_ptr<call_slot<R>> slot_;
};

}  // namespace wm::mobile
