#pragma once
// A tiny epoll HTTP server for the "hold N slow streams" benchmark: one thread, thousands of
// connections, each answered with a chunked SSE body that trickles `tokens` chunks, one every
// `interval`, then ends. civetweb would need a thread per held connection.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <thread>

namespace wm::bench {

// The SSE text sent for token `index` of `total` (the last one may append closing events).
using sse_framing = std::function<std::string(int index, int total)>;

// `data: {"token":N}` per token: enough for the raw HTTP client benchmark.
std::string plain_token_event(int index, int total);

class stream_hold_server {
 public:
  stream_hold_server(int tokens, std::chrono::milliseconds interval,
                     sse_framing framing = plain_token_event);
  ~stream_hold_server();
  int port() const { return port_; }
  size_t peak_streams() const { return peak_.load(); }
  size_t finished_streams() const { return finished_.load(); }
  size_t failed_writes() const { return failed_.load(); }

 private:
  void run();
  int tokens_;
  std::chrono::milliseconds interval_;
  sse_framing framing_;
  int listen_fd_ = -1;
  int epoll_fd_ = -1;
  int stop_fd_ = -1;
  int port_ = 0;
  std::atomic<size_t> peak_{0};
  std::atomic<size_t> finished_{0};
  std::atomic<size_t> failed_{0};
  std::thread thread_;
};

}  // namespace wm::bench
