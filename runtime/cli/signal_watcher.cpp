#include "runtime/cli/signal_watcher.hpp"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>

#include "runtime/cli/commands.hpp"
#include "runtime/logging/log.hpp"

namespace wm::cli {

namespace {

// SIGUSR1 only wakes the watcher when it is destroyed.
constexpr int wake_signal = SIGUSR1;

constexpr std::chrono::milliseconds repeat_is_echo_within{250};

sigset_t watched_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);  // a closed terminal or session: stop cleanly, not die mid-write
  sigaddset(&set, wake_signal);
  return set;
}

}  // namespace

void block_termination_signals() {
  auto set = watched_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

signal_watcher::signal_watcher() : thread_([this] { run(); }) {}

signal_watcher::~signal_watcher() {
  done_ = true;
  // Wake sigwait with a signal aimed at the watcher thread; it sees done_ and leaves.
  pthread_kill(thread_.native_handle(), wake_signal);
  thread_.join();
}

void signal_watcher::run() {
  auto set = watched_signals();
  int count = 0;
  int first = 0;
  std::chrono::steady_clock::time_point first_at;
  for (;;) {
    int sig = 0;
    if (sigwait(&set, &sig) != 0) continue;
    if (done_) return;
    if (sig == wake_signal) continue;
    // One stop request can arrive twice: `timeout` signals the process and then its
    // process group. A repeat of the same signal this soon is that echo, not a person
    // asking again to force the exit.
    if (count == 1 && sig == first &&
        std::chrono::steady_clock::now() - first_at < repeat_is_echo_within) {
      log::debug("", "signal {} again within {} ms: taken as the same request", sig,
                 repeat_is_echo_within.count());
      continue;
    }
    ++count;
    if (count == 1) {
      first = sig;
      first_at = std::chrono::steady_clock::now();
      log::info("", "received signal {}: shutting down (send again to force)", sig);
      std::lock_guard lock{mtx_};
      first_signal_ = sig;
      cv_.notify_all();
    } else {
      log::warn("", "received signal {} again: forcing exit", sig);
      spdlog::default_logger_raw()->flush();
      _exit(exit_forced);
    }
  }
}

int signal_watcher::wait() {
  std::unique_lock lock{mtx_};
  cv_.wait(lock, [this] { return first_signal_ >= 0; });
  return first_signal_;
}

void signal_watcher::request_stop() {
  std::lock_guard lock{mtx_};
  if (first_signal_ < 0) first_signal_ = 0;
  cv_.notify_all();
}

}  // namespace wm::cli
