#pragma once
// The runtime's callback thread: completion callbacks run here, one at a time and in order,
// never on a CAF worker (a callback may then call back into the facade, even synchronously,
// without stalling the scheduler) and never after close_and_join() returns.
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

#include "mobile/src/event_box.hpp"

namespace wm::mobile {

class callback_dispatcher {
 public:
  callback_dispatcher() = default;
  ~callback_dispatcher();
  callback_dispatcher(const callback_dispatcher&) = delete;
  callback_dispatcher& operator=(const callback_dispatcher&) = delete;

  // Queues one call; starts the thread on first use. Ignored after close_and_join().
  void push(std::unique_ptr<event_box> box, wm_event_callback cb, void* user_data);

  // Delivers everything already queued, then stops and joins the thread. Must not be called
  // from the callback thread itself.
  void close_and_join();

  bool on_callback_thread() const noexcept;
  size_t pending() const;

 private:
  struct item {
    std::unique_ptr<event_box> box;
    wm_event_callback cb;
    void* user;
  };
  void run();

  mutable std::mutex mtx_;
  std::condition_variable cv_;
  std::deque<item> items_;
  bool closed_ = false;
  std::thread thread_;
  std::thread::id thread_id_;
};

}  // namespace wm::mobile
