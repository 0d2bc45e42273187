#pragma once
// The fake provider's HTTP/1.1 server: one epoll thread on 127.0.0.1 that reads requests off
// kept-alive connections and carries out the handler's response plan for each: bytes at their
// delays, then keep, close or reset the connection. One thread holds any number of slow or
// stalled responses, and a request costs no thread wake-up of its own, so the server takes
// little of the CPU that the clients under test share with it.
#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include "tests/support/fake_provider/request_head.hpp"
#include "tests/support/fake_provider/response_plan.hpp"

namespace wm::fake {

struct timed_http_server_options {
  int port = 0;                                // 0 = ephemeral
  std::chrono::milliseconds keep_alive{2000};  // an idle connection is closed after this
  request_limits limits;
};

class timed_http_server {
 public:
  // Runs on the server thread, once per complete request.
  using handler = std::function<response_plan(recorded_request&& request, int remote_port)>;
  // Runs on the server thread when a stream's client goes away (or a write to it fails)
  // before its last step.
  using abort_listener = std::function<void()>;

  timed_http_server(timed_http_server_options options, handler on_request,
                    abort_listener on_stream_aborted);
  ~timed_http_server();  // stop()
  timed_http_server(const timed_http_server&) = delete;
  timed_http_server& operator=(const timed_http_server&) = delete;

  bool running() const { return port_ != 0; }
  const std::string& error() const { return error_; }  // why it is not running
  int port() const { return port_; }
  // Streaming responses in progress now, and the most at once since start (or the last
  // reset_peak_streams).
  size_t streams_open() const { return streams_open_.load(); }
  size_t peak_streams() const { return peak_streams_.load(); }
  void reset_peak_streams() { peak_streams_.store(streams_open_.load()); }

  // Closes every connection (cutting responses in progress) and joins the thread; idempotent.
  void stop();

 private:
  class loop;

  timed_http_server_options options_;
  handler on_request_;
  abort_listener on_stream_aborted_;
  int listen_fd_ = -1;
  int epoll_fd_ = -1;
  int stop_fd_ = -1;
  int port_ = 0;
  std::string error_;
  std::atomic<size_t> streams_open_{0};
  std::atomic<size_t> peak_streams_{0};
  std::atomic<bool> stopped_{false};
  std::thread thread_;
};

}  // namespace wm::fake
