// Configuration errors through the real `writemagic` binary: bad caf.* values and bad
// cluster.seeds are refused at load by `node --dump-config` and `shell` alike (exit 2, the
// message naming key, value and origin); --dump-config output loads back and runs; an empty
// [provider.<name>] section declares the provider; an unknown empty section is refused.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/shell/process.hpp"

namespace wm::shell_test {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

class ConfigCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path{WM_BINARY_DIR} / "tests" / "config" / "work" /
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }

  std::string write(const std::string& name, const std::string& text) const {
    auto path = (dir_ / name).string();
    std::ofstream{path} << text;
    return path;
  }

  process_result node(std::vector<std::string> args) const {
    args.insert(args.begin(), {WM_WRITEMAGIC_BINARY, "node"});
    return run_process(args);
  }

  process_result shell(std::vector<std::string> args,
                       const std::vector<std::pair<std::string, std::string>>& env = {}) const {
    args.insert(args.begin(),
                {WM_WRITEMAGIC_BINARY, "shell", "--data-dir", (dir_ / "data").string()});
    return run_process(args, "", env);
  }

  fs::path dir_;
};

TEST_F(ConfigCli, BadCafValuesAreConfigErrors) {
  for (const char* set :
       {"caf.scheduler.max-threads=abc", "caf.middleman.heartbeat-interval=garbage",
        "caf.scheduler.policy=sharng"}) {
    auto dumped = node({"--set", set, "--dump-config"});
    EXPECT_EQ(dumped.exit_code, 2) << set << "\n" << dumped.out << dumped.err;
    EXPECT_THAT(dumped.err, HasSubstr(std::string{"(from --set "} + set + ")"));
    auto ran = shell({"--set", set, "-c", "send health ping 1"});
    EXPECT_EQ(ran.exit_code, 2) << set << "\n" << ran.out << ran.err;
    EXPECT_THAT(ran.err, Not(HasSubstr("failed to set config parameter")));
  }
  auto file = write("bad.ini", "[caf.middleman]\nheartbeat-interval = \"5x\"\n");
  auto r = node({"--config", file, "--dump-config"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, AllOf(HasSubstr("'5x'"), HasSubstr("bad.ini:2"), HasSubstr("timespan")));
}

// The quoted form is valid (quotes are INI syntax) and applied, not printed and dropped.
TEST_F(ConfigCli, QuotedCafValuesAreApplied) {
  auto file = write("quoted.ini",
                    "[caf.middleman]\nheartbeat-interval = \"5s\"\n"
                    "[caf.scheduler]\npolicy = \"sharing\"\nmax-threads = \"2\"\n");
  auto r = shell({"--config", file, "-c", "send health ping 1"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.err, Not(HasSubstr("failed to set config parameter")));
}

// --dump-config of CAF options whose bare value holds '"' loads back and runs.
TEST_F(ConfigCli, DumpOfCafListsLoadsBackAndRuns) {
  auto file = write("cl.ini",
                    "[caf.middleman]\napp-identifiers = [\"wm\", \"x\"]\n"
                    "app-identifier = say \"hi\"\nconnection-timeout = 1500ms\n");
  auto first = node({"--config", file, "--dump-config"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  auto dumped = write("cl2.ini", first.out);
  auto second = node({"--config", dumped, "--dump-config"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(second.out, first.out);
  auto ran = shell({"--config", dumped, "-c", "send health ping 1"});
  EXPECT_EQ(ran.exit_code, 0) << ran.out << ran.err;
}

TEST_F(ConfigCli, EmptyProviderSectionDeclaresTheProvider) {
  auto file = write("e.ini", "[provider.openai]\n");
  auto r = shell({"--config", file, "-c", "providers"}, {{"OPENAI_API_KEY", "x"}});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("openai"));
  EXPECT_THAT(r.out + r.err, Not(HasSubstr("no providers configured")));
  // --dump-config keeps it.
  auto dumped = node({"--config", file, "--dump-config"});
  ASSERT_EQ(dumped.exit_code, 0) << dumped.err;
  EXPECT_THAT(dumped.out, HasSubstr("[provider.openai]"));
}

TEST_F(ConfigCli, UnknownEmptySectionIsRefused) {
  auto file = write("n.ini", "[log]\nlevel = warn\n[nonsense]\n");
  auto r = node({"--config", file, "--dump-config"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("unknown section [nonsense] (from " + file + ":3)"));
  EXPECT_EQ(shell({"--config", file, "-c", "send health ping 1"}).exit_code, 2);
}

TEST_F(ConfigCli, BadClusterSeedsAreConfigErrors) {
  auto dumped = node({"--set", "cluster.seeds=garbage", "--dump-config"});
  EXPECT_EQ(dumped.exit_code, 2) << dumped.out;
  EXPECT_THAT(dumped.err, AllOf(HasSubstr("cluster.seeds"), HasSubstr("'garbage'"),
                                HasSubstr("(from --set cluster.seeds=garbage)")));
  auto ran = shell({"--set", "cluster.seeds=garbage", "-c", "send health ping 1"});
  EXPECT_EQ(ran.exit_code, 2) << ran.out << ran.err;
  EXPECT_THAT(ran.err, HasSubstr("(from --set cluster.seeds=garbage)"));
}

}  // namespace
}  // namespace wm::shell_test
