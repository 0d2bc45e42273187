#pragma once
// The completions of one runtime that have not ended yet, and where their events go (a
// callback or the poll queue). The bridge actor feeds chunks and final results in; cancel
// and close look streams up by request id from any thread. Each queue holds at most
// `max_undelivered` chunks: an app that stops polling (or a callback that blocks) cannot
// make the runtime buffer a stream without bound; that stream ends with an error instead.
#include <cstddef>
#include <cstdint>
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

enum class chunk_outcome : uint8_t {
  queued,
  unknown,   // the stream has ended: nothing follows a final event
  overflow,  // the queue was full: the stream ended with WM_ERR_UNAVAILABLE; cancel it
};

class stream_table {
 public:
  explicit stream_table(size_t max_undelivered = 10'000) : max_undelivered_(max_undelivered) {}

  // False if a stream with this id is already running.
  bool add(const std::string& request_id, stream_route route);
  bool contains(const std::string& request_id) const;
  size_t active() const;

  // Final events are ignored for unknown (already ended) streams.
  chunk_outcome chunk(const std::string& request_id, std::string text);
  void done(const std::string& request_id, std::string result_json);
  void error(const std::string& request_id, wm_status status, std::string error_json);

  // Ends every running stream with WM_EVENT_ERROR (closing runtime).
  void fail_all(wm_status status, const std::string& message);

  poll_queue& polls() noexcept { return polls_; }
  callback_dispatcher& callbacks() noexcept { return callbacks_; }

 private:
  void deliver(const stream_route& route, std::unique_ptr<event_box> box);
  size_t undelivered(const stream_route& route) const;

  const size_t max_undelivered_;

  mutable std::mutex mtx_;
  std::unordered_map<std::string, stream_route> streams_;
  poll_queue polls_;
  callback_dispatcher callbacks_;
};

}  // namespace wm::mobile
