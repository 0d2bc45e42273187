// The interactive shell under tmux (a real terminal): Tab completion, history recalled with
// Up after a restart, and Ctrl-C cancelling a streamed `ai complete` while the shell lives on.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "tests/shell/process.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/fake_provider/fake_provider.hpp"

namespace wm::shell_test {
namespace {

namespace fs = std::filesystem;

class Tmux {
 public:
  Tmux() : socket_("wmshell-" + std::to_string(::getpid())), session_("wm") {}
  ~Tmux() { run_sh(tmux() + " kill-server 2>/dev/null"); }

  void start(const std::string& command) {
    run_sh(tmux() + " new-session -d -x 200 -y 50 -s " + session_ + " " + quote(command));
  }
  void keys(const std::string& args) { run_sh(tmux() + " send-keys -t " + session_ + " " + args); }
  void type(const std::string& text) { keys("-l " + quote(text)); }
  std::string screen() {
    return run_sh(tmux() + " capture-pane -p -t " + session_ + " 2>/dev/null");
  }
  bool alive() { return run_sh(tmux() + " has-session -t " + session_ + " 2>&1").empty(); }
  bool shows(const std::string& text) {
    return wm::testing::eventually([&] { return screen().find(text) != std::string::npos; },
                                   std::chrono::seconds(30));
  }

 private:
  static std::string quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string{"'\\''"} : std::string{c};
    return out + "'";
  }
  std::string tmux() const { return "tmux -L " + socket_; }

  std::string socket_;
  std::string session_;
};

TEST(ShellInteractive, CompletionHistoryAndCtrlCCancelsAStreamedCompletion) {
  if (run_sh("command -v tmux").empty()) GTEST_SKIP() << "tmux is not installed";
  auto dir = fs::path{WM_BINARY_DIR} / "tests" / "shell" / "work" / "interactive";
  fs::remove_all(dir);
  fs::create_directories(dir);
  fake::fake_provider provider;
  ASSERT_TRUE(provider.running()) << provider.error();
  provider.set_default(fake::slow_stream(400, std::chrono::milliseconds(100)));

  std::string command =
      "cd " + dir.string() + " && WM_SHELL_HISTORY=" + (dir / "history").string() +
      " WM_TEST_KEY=sk-test exec " + WM_WRITEMAGIC_BINARY + " shell --data-dir " +
      (dir / "data").string() +
      " --set provider.fake.kind=openai --set provider.fake.base_url=" + provider.base_url() +
      "/v1 --set provider.fake.api_key_env=WM_TEST_KEY";
  {
    Tmux t;
    t.start(command);
    ASSERT_TRUE(t.shows("wm>")) << t.screen();

    // Tab completes a command name, then a subcommand.
    t.type("act");
    t.keys("Tab");
    ASSERT_TRUE(t.shows("wm> actors")) << t.screen();
    t.keys("Enter");
    ASSERT_TRUE(t.shows("restarts 0")) << t.screen();
    t.type("doc hist");
    t.keys("Tab");
    ASSERT_TRUE(t.shows("wm> doc history")) << t.screen();
    t.keys("C-u");

    // A streamed completion, cancelled with Ctrl-C after the first tokens arrived.
    t.type("ai complete 'write forever'");
    t.keys("Enter");
    ASSERT_TRUE(t.shows("t3 ")) << t.screen();
    t.keys("C-c");
    ASSERT_TRUE(t.shows("error: cancelled: ")) << t.screen();
    EXPECT_EQ(t.screen().find("t399 "), std::string::npos);
    EXPECT_TRUE(t.alive());

    // The shell is still there and answers.
    t.type("send health ping 4242");
    t.keys("Enter");
    ASSERT_TRUE(t.shows("\n4242")) << t.screen();
    t.type("quit");
    t.keys("Enter");
    ASSERT_TRUE(wm::testing::eventually([&] { return !t.alive(); }, std::chrono::seconds(30)));
  }
  {
    // A new shell recalls the previous session's lines with Up.
    Tmux t;
    t.start(command);
    ASSERT_TRUE(t.shows("wm>")) << t.screen();
    t.keys("Up");
    ASSERT_TRUE(t.shows("wm> quit")) << t.screen();
    t.keys("Up");
    ASSERT_TRUE(t.shows("wm> send health ping 4242")) << t.screen();
    t.keys("Enter");
    ASSERT_TRUE(t.shows("\n4242")) << t.screen();
    t.keys("C-d");
    ASSERT_TRUE(wm::testing::eventually([&] { return !t.alive(); }, std::chrono::seconds(30)));
  }
}

}  // namespace
}  // namespace wm::shell_test
