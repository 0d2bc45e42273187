#include "tests/shell/process.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace wm::shell_test {

namespace {

int decode(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

std::vector<char*> c_argv(const std::vector<std::string>& argv) {
  std::vector<char*> out;
  for (const auto& a : argv) out.push_back(const_cast<char*>(a.c_str()));
  out.push_back(nullptr);
  return out;
}

// The child's three standard streams as pipes, for the parent to drive.
struct child_pipes {
  pid_t pid = -1;
  int in = -1, out = -1, err = -1;  // the parent's ends
};

// Forks and execs argv with `env` added; pid -1 if the pipes could not be made.
child_pipes spawn_with_pipes(const std::vector<std::string>& argv,
                             const std::vector<std::pair<std::string, std::string>>& env) {
  int in[2], out[2], err[2];
  if (pipe(in) != 0 || pipe(out) != 0 || pipe(err) != 0) return {};
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(in[0], 0);
    dup2(out[1], 1);
    dup2(err[1], 2);
    for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]}) close(fd);
    for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
    auto args = c_argv(argv);
    execv(args[0], args.data());
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  close(err[1]);
  return {pid, in[1], out[0], err[0]};
}

}  // namespace

process_result run_process(const std::vector<std::string>& argv, const std::string& stdin_text,
                           const std::vector<std::pair<std::string, std::string>>& env,
                           std::chrono::milliseconds timeout) {
  const auto child = spawn_with_pipes(argv, env);
  if (child.pid < 0) return {};
  const pid_t pid = child.pid;
  process_result res;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  size_t written = 0;
  int in_fd = child.in;
  if (stdin_text.empty()) {
    close(in_fd);
    in_fd = -1;
  } else {
    fcntl(in_fd, F_SETFL, O_NONBLOCK);
  }
  signal(SIGPIPE, SIG_IGN);
  int fds_open[2] = {child.out, child.err};
  std::string* sinks[2] = {&res.out, &res.err};
  while (fds_open[0] >= 0 || fds_open[1] >= 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 && !res.timed_out) {
      kill(pid, SIGKILL);  // the pipes close with it
      res.timed_out = true;
      if (in_fd >= 0) close(in_fd);
      in_fd = -1;
    }
    pollfd fds[3] = {{fds_open[0], POLLIN, 0}, {fds_open[1], POLLIN, 0}, {in_fd, POLLOUT, 0}};
    int n = poll(fds, 3,
                 res.timed_out ? 1000 : static_cast<int>(std::min<long long>(left.count(), 1000)));
    if (n < 0) continue;
    char buf[65536];
    for (int i = 0; i < 2; ++i) {
      if (fds_open[i] < 0 || !fds[i].revents) continue;
      auto r = read(fds_open[i], buf, sizeof buf);
      if (r <= 0)
        fds_open[i] = -1;
      else
        sinks[i]->append(buf, static_cast<size_t>(r));
    }
    if (in_fd >= 0 && fds[2].revents) {
      auto r = write(in_fd, stdin_text.data() + written, stdin_text.size() - written);
      if (r > 0) written += static_cast<size_t>(r);
      if (r < 0 || written == stdin_text.size()) {
        close(in_fd);
        in_fd = -1;
      }
    }
  }
  if (in_fd >= 0) close(in_fd);
  close(child.out);
  close(child.err);
  int status = 0;
  waitpid(pid, &status, 0);
  res.exit_code = decode(status);
  return res;
}

live_process::live_process(const std::vector<std::string>& argv,
                           const std::vector<std::pair<std::string, std::string>>& env) {
  const auto child = spawn_with_pipes(argv, env);
  if (child.pid < 0) return;
  pid_ = child.pid;
  in_ = child.in;
  out_ = child.out;
  err_ = child.err;
  ::signal(SIGPIPE, SIG_IGN);
}

live_process::~live_process() {
  if (pid_ > 0) finish(std::chrono::milliseconds(0));
  for (int fd : {in_, out_, err_})
    if (fd >= 0) close(fd);
}

void live_process::write(const std::string& text) {
  size_t done = 0;
  while (in_ >= 0 && done < text.size()) {
    auto r = ::write(in_, text.data() + done, text.size() - done);
    if (r <= 0) return;
    done += static_cast<size_t>(r);
  }
}

void live_process::close_stdin() {
  if (in_ >= 0) close(in_);
  in_ = -1;
}

void live_process::signal(int sig) {
  if (pid_ > 0) kill(pid_, sig);
}

bool live_process::pump(std::chrono::steady_clock::time_point deadline) {
  if (out_ < 0 && err_ < 0) return false;
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  if (left.count() <= 0) return false;
  pollfd fds[2] = {{out_, POLLIN, 0}, {err_, POLLIN, 0}};
  if (poll(fds, 2, static_cast<int>(std::min<long long>(left.count(), 1000))) <= 0) return true;
  char buf[65536];
  int* fd[2] = {&out_, &err_};
  std::string* sink[2] = {&res_.out, &res_.err};
  for (int i = 0; i < 2; ++i) {
    if (*fd[i] < 0 || !fds[i].revents) continue;
    auto r = read(*fd[i], buf, sizeof buf);
    if (r <= 0) {
      close(*fd[i]);
      *fd[i] = -1;
    } else {
      sink[i]->append(buf, static_cast<size_t>(r));
    }
  }
  return true;
}

bool live_process::wait_for_output(const std::string& text, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (res_.out.find(text) == std::string::npos)
    if (!pump(deadline) || out_ < 0) return res_.out.find(text) != std::string::npos;
  return true;
}

process_result live_process::finish(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return res_;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (pump(deadline)) {
  }
  int status = 0;
  for (;;) {  // bounded by the deadline
    auto w = waitpid(pid_, &status, WNOHANG);
    if (w == pid_ || w < 0) break;
    if (std::chrono::steady_clock::now() >= deadline) {
      kill(pid_, SIGKILL);
      res_.timed_out = true;
      waitpid(pid_, &status, 0);
      break;
    }
    usleep(10000);
  }
  res_.exit_code = decode(status);
  pid_ = -1;
  close_stdin();
  return res_;
}

background_process::background_process(const std::vector<std::string>& argv,
                                       const std::string& log_path) {
  pid_ = fork();
  if (pid_ == 0) {
    int fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, 1);
    dup2(fd, 2);
    int null = open("/dev/null", O_RDONLY);
    dup2(null, 0);
    auto args = c_argv(argv);
    execv(args[0], args.data());
    _exit(127);
  }
}

background_process::~background_process() {
  stop();
}

bool background_process::running() const {
  if (pid_ <= 0) return false;
  return waitpid(pid_, nullptr, WNOHANG) == 0;
}

int background_process::stop() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    code_ = decode(status);
    pid_ = -1;
  }
  return code_;
}

std::string run_sh(const std::string& command) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

}  // namespace wm::shell_test
