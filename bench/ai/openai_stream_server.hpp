#pragma once
// OpenAI-framed variant of bench/http_client/stream_hold_server (chat.completion.chunk events,
// a final usage chunk and [DONE]) so streams can run through the gateway's codec.
// A tiny epoll HTTP server for the "hold N slow streams" benchmark: one thread, thousands of
// connections, each answered with a chunked SSE body that trickles `tokens` chunks, one every
// `interval`, then ends. civetweb would need a thread per held connection.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <thread>

namespace wm::bench {

class openai_stream_server {
 public:
  openai_stream_server(int tokens, std::chrono::milliseconds interval);
  ~openai_stream_server();
  int port() const { return port_; }
  size_t peak_streams() const { return peak_.load(); }
  size_t finished_streams() const { return finished_.load(); }
  size_t failed_writes() const { return failed_.load(); }

 private:
  void run();
  int tokens_;
  std::chrono::milliseconds interval_;
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
