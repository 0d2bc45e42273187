#pragma once
// A tiny epoll HTTP server for the "hold N slow streams" benchmark: one thread, thousands of
// connections, each answered with a chunked SSE body that trickles `tokens` chunks, one every
// `interval`, then ends. civetweb would need a thread per held connection.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <thread>

namespace wm::bench {

class stream_hold_server {
 public:
  stream_hold_server(int tokens, std::chrono::milliseconds interval);
  ~stream_hold_server();
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
