#include "tests/http_api/node_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <mutex>

namespace wm::testing {

child_process::child_process(std::vector<std::string> argv, std::map<std::string, std::string> env,
                             std::filesystem::path stdout_file, std::filesystem::path stderr_file) {
  pid_ = fork();
  if (pid_ != 0) return;
  // Child: fresh signal state (gtest's threads may have blocked some), redirect, exec.
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  const int out = open(stdout_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const int err = open(stderr_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  dup2(out, 1);
  dup2(err, 2);
  for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
  std::vector<char*> args;
  for (auto& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  execv(args[0], args.data());
  _exit(127);
}

child_process::~child_process() {
  if (running()) {
    kill(pid_, SIGKILL);
    wait();
  }
}

bool child_process::running() {
  if (pid_ <= 0 || status_ != -1) return false;
  int st = 0;
  const pid_t r = waitpid(pid_, &st, WNOHANG);
  if (r == 0) return true;
  status_ = st;
  return false;
}

void child_process::signal(int sig) {
  if (running()) kill(pid_, sig);
}

int child_process::wait() {
  if (status_ == -1 && pid_ > 0) {
    int st = 0;
    waitpid(pid_, &st, 0);
    status_ = st;
  }
  if (WIFEXITED(status_)) return WEXITSTATUS(status_);
  if (WIFSIGNALED(status_)) return 128 + WTERMSIG(status_);
  return -1;
}

std::string read_text(const std::filesystem::path& p) {
  std::ifstream in{p, std::ios::binary};
  return {std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
}

namespace {

// The directories make_temp_dir made go when the test process exits (ctest runs each test
// in a process of its own), unless a test failed: then its logs and data stay for a look.
class made_directories {
 public:
  void add(std::filesystem::path dir) {
    std::lock_guard<std::mutex> lock{mu_};
    dirs_.push_back(std::move(dir));
  }
  // Constructed after GoogleTest's UnitTest singleton, so destroyed before it.
  ~made_directories() {
    if (::testing::UnitTest::GetInstance()->Failed()) return;
    for (const auto& dir : dirs_) {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    }
  }

 private:
  std::mutex mu_;
  std::vector<std::filesystem::path> dirs_;
};

made_directories& made() {
  static made_directories dirs;
  return dirs;
}

}  // namespace

std::filesystem::path make_temp_dir(const std::string& prefix) {
  std::string tmpl = (std::filesystem::temp_directory_path() / (prefix + "XXXXXX")).string();
  char* dir = mkdtemp(tmpl.data());
  if (dir == nullptr) return {};
  made().add(dir);
  return dir;
}

}  // namespace wm::testing
