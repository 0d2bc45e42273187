#include "runtime/cli/shell/interrupt.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>

namespace wm::shell {

namespace {

// One shell per process: the handler reaches these through globals.
std::atomic<bool> g_pending{false};
int g_pipe[2] = {-1, -1};
// Readable while an interrupt is pending (until clear()): wait_readable() polls it, so a
// blocked read wakes whichever thread the kernel delivered the signal to.
int g_wake[2] = {-1, -1};
struct sigaction g_previous;

extern "C" void on_sigint(int) {
  int saved = errno;
  g_pending.store(true);
  char byte = 1;
  [[maybe_unused]] auto n = ::write(g_pipe[1], &byte, 1);
  [[maybe_unused]] auto m = ::write(g_wake[1], &byte, 1);
  errno = saved;
}

void drain_wake() {
  char buf[64];
  while (g_wake[0] >= 0 && ::read(g_wake[0], buf, sizeof buf) > 0) {
  }
}

}  // namespace

interrupt_watcher::interrupt_watcher() {
  if (::pipe2(g_pipe, O_CLOEXEC | O_NONBLOCK) != 0) return;
  if (::pipe2(g_wake, O_CLOEXEC | O_NONBLOCK) != 0) {
    ::close(g_pipe[0]);
    ::close(g_pipe[1]);
    g_pipe[0] = g_pipe[1] = -1;
    return;
  }
  struct sigaction sa {};
  sa.sa_handler = on_sigint;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: a blocking read in the REPL returns, the prompt redraws
  sigaction(SIGINT, &sa, &g_previous);
  thread_ = std::thread{[this] { run(); }};
}

interrupt_watcher::~interrupt_watcher() {
  if (g_pipe[1] < 0) return;
  sigaction(SIGINT, &g_previous, nullptr);
  ::close(g_pipe[1]);  // wakes the watcher with EOF
  if (thread_.joinable()) thread_.join();
  ::close(g_pipe[0]);
  g_pipe[0] = g_pipe[1] = -1;
  ::close(g_wake[0]);
  ::close(g_wake[1]);
  g_wake[0] = g_wake[1] = -1;
}

bool interrupt_watcher::pending() const noexcept {
  return g_pending.load();
}

void interrupt_watcher::clear() noexcept {
  g_pending.store(false);
  drain_wake();
}

bool interrupt_watcher::wait_readable(int fd) noexcept {
  for (;;) {
    if (pending()) return false;
    pollfd pfds[2] = {{fd, POLLIN, 0}, {g_wake[0], POLLIN, 0}};
    int n = ::poll(pfds, g_wake[0] >= 0 ? 2 : 1, -1);
    if (n < 0) {
      if (errno == EINTR) continue;  // pending() decides on the next turn
      return true;                   // let the read report the error
    }
    if (pfds[0].revents != 0) return !pending();
    if (pfds[1].revents != 0 && !pending()) drain_wake();  // a byte left by a cleared one
  }
}

void interrupt_watcher::run() {
  for (;;) {
    pollfd pfd{g_pipe[0], POLLIN, 0};
    if (::poll(&pfd, 1, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    char buf[64];
    auto n = ::read(g_pipe[0], buf, sizeof buf);
    if (n == 0) return;  // write end closed: shutting down
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return;
    }
    std::function<void()> action;
    {
      std::lock_guard<std::mutex> guard{mtx_};
      action = action_;
    }
    if (action) action();
  }
}

interrupt_watcher::scope::scope(interrupt_watcher& w, std::function<void()> action) : w_(w) {
  // No clear() here: an interrupt that arrived before the command started must still stop
  // a script at the next command boundary (the REPL clears before each prompt).
  std::lock_guard<std::mutex> guard{w_.mtx_};
  w_.action_ = std::move(action);
}

interrupt_watcher::scope::~scope() {
  std::lock_guard<std::mutex> guard{w_.mtx_};
  w_.action_ = nullptr;
}

}  // namespace wm::shell
