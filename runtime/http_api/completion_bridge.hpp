#pragma once
// A streamed completion seen from a civetweb worker thread: a sink actor asks the gateway
// for the completion, queues the chunks it receives and the final result; the worker takes
// them off the queue and writes them to the client.
#include <caf/actor_system.hpp>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "messages/ai.hpp"
#include "messages/interfaces.hpp"
#include "messages/result.hpp"

namespace wm::http_api {

class completion_stream {
 public:
  // What next() found.
  struct event {
    std::string text;                                // chunks so far, concatenated
    std::optional<result<completion_result>> final;  // set once, after the last chunk
    bool cancelled = false;                          // `cancelled` turned true while waiting
  };

  // Starts the request; the sink actor lives until the gateway's final answer.
  static std::shared_ptr<completion_stream> start(caf::actor_system& sys, gateway_actor gateway,
                                                  completion_request req,
                                                  std::chrono::milliseconds timeout);

  // Waits until text or the final answer is there (or `cancelled` is true; polled every
  // `poll`), then takes everything queued.
  event next(const std::function<bool()>& cancelled,
             std::chrono::milliseconds poll = std::chrono::milliseconds(20));

  void push(std::string text);
  void finish(result<completion_result> r);

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::string pending_;
  std::optional<result<completion_result>> final_;
  bool final_taken_ = false;
};

}  // namespace wm::http_api
