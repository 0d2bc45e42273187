#pragma once
// The completions of one runtime that have not ended yet, and where their events go (a
// callback or the poll queue). The bridge actor feeds chunks and final results in; cancel
// and close look streams up by request id from any thread.
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "mobile/src/callback_dispatcher.hpp"
#include "mobile/src/poll_queue.hpp"

namespace wm::mobile {

struct stream_route {
  wm_event_callback callback = nullptr;  // nullptr: the poll queue
  void* user_data = nullptr;
};

class stream_table {
 public:
  // False if a stream with this id is already running.
  bool add(const std::string& request_id, stream_route route);
  bool contains(const std::string& request_id) const;
  size_t active() const;

  // Ignored for unknown (already ended) streams: nothing follows a final event.
  void chunk(const std::string& request_id, std::string text);
  void done(const std::string& request_id, std::string result_json);
  void error(const std::string& request_id, wm_status status, std::string error_json);

  // Ends every running stream with WM_EVENT_ERROR (closing runtime).
  void fail_all(wm_status status, const std::string& message);

  poll_queue& polls() noexcept { return polls_; }
  callback_dispatcher& callbacks() noexcept { return callbacks_; }

 private:
  void deliver(const stream_route& route, std::unique_ptr<event_box> box);

  mutable std::mutex mtx_;
  std::unordered_map<std::string, stream_route> streams_;
  poll_queue polls_;
  callback_dispatcher callbacks_;
};

}  // namespace wm::mobile
