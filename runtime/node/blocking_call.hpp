#pragma once
// Blocking calls from threads outside the actor world (an app's thread through the C facade,
// an embedder through wm::node::ask) into actors, through one long-lived bridge actor instead
// of a scoped_actor per call (a document get took 32-38 us that way here, 14-16 us so). The
// caller packs the request into a bridge_job, sends it with anon_send and waits on a
// call_slot; the bridge issues the request with request(...).then(...) and the response
// handler fills the slot.
//
// The bridge asks without a CAF timeout: the waiting thread keeps the deadline. CAF 0.17
// keeps every request timeout in its clock for its whole length, answered or not (~140 B
// per call; 200,000 quick calls held 28 MB for 30 s and each call slowed from 24 to 60 us).
// Services answer every request and a dead receiver bounces it, so a response handler does
// not outlive its call.
#include <caf/actor.hpp>
#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/send.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <tuple>
#include <utility>

#include "messages/caf_error.hpp"
#include "messages/result.hpp"

namespace wm {

// Work for the bridge actor, run on its thread with the actor as `self`.
class bridge_job {
 public:
  virtual ~bridge_job() = default;
  virtual void run(caf::event_based_actor* self) = 0;
};

using bridge_job_ptr = std::shared_ptr<bridge_job>;

template <class F>
class lambda_job : public bridge_job {
 public:
  explicit lambda_job(F f) : f_(std::move(f)) {}
  void run(caf::event_based_actor* self) override { f_(self); }

 private:
  F f_;
};

template <class F>
bridge_job_ptr make_job(F f) {
  return std::make_shared<lambda_job<F>>(std::move(f));
}

// Where a blocking call waits for its answer. The bridge fills the slot from a CAF worker;
// the caller may spin briefly and then sleeps on a condition variable.
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
// pending response handler) is destroyed without an answer: a job sent to a bridge that has
// ended never leaves its caller waiting.
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

// Asks `dest` through `bridge` and blocks the calling thread for at most `timeout` (polling
// the answer `spin` times before sleeping).
template <class R, class Handle, class... Ts>
result<R> blocking_call(const caf::actor& bridge, const Handle& dest,
                        std::chrono::milliseconds timeout, unsigned spin, Ts... xs) {
  if (!dest) return failure{errc::unavailable, "service not running"};
  auto slot = std::make_shared<call_slot<R>>();
  auto done = std::make_shared<completer<R>>(slot);
  caf::anon_send(bridge, make_job([done, dest, args = std::make_tuple(std::move(xs)...)](
                                      caf::event_based_actor* self) mutable {
                   std::apply(
                       [&](auto&... a) {
                         self->request(dest, caf::infinite, std::move(a)...)
                             .then([done](R& r) { done->set(std::move(r)); },
                                   [done](caf::error& err) { done->set(to_failure(err)); });
                       },
                       args);
                 }));
  done.reset();  // the job and the handlers now own the completer
  return slot->wait(std::chrono::steady_clock::now() + timeout, spin);
}

// A bridge actor that only runs jobs (the C facade's also sinks completion streams).
caf::actor spawn_call_bridge(caf::actor_system& sys);

}  // namespace wm

// Jobs never leave the process: no serialization needed.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(wm::bridge_job_ptr)
