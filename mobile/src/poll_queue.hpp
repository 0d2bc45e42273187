#pragma once
// The runtime's poll queue: completion events for apps that take them on their own (UI)
// thread with wm_poll_event instead of receiving callbacks.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>

#include "mobile/src/event_box.hpp"

namespace wm::mobile {

class poll_queue {
 public:
  void push(std::unique_ptr<event_box> box);

  // The next event, waiting up to `wait`; nullptr when none arrived. `closed` is set when
  // the queue was closed (the runtime is closing) and holds nothing more.
  std::unique_ptr<event_box> pop(std::chrono::milliseconds wait, bool& closed);

  // Drops what is queued and wakes every waiting pop.
  void close();

  size_t size() const;

 private:
  mutable std::mutex mtx_;
  std::condition_variable cv_;
  std::deque<std::unique_ptr<event_box>> items_;
  bool closed_ = false;
};

}  // namespace wm::mobile
