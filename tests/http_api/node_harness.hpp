#pragma once
// Starts the real `writemagic node` on an ephemeral loopback port with a temp data dir, and
// the fake provider server, for the node tests.
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tests/http_api/http_client_util.hpp"
#include "tests/http_api/node_process.hpp"
#include "tests/support/eventually.hpp"

namespace wm::testing {

inline std::string writemagic_binary() {
  return std::string{WM_BINARY_DIR} + "/runtime/cli/writemagic";
}
inline std::string fake_provider_binary() {
  return std::string{WM_BINARY_DIR} + "/tests/support/fake_provider/wm_fake_provider_server";
}

struct node_run {
  std::filesystem::path dir;
  std::filesystem::path data_dir;
  int port = 0;
  std::string base;
  std::unique_ptr<child_process> proc;
  int run = 0;

  std::string log() const { return read_text(dir / ("node" + std::to_string(run) + ".err")); }
};

// The fake provider as a process on an ephemeral port.
class fake_provider_process {
 public:
  explicit fake_provider_process(const std::filesystem::path& dir) {
    out_ = dir / "fake.out";
    proc_ = std::make_unique<child_process>(
        std::vector<std::string>{fake_provider_binary(), "--port", "0", "--print-port"},
        std::map<std::string, std::string>{}, out_, dir / "fake.err");
    eventually([&] { return read_text(out_).find('\n') != std::string::npos; });
    port_ = std::atoi(read_text(out_).c_str());
  }
  ~fake_provider_process() {
    proc_->signal(SIGTERM);
    proc_->wait();
  }
  int port() const { return port_; }
  std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // POST /_script with a behaviour list (see tests/support/fake_provider/fake_behaviour.hpp).
  void script(const std::string& json) const {
    auto r = http_send("POST", base() + "/_script", json);
    EXPECT_EQ(r.status, 200) << r.body;
  }
  // The next `count` requests stream 60 tokens 200 ms apart (12 s each): long enough to be
  // in flight when the node is told to stop.
  void queue_slow(int count) const {
    std::string tokens;
    for (int i = 0; i < 60; ++i)
      tokens += std::string(i ? "," : "") + "\"t" + std::to_string(i) + " \"";
    std::string list = "[";
    for (int i = 0; i < count; ++i)
      list += std::string(i ? "," : "") + R"({"tokens":[)" + tokens + R"(],"token_delay_ms":200})";
    script(list + "]");
  }

 private:
  std::filesystem::path out_;
  std::unique_ptr<child_process> proc_;
  int port_ = 0;
};

// Launches the node (another run on the same data dir when `n.data_dir` is set) and waits for
// /healthz. `extra` are further command line arguments.
inline void start_node(node_run& n, std::vector<std::string> extra = {},
                       std::map<std::string, std::string> env = {}, bool wait_ready = true,
                       std::string listen_host = "127.0.0.1") {
  if (n.dir.empty()) n.dir = make_temp_dir("wm_http_node_");
  if (n.data_dir.empty()) n.data_dir = n.dir / "data";
  n.port = free_port();
  n.base = "http://127.0.0.1:" + std::to_string(n.port);
  ++n.run;
  std::vector<std::string> argv{writemagic_binary(),
                                "node",
                                "--data-dir",
                                n.data_dir.string(),
                                "--http",
                                listen_host + ":" + std::to_string(n.port),
                                "--set",
                                "log.level=debug"};
  for (auto& a : extra) argv.push_back(std::move(a));
  n.proc = std::make_unique<child_process>(argv, std::move(env),
                                           n.dir / ("node" + std::to_string(n.run) + ".out"),
                                           n.dir / ("node" + std::to_string(n.run) + ".err"));
  if (!wait_ready) return;
  const bool up =
      eventually([&] { return !n.proc->running() || http_get(n.base + "/healthz").status == 200; },
                 std::chrono::seconds(60));
  ASSERT_TRUE(up && n.proc->running()) << "node did not come up; log:\n" << n.log();
}

// SIGTERM and the exit code.
inline int stop_node(node_run& n) {
  n.proc->signal(SIGTERM);
  return n.proc->wait();
}

}  // namespace wm::testing
