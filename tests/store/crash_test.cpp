// Kills a writer process with SIGKILL at a random moment and checks that every write it
// acknowledged (after its batch committed) survived, and that the file is intact.
#include <fcntl.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "adapters/sqlite/document_store.hpp"
#include "tests/store/temp_dir.hpp"

using namespace wm;
using namespace wm::sqlite;

namespace {

constexpr int batch_size = 16;
constexpr int max_docs_per_child = 60000;

std::string content_for(long n) {
  return "crash test document " + std::to_string(n) + " " + std::string(n % 200, 'x');
}

bool write_all(int fd, const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// The child: a fresh store on the shared file, batches of creates, and after each
// committed batch one ack line per document ("id<TAB>n"), made durable with fsync.
[[noreturn]] void run_writer(const std::string& db_path, const std::string& ack_path,
                             long first_n) {
  int ack = ::open(ack_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (ack < 0) _exit(3);
  auto store = document_store::open(db_path);
  if (!store) _exit(4);
  long n = first_n;
  for (int written = 0; written < max_docs_per_child; written += batch_size) {
    std::vector<write_op> ops;
    for (int i = 0; i < batch_size; ++i) {
      ops.push_back(create_document_op{
          {}, "doc " + std::to_string(n + i), content_for(n + i), "plain_text", {}, "crash"});
    }
    auto res = (*store)->apply_batch(std::move(ops));
    std::string lines;
    for (int i = 0; i < batch_size; ++i) {
      if (!res[static_cast<std::size_t>(i)].ok()) _exit(5);
      lines += res[static_cast<std::size_t>(i)]->id + "\t" + std::to_string(n + i) + "\n";
    }
    if (!write_all(ack, lines) || ::fsync(ack) != 0) _exit(6);
    n += batch_size;
  }
  _exit(0);
}

struct ack_entry {
  std::string id;
  long n = 0;
};

// Complete lines only: the kill may land in the middle of an ack write.
std::vector<ack_entry> read_acks(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  std::string text = buf.str();
  std::vector<ack_entry> out;
  std::size_t pos = 0;
  for (;;) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) break;
    std::string line = text.substr(pos, nl - pos);
    pos = nl + 1;
    auto tab = line.find('\t');
    if (tab == std::string::npos) continue;
    out.push_back({line.substr(0, tab), std::stol(line.substr(tab + 1))});
  }
  return out;
}

TEST(StoreCrash, AcknowledgedWritesSurviveSigkill) {
  test::temp_dir dir;
  const std::string db_path = dir.file("crash.db");
  const std::string ack_path = dir.file("acks.txt");
  std::mt19937 rng(std::random_device{}());
  std::uniform_int_distribution<int> delay_ms(50, 400);
  long next_n = 0;
  std::size_t killed_mid_write = 0;

  for (int round = 0; round < 5; ++round) {
    auto acks_before = read_acks(ack_path).size();
    // No connection to the file may be open in this process across fork().
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0) << "fork failed";
    if (pid == 0) run_writer(db_path, ack_path, next_n);

    // Start the kill timer once the child has acknowledged its first batch, so every
    // round kills a writer that is busy committing.
    bool exited = false;
    int wstatus = 0;
    for (int i = 0; i < 60000; ++i) {
      if (std::filesystem::exists(ack_path) && read_acks(ack_path).size() > acks_before) break;
      if (::waitpid(pid, &wstatus, WNOHANG) == pid) {
        exited = true;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (!exited) {
      std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
      ::kill(pid, SIGKILL);
      ASSERT_EQ(::waitpid(pid, &wstatus, 0), pid);
    }
    if (WIFSIGNALED(wstatus)) {
      EXPECT_EQ(WTERMSIG(wstatus), SIGKILL);
      ++killed_mid_write;
    } else {
      // The child finished all its writes before the kill: fine, if it succeeded.
      ASSERT_TRUE(WIFEXITED(wstatus));
      ASSERT_EQ(WEXITSTATUS(wstatus), 0) << "writer failed";
    }

    auto acks = read_acks(ack_path);
    ASSERT_GT(acks.size(), acks_before) << "round " << round << " acknowledged nothing";
    {
      auto store = document_store::open(db_path);
      ASSERT_TRUE(store.ok()) << store.error().message;
      for (const auto& a : acks) {
        auto d = (*store)->get(a.id);
        ASSERT_TRUE(d.ok()) << "acknowledged document " << a.id << " (#" << a.n
                            << ") lost in round " << round << ": " << d.error().message;
        ASSERT_EQ(d->content, content_for(a.n));
        ASSERT_EQ(d->title, "doc " + std::to_string(a.n));
      }
      EXPECT_EQ((*store)->integrity_check(), "ok");
      auto page = (*store)->list({});
      ASSERT_TRUE(page.ok());
      EXPECT_GE(page->total, acks.size());
      std::cout << "[ round " << round << " ] acknowledged " << acks.size() - acks_before
                << " (total " << acks.size() << ", stored " << page->total << ")\n";
      for (const auto& a : acks) next_n = std::max(next_n, a.n + 1);
    }
  }
  std::cout << "[ crash ] " << killed_mid_write << " of 5 writers killed mid-write\n";
}

}  // namespace
