#include "mobile/src/callback_dispatcher.hpp"

namespace wm::mobile {

callback_dispatcher::~callback_dispatcher() {
  close_and_join();
}

void callback_dispatcher::push(std::unique_ptr<event_box> box, wm_event_callback cb,
                               void* user_data) {
  {
    std::lock_guard lock{mtx_};
    if (closed_) return;
    if (!thread_.joinable()) {
      thread_ = std::thread{[this] { run(); }};
      thread_id_ = thread_.get_id();
    }
    items_.push_back(item{std::move(box), cb, user_data});
  }
  cv_.notify_one();
}

void callback_dispatcher::run() {
  for (;;) {
    item next;
    {
      std::unique_lock lock{mtx_};
      cv_.wait(lock, [this] { return closed_ || !items_.empty(); });
      if (items_.empty()) return;  // closed and drained
      next = std::move(items_.front());
      items_.pop_front();
    }
    try {
      if (next.cb != nullptr) next.cb(&next.box->ev, next.user);
    } catch (...) {
      // A callback written in C++ threw: it must not end the callback thread.
    }
  }
}

void callback_dispatcher::close_and_join() {
  std::thread t;
  {
    std::lock_guard lock{mtx_};
    closed_ = true;
    t = std::move(thread_);
  }
  cv_.notify_all();
  if (t.joinable() && t.get_id() != std::this_thread::get_id())
    t.join();
  else if (t.joinable())
    t.detach();
}

bool callback_dispatcher::on_callback_thread() const noexcept {
  std::lock_guard lock{mtx_};
  return thread_id_ == std::this_thread::get_id();
}

size_t callback_dispatcher::pending() const {
  std::lock_guard lock{mtx_};
  return items_.size();
}

}  // namespace wm::mobile
