#pragma once
// Child processes for the node tests: the real `writemagic node` and the fake provider
// server, started with fork/exec, output in files, stopped by signal.
#include <sys/types.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace wm::testing {

class child_process {
 public:
  // argv[0] is the program path. `env` is added to this process's environment.
  child_process(std::vector<std::string> argv, std::map<std::string, std::string> env,
                std::filesystem::path stdout_file, std::filesystem::path stderr_file);
  ~child_process();  // SIGKILL + reap if still running
  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;

  pid_t pid() const noexcept { return pid_; }
  bool running();
  void signal(int sig);
  // Waits for exit; the exit code, or 128 + signal when killed by one.
  int wait();

 private:
  pid_t pid_ = -1;
  int status_ = -1;
};

std::string read_text(const std::filesystem::path& p);

// A fresh directory under the system temp dir, removed with its contents when the test
// process exits (kept if a test failed).
std::filesystem::path make_temp_dir(const std::string& prefix);

}  // namespace wm::testing
