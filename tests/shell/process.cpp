#include "tests/shell/process.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

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

}  // namespace

process_result run_process(const std::vector<std::string>& argv, const std::string& stdin_text,
                           const std::vector<std::pair<std::string, std::string>>& env) {
  int in[2], out[2], err[2];
  if (pipe(in) != 0 || pipe(out) != 0 || pipe(err) != 0) return {};
  pid_t pid = fork();
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
  process_result res;
  size_t written = 0;
  int in_fd = in[1];
  if (stdin_text.empty()) {
    close(in_fd);
    in_fd = -1;
  } else {
    fcntl(in_fd, F_SETFL, O_NONBLOCK);
  }
  signal(SIGPIPE, SIG_IGN);
  bool out_open = true, err_open = true;
  while (out_open || err_open) {
    pollfd fds[3] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}, {in_fd, POLLOUT, 0}};
    int n = poll(fds, in_fd >= 0 ? 3 : 2, -1);
    if (n < 0) continue;
    char buf[4096];
    if (fds[0].revents) {
      auto r = read(out[0], buf, sizeof buf);
      if (r <= 0)
        out_open = false, fds[0].fd = -1;
      else
        res.out.append(buf, static_cast<size_t>(r));
    }
    if (fds[1].revents) {
      auto r = read(err[0], buf, sizeof buf);
      if (r <= 0)
        err_open = false;
      else
        res.err.append(buf, static_cast<size_t>(r));
    }
    if (in_fd >= 0 && fds[2].revents) {
      auto r = write(in_fd, stdin_text.data() + written, stdin_text.size() - written);
      if (r > 0) written += static_cast<size_t>(r);
      if (r < 0 || written == stdin_text.size()) {
        close(in_fd);
        in_fd = -1;
      }
    }
    if (!out_open && !err_open) break;
    if (!out_open) {  // keep draining stderr only
      pollfd one{err[0], POLLIN, 0};
      while (poll(&one, 1, -1) > 0) {
        auto r = read(err[0], buf, sizeof buf);
        if (r <= 0) break;
        res.err.append(buf, static_cast<size_t>(r));
      }
      err_open = false;
    }
  }
  if (in_fd >= 0) close(in_fd);
  close(out[0]);
  close(err[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  res.exit_code = decode(status);
  return res;
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
