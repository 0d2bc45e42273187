#pragma once
// Runs the real `writemagic` binary as a child process for the shell tests: arguments,
// environment additions, stdin text; collects stdout, stderr and the exit code.
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/free_port.hpp"

namespace wm::shell_test {

struct process_result {
  int exit_code = -1;  // 128+N when killed by signal N
  std::string out;
  std::string err;
  bool timed_out = false;  // killed (SIGKILL) after the timeout
};

// Runs to completion; a process still running after `timeout` is killed (timed_out).
process_result run_process(const std::vector<std::string>& argv, const std::string& stdin_text = "",
                           const std::vector<std::pair<std::string, std::string>>& env = {},
                           std::chrono::milliseconds timeout = std::chrono::minutes(5));

// A process driven step by step: write to its stdin (kept open until close_stdin), wait for
// its output, send it signals. The destructor kills it (SIGKILL) if it still runs.
class live_process {
 public:
  explicit live_process(const std::vector<std::string>& argv,
                        const std::vector<std::pair<std::string, std::string>>& env = {});
  ~live_process();
  live_process(const live_process&) = delete;
  live_process& operator=(const live_process&) = delete;

  void write(const std::string& text);  // blocking; ignores a closed pipe
  void close_stdin();
  void signal(int sig);
  // Collects output until stdout holds `text` (true), or the process closed stdout or the
  // time is up (false).
  bool wait_for_output(const std::string& text, std::chrono::milliseconds timeout);
  // Collects the rest of the output and the exit code; kills the process (timed_out) if it
  // has not ended within `timeout`.
  process_result finish(std::chrono::milliseconds timeout);
  const std::string& out() const { return res_.out; }

 private:
  // One poll round over stdout and stderr; false when both are closed or time is up.
  bool pump(std::chrono::steady_clock::time_point deadline);

  int pid_ = -1;
  int in_ = -1, out_ = -1, err_ = -1;
  process_result res_;
};

// A background process (a node) with its output in files; killed (SIGTERM, then waited for)
// by the destructor.
class background_process {
 public:
  background_process(const std::vector<std::string>& argv, const std::string& log_path);
  ~background_process();
  background_process(const background_process&) = delete;
  background_process& operator=(const background_process&) = delete;
  bool running() const;
  // SIGTERM and wait; returns the exit code.
  int stop();

 private:
  int pid_ = -1;
  int code_ = -1;
};

using wm::testing::free_port;

// Runs a shell command line (tmux), returns its stdout.
std::string run_sh(const std::string& command);

}  // namespace wm::shell_test
