#pragma once
// SIGINT/SIGTERM/SIGHUP handling for the node: the signals are blocked in every thread
// (call block_termination_signals() before any thread starts) and a watcher thread waits
// for them with sigwait. The first one starts a graceful shutdown; a second one while that
// runs forces the process out with exit code 130, unless it is the same signal within
// 250 ms (one request delivered twice, as `timeout` does to the process and its group).
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace wm::cli {

void block_termination_signals();

class signal_watcher {
 public:
  signal_watcher();
  ~signal_watcher();
  signal_watcher(const signal_watcher&) = delete;
  signal_watcher& operator=(const signal_watcher&) = delete;

  // Blocks until the first SIGINT/SIGTERM (or request_stop()); returns the signal number
  // (0 for request_stop).
  int wait();

  // Wakes wait() as if a signal had come (a shutdown asked of the node, e.g. by a shell).
  void request_stop();

 private:
  void run();

  std::mutex mtx_;
  std::condition_variable cv_;
  int first_signal_ = -1;
  std::atomic<bool> done_{false};
  std::thread thread_;
};

}  // namespace wm::cli
