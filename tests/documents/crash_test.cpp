// Process-level crash test: a child process writes thousands of documents through the
// documents actor and prints each acknowledged id; it is SIGKILLed at a random moment
// (200-1500 ms). The store, reopened, must hold every acknowledged id and pass
// PRAGMA integrity_check. Three rounds on the same file.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "adapters/sqlite/document_store.hpp"
#include "tests/store/temp_dir.hpp"

namespace wm {
namespace {

struct child_run {
  std::string output;
  int status = 0;
};

// Starts the writer with stdout on a pipe, kills it after `delay`, and returns what it
// printed (everything up to the kill).
child_run run_and_kill(const std::string& dir, const std::string& tag,
                       std::chrono::milliseconds delay) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe");
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    close(fds[0]);
    close(fds[1]);
    execl(WM_CRASH_WRITER, WM_CRASH_WRITER, dir.c_str(), "100000", tag.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[1]);
  child_run run;
  std::thread reader([&] {
    char buf[65536];
    ssize_t n;
    while ((n = read(fds[0], buf, sizeof buf)) > 0) run.output.append(buf, static_cast<size_t>(n));
  });
  std::this_thread::sleep_for(delay);
  kill(pid, SIGKILL);
  waitpid(pid, &run.status, 0);
  reader.join();  // EOF once the killed child's end of the pipe is closed
  close(fds[0]);
  return run;
}

std::vector<std::string> complete_lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1)
    out.push_back(text.substr(start, nl - start));
  return out;  // a trailing partial line (cut by the kill) is not an acknowledgement
}

TEST(documents_crash, sigkill_loses_no_acknowledged_write) {
  test::temp_dir dir;
  std::mt19937 rng(std::random_device{}());
  std::uniform_int_distribution<int> delay_ms(200, 1500);
  std::size_t total_acked = 0;
  for (int round = 0; round < 3; ++round) {
    auto delay = std::chrono::milliseconds(delay_ms(rng));
    auto run = run_and_kill(dir.path().string(), "round" + std::to_string(round), delay);
    ASSERT_TRUE(WIFSIGNALED(run.status))
        << "the writer ended before the kill (status " << run.status << ")";
    EXPECT_EQ(WTERMSIG(run.status), SIGKILL);
    auto acked = complete_lines(run.output);
    total_acked += acked.size();
    auto store = sqlite::document_store::open(dir.file("writemagic.db"));
    ASSERT_TRUE(store.ok()) << store.error().message;
    EXPECT_EQ((*store)->integrity_check(), "ok");
    std::size_t missing = 0;
    for (auto& id : acked)
      if (!(*store)->get(id).ok()) ++missing;
    EXPECT_EQ(missing, 0u) << "round " << round << ": " << missing << " of " << acked.size()
                           << " acknowledged documents are missing (killed after " << delay.count()
                           << " ms)";
    std::cout << "round " << round << ": killed after " << delay.count() << " ms, " << acked.size()
              << " acknowledged documents all present\n";
  }
  std::cout << "total acknowledged: " << total_acked << "\n";
}

}  // namespace
}  // namespace wm
