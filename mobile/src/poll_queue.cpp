#include "mobile/src/poll_queue.hpp"

namespace wm::mobile {

void poll_queue::push(std::unique_ptr<event_box> box) {
  {
    std::lock_guard lock{mtx_};
    if (closed_) return;
    items_.push_back(std::move(box));
  }
  cv_.notify_one();
}

std::unique_ptr<event_box> poll_queue::pop(std::chrono::milliseconds wait, bool& closed) {
  std::unique_lock lock{mtx_};
  if (wait.count() > 0) cv_.wait_for(lock, wait, [this] { return closed_ || !items_.empty(); });
  closed = closed_;
  if (items_.empty()) return nullptr;
  auto box = std::move(items_.front());
  items_.pop_front();
  return box;
}

void poll_queue::close() {
  std::deque<std::unique_ptr<event_box>> dropped;
  {
    std::lock_guard lock{mtx_};
    closed_ = true;
    dropped.swap(items_);
  }
  cv_.notify_all();
}

size_t poll_queue::size() const {
  std::lock_guard lock{mtx_};
  return items_.size();
}

}  // namespace wm::mobile
