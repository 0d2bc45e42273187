// Runs the real `writemagic shell` binary: scripted sessions through -c, a script file and
// stdin, exit codes, --keep-going, --json lines, streamed AI completions from the fake
// provider, and --connect to a real `writemagic node` process.
#include <gtest/gtest.h>
#include <signal.h>
#include <simdjson.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "tests/shell/process.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/fake_provider/fake_provider.hpp"

namespace wm::shell_test {
namespace {

namespace fs = std::filesystem;

class ShellBinary : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path{WM_BINARY_DIR} / "tests" / "shell" / "work" /
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }

  std::vector<std::string> shell_args(std::vector<std::string> extra) const {
    std::vector<std::string> argv{WM_WRITEMAGIC_BINARY, "shell", "--data-dir",
                                  (dir_ / "data").string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return argv;
  }

  process_result shell(std::vector<std::string> extra, const std::string& stdin_text = "") {
    return run_process(shell_args(std::move(extra)), stdin_text);
  }

  // Runs the shell through sh with stdout redirected to `stdout_target` (e.g. /dev/full);
  // returns the exit code, stderr in `err`.
  int shell_to(const std::string& stdout_target, const std::string& args, std::string& err,
               const std::string& stdin_file = "/dev/null") {
    auto err_path = (dir_ / "stderr.txt").string();
    auto code = run_sh("'" + std::string{WM_WRITEMAGIC_BINARY} + "' shell --data-dir '" +
                       (dir_ / "data").string() + "' " + args + " <'" + stdin_file + "' >" +
                       stdout_target + " 2>'" + err_path + "'; echo $?");
    err = run_sh("cat '" + err_path + "'");
    return std::stoi(code);
  }

  fs::path dir_;
};

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

constexpr auto kGenerous = std::chrono::seconds(120);

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    auto nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    out.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

TEST_F(ShellBinary, DashCRunsCommandsInOrder) {
  auto r =
      shell({"-c", "doc new 'First doc' --content 'one two three'; doc ls; send health ping 42"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("created "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("First doc"), std::string::npos);
  EXPECT_NE(r.out.find("1 of 1 documents"), std::string::npos);
  EXPECT_EQ(lines(r.out).back(), "42");
  EXPECT_EQ(r.err.find("info"), std::string::npos) << "info logs leak into the shell: " << r.err;
}

// `doc ls --after ID` pages by keyset: the documents after that one in the listing's order.
TEST_F(ShellBinary, DocLsAfterPagesByKeyset) {
  auto made = shell({"-c", "doc new Alpha; doc new Beta"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const auto created = lines(made.out);
  ASSERT_EQ(created.size(), 2u) << made.out;
  const std::string beta_id = created[1].substr(8, 36);  // "created <id> v1 \"Beta\""
  auto page = shell({"-c", "doc ls --limit 1 --after " + beta_id});
  EXPECT_EQ(page.exit_code, 0) << page.err;
  EXPECT_NE(page.out.find("Alpha"), std::string::npos) << page.out;  // newest first: Beta, Alpha
  EXPECT_EQ(page.out.find("Beta"), std::string::npos) << page.out;
  auto gone = shell({"-c", "doc ls --after 00000000-0000-4000-8000-000000000000"});
  EXPECT_EQ(gone.exit_code, 1);
  EXPECT_NE(gone.err.find("not_found"), std::string::npos) << gone.err;
}

// `doc rm` is a soft delete, and `doc undelete` undoes it.
TEST_F(ShellBinary, DocUndeleteBringsBackARemovedDocument) {
  auto made = shell({"-c", "doc new Keeper --content 'kept words'"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const std::string id = lines(made.out)[0].substr(8, 36);  // "created <id> v1 \"Keeper\""
  auto removed = shell({"-c", "doc rm " + id + "; doc get " + id});
  EXPECT_EQ(removed.exit_code, 1);
  EXPECT_NE(removed.err.find("not_found"), std::string::npos) << removed.err;
  auto back = shell({"-c", "doc undelete " + id + "; doc get " + id + " --content-only"});
  EXPECT_EQ(back.exit_code, 0) << back.err;
  EXPECT_NE(back.out.find("undeleted " + id), std::string::npos) << back.out;
  EXPECT_EQ(lines(back.out).back(), "kept words");
  auto bare = shell({"-c", "doc undelete"});
  EXPECT_EQ(bare.exit_code, 1);
  EXPECT_NE(bare.err.find("usage: doc undelete ID"), std::string::npos) << bare.err;
}

// `doc import` reads a folder into documents and `doc export` writes them back as files;
// --json reports both (export: the files, not truncated, not cancelled).
TEST_F(ShellBinary, DocImportThenExportRoundTripsFiles) {
  const auto in = dir_ / "in";
  const auto out = dir_ / "out";
  fs::create_directories(in / "nested");
  std::ofstream{in / "alpha.md"} << "# Alpha\n\nfirst";
  std::ofstream{in / "beta.txt"} << "plain beta";
  std::ofstream{in / "nested" / "gamma.md"} << "gamma words";
  auto r = shell({"--json", "-c", "doc import " + in.string() + "; doc export " + out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto ls = lines(r.out);
  ASSERT_EQ(ls.size(), 2u) << r.out;
  simdjson::dom::parser parser;
  simdjson::dom::element imported;
  ASSERT_EQ(parser.parse(ls[0]).get(imported), simdjson::SUCCESS) << ls[0];
  EXPECT_EQ(imported["result"]["imported"].get_array().size(), 3u) << ls[0];
  EXPECT_EQ(imported["result"]["skipped"].get_array().size(), 0u) << ls[0];
  simdjson::dom::element exported;
  ASSERT_EQ(parser.parse(ls[1]).get(exported), simdjson::SUCCESS) << ls[1];
  EXPECT_EQ(exported["result"]["files"].get_array().size(), 3u) << ls[1];
  EXPECT_FALSE(exported["result"]["truncated"].get_bool().value()) << ls[1];
  EXPECT_FALSE(exported["result"]["cancelled"].get_bool().value()) << ls[1];
  std::ifstream gamma{out / "gamma.md"};
  std::string text{std::istreambuf_iterator<char>{gamma}, {}};
  EXPECT_EQ(text, "gamma words");
  EXPECT_TRUE(fs::exists(out / "beta.txt"));
}

// SIGINT during `doc export` stops the export where it is: the files written so far stay,
// the command reports them as cancelled, and the script ends there (130).
TEST_F(ShellBinary, SigintStopsADocExportWithWhatItWrote) {
  constexpr int total = 5000;
  const auto in = dir_ / "in";
  const auto out = dir_ / "out";
  fs::create_directories(in);
  for (int i = 0; i < total; ++i)
    std::ofstream{in / ("note" + std::to_string(i) + ".txt")} << "note " << i;
  auto seeded = shell({"-c", "doc import " + in.string()}, "");
  ASSERT_EQ(seeded.exit_code, 0) << seeded.err;
  ASSERT_NE(seeded.out.find(std::to_string(total) + " imported, 0 skipped"), std::string::npos);
  live_process p{shell_args({"-c", "doc export " + out.string() + "; send health ping 1"})};
  ASSERT_TRUE(
      testing::eventually([&] { return fs::exists(out) && !fs::is_empty(out); }, kGenerous));
  p.signal(SIGINT);
  auto r = p.finish(kGenerous);
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.exit_code, 130) << r.err;
  const auto at = r.out.find("exported ");
  ASSERT_NE(at, std::string::npos) << r.out;
  const auto written = std::stoul(r.out.substr(at + 9));
  EXPECT_LT(written, static_cast<unsigned long>(total)) << r.out;
  EXPECT_NE(r.out.find("(cancelled)"), std::string::npos) << r.out;
  EXPECT_EQ(static_cast<unsigned long>(std::distance(fs::directory_iterator{out}, {})), written);
  EXPECT_EQ(r.out.find("\n1\n"), std::string::npos) << "the script went on: " << r.out;
}

// A directory given as --file or as the script is an error; it once read as empty text,
// and `doc put --file DIR` wrote an empty version over the document.
TEST_F(ShellBinary, DirectoryAsContentFileOrScriptIsRefused) {
  auto made = shell({"-c", "doc new Keep --content 'important text'"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const std::string id = lines(made.out).at(0).substr(8, 36);
  auto put = shell({"-c", "doc put " + id + " --file " + dir_.string()});
  EXPECT_EQ(put.exit_code, 1);
  EXPECT_EQ(put.err,
            "error: invalid_input: cannot read file '" + dir_.string() + "': Is a directory\n");
  auto got = shell({"-c", "doc get " + id});
  EXPECT_NE(got.out.find("important text"), std::string::npos) << got.out;
  EXPECT_NE(got.out.find("version: 1\n"), std::string::npos) << got.out;

  auto script = shell({dir_.string()});
  EXPECT_EQ(script.exit_code, 2);
  EXPECT_NE(script.err.find("cannot read script file"), std::string::npos) << script.err;
  EXPECT_NE(script.err.find("Is a directory"), std::string::npos) << script.err;
}

TEST_F(ShellBinary, FirstFailingCommandStopsTheScriptWithExitCode1) {
  auto r = shell({"-c", "send health ping 1; frobnicate; send health ping 2"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "1\n");
  EXPECT_EQ(r.err, "error: invalid_input: unknown command 'frobnicate' (try `help`)\n");
}

TEST_F(ShellBinary, KeepGoingRunsEveryCommandButStillFails) {
  auto r = shell(
      {"--keep-going", "-c",
       "send health ping 1; doc get 00000000-0000-4000-8000-000000000000; send health ping 2"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "1\n2\n");
  EXPECT_NE(r.err.find("error: not_found: "), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("terminate"), std::string::npos);
}

TEST_F(ShellBinary, ParseErrorsNameTheColumnAndExit2) {
  auto r = shell({"-c", "send health ping 1; doc new \"oops"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");  // nothing runs when the script does not parse
  EXPECT_EQ(r.err, "error: invalid_input: line 1, column 29: unterminated double quote\n");
}

TEST_F(ShellBinary, ScriptFileWithCommentsAndContinuations) {
  auto script = dir_ / "script.wm";
  std::ofstream{script} << "# a script\n"
                           "doc new \"Notes\" \\\n"
                           "  --content 'alpha beta gamma'   # trailing comment\n"
                           "doc search beta\n"
                           "send health ping 7\n";
  auto r = shell({script.string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Notes"), std::string::npos);
  EXPECT_NE(r.out.find("[beta]"), std::string::npos) << r.out;
  EXPECT_EQ(lines(r.out).back(), "7");
  EXPECT_EQ(shell({(dir_ / "missing.wm").string()}).exit_code, 2);
}

TEST_F(ShellBinary, CommandsOnStdinIncludingAQuoteOverTwoLines) {
  auto r =
      shell({}, "send health ping 3\ndoc new 'two\nlines'\ndoc ls\nquit\nsend health ping 4\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(lines(r.out).front(), "3");
  EXPECT_NE(r.out.find("1 of 1 documents"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("\n4\n"), std::string::npos) << "quit must end the session";
  auto failing = shell({}, "send health ping 3\nnope\nsend health ping 4\n");
  EXPECT_EQ(failing.exit_code, 1);
  EXPECT_EQ(failing.out, "3\n");
}

TEST_F(ShellBinary, JsonModePrintsOneParsableObjectPerResult) {
  auto r = shell({"--json", "--keep-going", "-c",
                  "doc new J --content 'a b'; doc ls; actors; send health ping 9; doc get bad; "
                  "metrics; help"});
  EXPECT_EQ(r.exit_code, 1);
  auto ls = lines(r.out);
  ASSERT_EQ(ls.size(), 7u) << r.out;
  simdjson::dom::parser parser;
  std::vector<std::string> commands;
  for (const auto& line : ls) {
    simdjson::dom::element doc;
    ASSERT_EQ(parser.parse(line).get(doc), simdjson::SUCCESS) << line;
    std::string_view command;
    if (doc["command"].get(command) == simdjson::SUCCESS) {
      commands.emplace_back(command);
    } else {
      std::string_view code;
      ASSERT_EQ(doc["error"]["code"].get(code), simdjson::SUCCESS) << line;
      EXPECT_EQ(code, "invalid_input");
      commands.emplace_back("error");
    }
  }
  EXPECT_EQ(commands, (std::vector<std::string>{"doc new", "doc ls", "actors", "send", "error",
                                                "metrics", "help"}));
  simdjson::dom::element ping;
  ASSERT_EQ(parser.parse(ls[3]).get(ping), simdjson::SUCCESS);
  EXPECT_EQ(uint64_t(ping["result"]), 9u);
  simdjson::dom::element tree;
  ASSERT_EQ(parser.parse(ls[2]).get(tree), simdjson::SUCCESS);
  simdjson::dom::array kids = tree["result"]["children"];
  EXPECT_GE(kids.size(), 3u);
  EXPECT_EQ(std::string_view(kids.at(0)["name"]), "metrics");
}

TEST_F(ShellBinary, AiCompleteStreamsFromTheProviderAndReportsUsage) {
  fake::fake_provider provider;
  ASSERT_TRUE(provider.running()) << provider.error();
  fake::fake_behaviour slowish;
  slowish.tokens = {"The", " quick", " brown", " fox"};
  provider.set_default(slowish);
  std::vector<std::string> args = {"--set", "provider.fake.kind=openai",
                                   "--set", "provider.fake.base_url=" + provider.base_url() + "/v1",
                                   "--set", "provider.fake.api_key_env=WM_SHELL_TEST_KEY",
                                   "-c",    "ai complete 'Say something'; providers"};
  auto r = run_process(shell_args(args), "", {{"WM_SHELL_TEST_KEY", "sk-test"}});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(lines(r.out).front(), "The quick brown fox") << r.out;
  EXPECT_NE(r.out.find("fake"), std::string::npos);
  EXPECT_NE(r.out.find("closed"), std::string::npos) << r.out;
  auto json = run_process(
      shell_args({"--set", "provider.fake.kind=openai", "--set",
                  "provider.fake.base_url=" + provider.base_url() + "/v1", "--set",
                  "provider.fake.api_key_env=WM_SHELL_TEST_KEY", "--json", "-c", "ai complete hi"}),
      "", {{"WM_SHELL_TEST_KEY", "sk-test"}});
  EXPECT_EQ(json.exit_code, 0) << json.err;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(json.out).get(doc), simdjson::SUCCESS) << json.out;
  EXPECT_EQ(std::string_view(doc["result"]["text"]), "The quick brown fox");
  EXPECT_EQ(uint64_t(doc["result"]["usage"]["completion_tokens"]), 4u);
}

// The four writing operations: `ai proofread --doc ID` sends the configured prompt filled
// with the document's content and streams the answer; `ai continue TEXT` works on a text.
TEST_F(ShellBinary, AiWritingOperationsUseTheConfiguredPrompt) {
  fake::fake_provider provider;
  ASSERT_TRUE(provider.running()) << provider.error();
  auto made = shell({"-c", "doc new Draft --content 'Their going home.'"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const std::string id = lines(made.out).at(0).substr(8, 36);
  const std::vector<std::string> setup = {
      "--set", "provider.fake.kind=openai",
      "--set", "provider.fake.base_url=" + provider.base_url() + "/v1",
      "--set", "provider.fake.api_key_env=WM_SHELL_TEST_KEY",
      "--set", "ai.prompt.proofread=Fix: {text}"};
  auto args = setup;
  args.insert(args.end(), {"-c", "ai proofread --doc " + id});
  auto r = run_process(shell_args(args), "", {{"WM_SHELL_TEST_KEY", "sk-test"}});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(lines(r.out).front(), "Hello, world!") << r.out;
  auto sent = provider.last_request();
  ASSERT_TRUE(sent);
  EXPECT_NE(sent->body.find(R"("content":"Fix: Their going home.")"), std::string::npos)
      << sent->body;
  args = setup;
  args.insert(args.end(), {"-c", "ai continue 'Once upon a time'; ai translate x"});
  auto more = run_process(shell_args(args), "", {{"WM_SHELL_TEST_KEY", "sk-test"}});
  EXPECT_EQ(more.exit_code, 1);
  EXPECT_EQ(lines(more.out).front(), "Hello, world!") << more.out;
  EXPECT_NE(provider.last_request()->body.find("Once upon a time"), std::string::npos);
  EXPECT_NE(more.err.find("unknown subcommand 'ai translate'"), std::string::npos) << more.err;
}

TEST_F(ShellBinary, AiWithoutProvidersFailsCleanly) {
  auto r = shell({"-c", "ai complete hello"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err.rfind("error: ", 0), 0u) << r.err;
}

TEST_F(ShellBinary, ConnectsToARunningNode) {
  fake::fake_provider provider;
  ASSERT_TRUE(provider.running()) << provider.error();
  provider.set_default(fake::fake_behaviour{});
  ::setenv("WM_SHELL_NODE_KEY", "sk-test", 1);
  int port = free_port();
  background_process node{{WM_WRITEMAGIC_BINARY, "node", "--data-dir", (dir_ / "node").string(),
                           "--set", "caf.port=" + std::to_string(port), "--set",
                           "http.listen=", "--set", "provider.fake.kind=openai", "--set",
                           "provider.fake.base_url=" + provider.base_url() + "/v1", "--set",
                           "provider.fake.api_key_env=WM_SHELL_NODE_KEY"},
                          (dir_ / "node.log").string()};
  auto connect = std::vector<std::string>{WM_WRITEMAGIC_BINARY, "shell", "--connect",
                                          "127.0.0.1:" + std::to_string(port)};
  auto with = [&](std::vector<std::string> extra) {
    auto argv = connect;
    argv.insert(argv.end(), extra.begin(), extra.end());
    return run_process(argv);
  };
  ASSERT_TRUE(wm::testing::eventually(
      [&] {
        return with({"-c", "send health ping 1"}).exit_code == 0;
      },
      std::chrono::seconds(60)))
      << "node never answered; log: " << run_sh("cat " + (dir_ / "node.log").string());
  auto r = with({"-c",
                 "doc new Remote --content 'over the wire'; doc ls; send health ping 5; "
                 "ai complete 'hello node'; providers"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Remote"), std::string::npos);
  EXPECT_NE(r.out.find("1 of 1 documents"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\n5\n"), std::string::npos);
  // Streamed from the node's gateway to the shell's sink actor over CAF's network layer.
  EXPECT_NE(r.out.find("\nHello, world!\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("usage fake/"), std::string::npos) << r.out;
  auto bad = run_process({WM_WRITEMAGIC_BINARY, "shell", "--connect", "127.0.0.1:1", "-c", "help"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("error: unavailable: cannot connect to node 127.0.0.1:1"),
            std::string::npos)
      << bad.err;
  EXPECT_EQ(node.stop(), 0);
}

// SIGINT to a running script stops it at the next command boundary with exit code 130; it
// once ran every remaining command and exited 0.
TEST_F(ShellBinary, SigintStopsAScriptFileAtTheNextCommand) {
  constexpr int total = 3000;
  auto script = dir_ / "many.wm";
  {
    std::ofstream f{script};
    for (int i = 0; i < total; ++i) f << "doc new 'Doc " << i << "'\n";
  }
  live_process p{shell_args({script.string()})};
  ASSERT_TRUE(p.wait_for_output("created ", kGenerous)) << p.out();
  p.signal(SIGINT);
  auto r = p.finish(kGenerous);
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.exit_code, 130) << r.err;
  EXPECT_LT(count(r.out, "created "), static_cast<size_t>(total));
  EXPECT_NE(r.err.find("error: cancelled: interrupted (SIGINT)"), std::string::npos) << r.err;
}

// With commands on stdin, a SIGINT while the shell waits for the next line ends it (130); it
// once read as the end of the input (exit 0), and a line arriving later never runs.
TEST_F(ShellBinary, SigintStopsStdinModeWhileItWaitsForInput) {
  live_process p{shell_args({})};
  p.write("send health ping 1\n");
  ASSERT_TRUE(p.wait_for_output("1\n", kGenerous)) << p.out();
  p.signal(SIGINT);
  p.write("send health ping 2\n");
  auto r = p.finish(std::chrono::seconds(60));
  EXPECT_FALSE(r.timed_out) << "the shell kept waiting for input after SIGINT";
  EXPECT_EQ(r.exit_code, 130) << r.err;
  EXPECT_EQ(r.out, "1\n");
  EXPECT_NE(r.err.find("interrupted (SIGINT)"), std::string::npos) << r.err;
}

// SIGINT during a streamed `ai complete` in a script cancels the request (as in the REPL)
// and the script stops there: the next command never runs.
TEST_F(ShellBinary, SigintCancelsTheRunningAiCommandAndStopsTheScript) {
  fake::fake_provider provider;
  ASSERT_TRUE(provider.running()) << provider.error();
  provider.set_default(fake::slow_stream(400, std::chrono::milliseconds(100)));
  auto script = dir_ / "ai.wm";
  std::ofstream{script} << "send health ping 1\nai complete 'count slowly'\nsend health ping 2\n";
  live_process p{shell_args({"--set", "provider.fake.kind=openai", "--set",
                             "provider.fake.base_url=" + provider.base_url() + "/v1", "--set",
                             "provider.fake.api_key_env=WM_SHELL_TEST_KEY", script.string()}),
                 {{"WM_SHELL_TEST_KEY", "sk-test"}}};
  ASSERT_TRUE(p.wait_for_output("t2 ", kGenerous)) << p.out();
  p.signal(SIGINT);
  auto r = p.finish(kGenerous);
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.exit_code, 130) << r.err;
  EXPECT_EQ(r.out.find("t399 "), std::string::npos) << "the request was not cancelled";
  EXPECT_EQ(r.out.find("\n2\n"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("error: cancelled: "), std::string::npos) << r.err;
}

// `--connect ""` once fell back to an embedded runtime on ./data.
TEST_F(ShellBinary, ConnectWithAnEmptyEndpointIsAUsageError) {
  auto r = shell({"--connect", "", "-c", "send health ping 1"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("--connect needs HOST:PORT"), std::string::npos) << r.err;
  EXPECT_EQ(shell({"--connect", "127.0.0.1:1", "--connect", "127.0.0.1:2"}).exit_code, 2);
}

// A quoted argument over many lines on stdin was re-parsed after every line (quadratic:
// 10,000 lines took over 30 s); 40,000 lines would take many minutes that way.
TEST_F(ShellBinary, AQuotedArgumentOverManyStdinLinesIsReadInLinearTime) {
  constexpr int total = 40000;
  std::string input = "doc new Big --content \"";
  for (int i = 0; i < total; ++i) input += "alpha beta gamma\n";
  input += "\"\ndoc ls\n";
  auto r = run_process(shell_args({}), input, {}, kGenerous);
  ASSERT_FALSE(r.timed_out);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find(std::to_string(3 * total) + " words  Big"), std::string::npos) << r.out;
}

// Parse errors on stdin name the line in the whole input, as for a script file; they once
// always said "line 1".
TEST_F(ShellBinary, StdinParseErrorsNameTheLineLikeAScriptFile) {
  const std::string text = "send health ping 1\nsend health ping 2\n\nsend health ping \\d\n";
  const std::string expected =
      "error: invalid_input: line 4, column 18: unknown escape \\d (use \\\\ for a backslash, "
      "or single quotes)\n";
  auto script = dir_ / "s1.wm";
  std::ofstream{script} << text;
  auto file = shell({script.string()});
  EXPECT_EQ(file.exit_code, 2);
  EXPECT_EQ(file.err, expected);
  auto piped = shell({}, text);
  EXPECT_EQ(piped.exit_code, 2);
  EXPECT_EQ(piped.err, expected);
  auto multi = shell({}, "doc new 'a\nb\nc'\nsend health ping 3\n  x 'open\n");
  EXPECT_EQ(multi.exit_code, 2);
  EXPECT_EQ(multi.err, "error: invalid_input: line 5, column 5: unterminated single quote\n");
}

// A backslash before a CRLF line end continues the line (script file and stdin); it once
// failed with "unknown escape \ followed by byte 0x0d". On stdin a backslash-newline once
// ran the first half as a command of its own.
TEST_F(ShellBinary, BackslashContinuesCrlfLines) {
  const std::string text = "send health ping 1\r\nsend health \\\r\nping 2\r\n";
  auto script = dir_ / "crlf.wm";
  std::ofstream{script, std::ios::binary} << text;
  auto file = shell({script.string()});
  EXPECT_EQ(file.exit_code, 0) << file.err;
  EXPECT_EQ(file.out, "1\n2\n");
  auto piped = shell({}, text);
  EXPECT_EQ(piped.exit_code, 0) << piped.err;
  EXPECT_EQ(piped.out, "1\n2\n");
  auto lf = shell({}, "send health \\\nping 3\n");
  EXPECT_EQ(lf.exit_code, 0) << lf.err;
  EXPECT_EQ(lf.out, "3\n");
}

// Output that cannot be written is a failure (exit 1, a message on stderr); it once exited
// 0 with the results lost.
TEST_F(ShellBinary, StdoutWriteFailuresAreReported) {
  std::string err;
  EXPECT_EQ(shell_to("/dev/full", "-c 'send health ping 5'", err), 1);
  EXPECT_EQ(err, "error: unavailable: cannot write to standard output: No space left on device\n");
  EXPECT_EQ(shell_to("/dev/full", "--json -c 'send health ping 5; send health ping 6'", err), 1);
  EXPECT_EQ(err, "error: unavailable: cannot write to standard output: No space left on device\n");
  auto input = dir_ / "in.wm";
  std::ofstream{input} << "send health ping 5\nsend health ping 6\n";
  EXPECT_EQ(shell_to("/dev/full", "--keep-going", err, input.string()), 1);
  EXPECT_EQ(err, "error: unavailable: cannot write to standard output: No space left on device\n");
  EXPECT_EQ(shell_to("/dev/null", "-c 'send health ping 5'", err), 0) << err;
}

// A NUL byte in a word once cut the error message short (printed with %s).
TEST_F(ShellBinary, ErrorMessagesWithANulByteArePrintedWhole) {
  auto r = shell({}, std::string{"a\0b\n", 4});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "error: invalid_input: unknown command 'a\\0b' (try `help`)\n");
}

// `config` says where each value came from, as `help` promises.
TEST_F(ShellBinary, ConfigShowsWhereEachValueCameFrom) {
  auto r = shell({"--set", "log.level=error", "-c", "config"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("  # --set log.level=error\n"), std::string::npos) << r.out;
  size_t values = 0;
  for (const auto& line : lines(r.out)) {
    if (line.empty() || line[0] == '#' || line[0] == '[') continue;
    ++values;
    EXPECT_NE(line.find("  # "), std::string::npos) << "no origin: " << line;
  }
  EXPECT_GT(values, 10u) << r.out;
}

TEST_F(ShellBinary, SendListsClusterMembersAndFlagsRefuseValues) {
  auto listing = shell({"-c", "send; help send"});
  EXPECT_EQ(listing.exit_code, 0) << listing.err;
  EXPECT_EQ(count(listing.out, "cluster members"), 2u) << listing.out;
  auto flag = shell({"-c", "doc ls --deleted=true"});
  EXPECT_EQ(flag.exit_code, 1);
  EXPECT_EQ(flag.err,
            "error: invalid_input: option --deleted is a flag and takes no value (got "
            "'--deleted=true'; write --deleted alone)\n");
}

TEST_F(ShellBinary, UsageErrorsExit2) {
  EXPECT_EQ(shell({"--bogus"}).exit_code, 2);
  EXPECT_EQ(shell({"-c"}).exit_code, 2);
  EXPECT_EQ(shell({"--connect", "nohost"}).exit_code, 2);
  auto help = shell({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--keep-going"), std::string::npos);
}

}  // namespace
}  // namespace wm::shell_test
