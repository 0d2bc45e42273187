#pragma once
// Ctrl-C in the REPL cancels the running command, never the shell; in script and stdin
// mode it also stops the script at the next command boundary (exit code 130). A SIGINT
// handler only sets a flag and writes a byte to two self-pipes (async-signal-safe): a
// watcher thread reads one and calls whatever cancel action the running command registered
// (for `ai complete`: a message that makes it send cancel to the gateway); the other wakes
// a reader blocked in wait_readable().
#include <atomic>
#include <functional>
#include <mutex>
#include <thread>

namespace wm::shell {

class interrupt_watcher {
 public:
  // Installs the SIGINT handler (restored by the destructor) and starts the watcher.
  interrupt_watcher();
  ~interrupt_watcher();
  interrupt_watcher(const interrupt_watcher&) = delete;
  interrupt_watcher& operator=(const interrupt_watcher&) = delete;

  // Set by every SIGINT; commands that loop (import, export) check it between steps.
  bool pending() const noexcept;
  void clear() noexcept;

  // Blocks until `fd` is readable (true) or an interrupt is pending (false), whichever
  // thread the signal was delivered to.
  bool wait_readable(int fd) noexcept;

  // Runs `action` on the watcher thread at each SIGINT while the returned scope lives.
  class scope {
   public:
    scope(interrupt_watcher& w, std::function<void()> action);
    ~scope();
    scope(const scope&) = delete;
    scope& operator=(const scope&) = delete;

   private:
    interrupt_watcher& w_;
  };

 private:
  void run();

  std::mutex mtx_;
  std::function<void()> action_;
  std::thread thread_;
};

}  // namespace wm::shell
