#include "runtime/http_api/completion_bridge.hpp"

#include <caf/all.hpp>

#include "actors/common/stray_messages.hpp"
#include "messages/caf_error.hpp"

namespace wm::http_api {

std::shared_ptr<completion_stream> completion_stream::start(caf::actor_system& sys,
                                                            gateway_actor gateway,
                                                            completion_request req,
                                                            std::chrono::milliseconds timeout) {
  auto stream = std::make_shared<completion_stream>();
  if (!gateway) {
    stream->finish(failure{errc::unavailable, "AI gateway not running"});
    return stream;
  }
  req.stream = true;
  sys.spawn([stream, gateway, req = std::move(req),
             timeout](stream_sink_actor::pointer self) mutable -> stream_sink_actor::behavior_type {
    self->set_default_handler(drop_stray_message);
    self->request(gateway, timeout, complete_atom::value, std::move(req),
                  caf::actor_cast<stream_sink_actor>(self))
        .then(
            [stream, self](completion_result& r) {
              stream->finish(std::move(r));
              self->quit();
            },
            [stream, self](caf::error& err) {
              stream->finish(to_failure(err));
              self->quit();
            });
    return {[stream](completion_chunk& c) { stream->push(std::move(c.text)); }};
  });
  return stream;
}

void completion_stream::push(std::string text) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (final_) return;
    pending_ += text;
  }
  cv_.notify_all();
}

void completion_stream::finish(result<completion_result> r) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (final_) return;
    final_.emplace(std::move(r));
  }
  cv_.notify_all();
}

completion_stream::event completion_stream::next(const std::function<bool()>& cancelled,
                                                 std::chrono::milliseconds poll) {
  event out;
  std::unique_lock<std::mutex> lock(mu_);
  while (pending_.empty() && (!final_ || final_taken_)) {
    if (cancelled && cancelled()) {
      out.cancelled = true;
      return out;
    }
    cv_.wait_for(lock, poll);
  }
  out.text = std::move(pending_);
  pending_.clear();
  if (final_ && !final_taken_) {
    out.final = *final_;
    final_taken_ = true;
  }
  return out;
}

}  // namespace wm::http_api
