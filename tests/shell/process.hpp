#pragma once
// Runs the real `writemagic` binary as a child process for the shell tests: arguments,
// environment additions, stdin text; collects stdout, stderr and the exit code.
#include <string>
#include <utility>
#include <vector>

#include "tests/support/free_port.hpp"

namespace wm::shell_test {

struct process_result {
  int exit_code = -1;  // 128+N when killed by signal N
  std::string out;
  std::string err;
};

process_result run_process(const std::vector<std::string>& argv, const std::string& stdin_text = "",
                           const std::vector<std::pair<std::string, std::string>>& env = {});

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
