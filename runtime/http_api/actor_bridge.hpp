#pragma once
// From a civetweb worker thread to an actor and back without a scoped_actor (43-90 us a
// round trip here): a tiny event-based actor sends the request and hands the answer to the
// waiting thread through a shared slot. The worker blocks; the actors never do.
#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <tuple>
#include <utility>

#include "messages/caf_error.hpp"
#include "messages/result.hpp"

namespace wm::http_api {

// Where the answer lands; shared so a caller that gave up (cancelled) leaves it safely behind.
template <class R>
struct answer_slot {
  std::mutex mu;
  std::condition_variable cv;
  std::optional<result<R>> value;

  void set(result<R> r) {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (value) return;
      value.emplace(std::move(r));
    }
    cv.notify_all();
  }
};

// Sends `xs...` to `dest` as a request with `timeout` and waits for the answer. `cancelled`
// is polled while waiting (every 20 ms); when it turns true the call returns errc::cancelled
// at once and the late answer is dropped.
template <class R, class Handle, class... Ts>
result<R> call(caf::actor_system& sys, const Handle& dest, std::chrono::milliseconds timeout,
               const std::function<bool()>& cancelled, Ts... xs) {
  if (!dest) return failure{errc::unavailable, "service not running"};
  auto slot = std::make_shared<answer_slot<R>>();
  sys.spawn([slot, dest, timeout,
             args = std::make_tuple(std::move(xs)...)](caf::event_based_actor* self) mutable {
    std::apply(
        [&](auto&&... a) {
          self->request(dest, timeout, std::move(a)...)
              .then([slot](R& r) { slot->set(std::move(r)); },
                    [slot](caf::error& err) { slot->set(to_failure(err)); });
        },
        args);
  });
  std::unique_lock<std::mutex> lock(slot->mu);
  while (!slot->value) {
    if (cancelled && cancelled()) return failure{errc::cancelled, "request cancelled"};
    slot->cv.wait_for(lock, std::chrono::milliseconds(20));
  }
  return std::move(*slot->value);
}

}  // namespace wm::http_api
