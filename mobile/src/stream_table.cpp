#include "mobile/src/stream_table.hpp"

#include <vector>

#include "runtime/errors/error_body.hpp"

namespace wm::mobile {

bool stream_table::add(const std::string& request_id, stream_route route) {
  std::lock_guard lock{mtx_};
  return streams_.emplace(request_id, route).second;
}

bool stream_table::contains(const std::string& request_id) const {
  std::lock_guard lock{mtx_};
  return streams_.count(request_id) != 0;
}

size_t stream_table::active() const {
  std::lock_guard lock{mtx_};
  return streams_.size();
}

void stream_table::deliver(const stream_route& route, std::unique_ptr<event_box> box) {
  if (route.callback != nullptr)
    callbacks_.push(std::move(box), route.callback, route.user_data);
  else
    polls_.push(std::move(box));
}

size_t stream_table::undelivered(const stream_route& route) const {
  return route.callback != nullptr ? callbacks_.pending() : polls_.size();
}

chunk_outcome stream_table::chunk(const std::string& request_id, std::string text) {
  // Delivery happens under the lock so a final event (also under it) cannot overtake a
  // chunk of the same stream; both queues only append.
  std::lock_guard lock{mtx_};
  auto i = streams_.find(request_id);
  if (i == streams_.end()) return chunk_outcome::unknown;
  if (undelivered(i->second) >= max_undelivered_) {
    // The final event still goes in (one per stream, so the queue stays bounded).
    failure f{errc::unavailable,
              std::to_string(max_undelivered_) +
                  " events are waiting to be taken (ai.max_undelivered_events): " +
                  (i->second.callback != nullptr ? "the callback is not returning"
                                                 : "nobody calls wm_poll_event") +
                  "; the completion was cancelled"};
    deliver(i->second,
            make_error_event(request_id, WM_ERR_UNAVAILABLE, error_body_json(f, request_id)));
    streams_.erase(i);
    return chunk_outcome::overflow;
  }
  deliver(i->second, make_chunk_event(request_id, std::move(text)));
  return chunk_outcome::queued;
}

void stream_table::done(const std::string& request_id, std::string result_json) {
  std::lock_guard lock{mtx_};
  auto i = streams_.find(request_id);
  if (i == streams_.end()) return;
  deliver(i->second, make_done_event(request_id, std::move(result_json)));
  streams_.erase(i);
}

void stream_table::error(const std::string& request_id, wm_status status, std::string error_json) {
  std::lock_guard lock{mtx_};
  auto i = streams_.find(request_id);
  if (i == streams_.end()) return;
  deliver(i->second, make_error_event(request_id, status, std::move(error_json)));
  streams_.erase(i);
}

void stream_table::fail_all(wm_status status, const std::string& message) {
  std::lock_guard lock{mtx_};
  for (auto& [id, route] : streams_) {
    failure f{static_cast<errc>(status), message};
    deliver(route, make_error_event(id, status, error_body_json(f, id)));
  }
  streams_.clear();
}

}  // namespace wm::mobile
