// The official `openai` npm package as a client of the node's OpenAI-compatible endpoint,
// with the fake provider behind the node. The package is installed once into the build tree
// (npm's registry) and reused; the test skips when node or npm is missing.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "tests/http_api/node_harness.hpp"

namespace wm::testing {
namespace {

bool have(const char* tool) {
  return std::system((std::string{"command -v "} + tool + " >/dev/null 2>&1").c_str()) == 0;
}

TEST(OpenAiClient, OfficialPackageTalksToTheNode) {
  if (!have("node") || !have("npm")) GTEST_SKIP() << "node/npm not installed";
  const std::filesystem::path pkg = std::filesystem::path{WM_BINARY_DIR} / "npm" / "openai_client";
  std::filesystem::create_directories(pkg);
  if (!std::filesystem::exists(pkg / "node_modules" / "openai" / "package.json")) {
    const std::string cmd = "cd '" + pkg.string() +
                            "' && npm init -y >/dev/null 2>&1 && npm install --no-audit --no-fund "
                            "--cache '" +
                            (pkg / ".npm-cache").string() + "' openai@4 >npm.log 2>&1";
    if (std::system(cmd.c_str()) != 0)
      GTEST_SKIP() << "npm install openai failed (offline?): " << read_text(pkg / "npm.log");
  }
  std::filesystem::copy_file(
      std::filesystem::path{WM_SOURCE_DIR} / "tests" / "http_api" / "openai_client.mjs",
      pkg / "openai_client.mjs", std::filesystem::copy_options::overwrite_existing);

  auto dir = make_temp_dir("wm_openai_client_");
  fake_provider_process fake{dir};
  ASSERT_GT(fake.port(), 0);
  node_run n;
  n.dir = dir;
  start_node(n,
             {"--set", "provider.fake.kind=openai", "--set",
              "provider.fake.base_url=" + fake.base() + "/v1", "--set",
              "provider.fake.api_key_env=WM_TEST_FAKE_KEY"},
             {{"WM_TEST_FAKE_KEY", "sk-test"}});
  const auto out = dir / "client.out";
  const std::string cmd = "cd '" + pkg.string() + "' && node openai_client.mjs '" + n.base +
                          "/v1' >'" + out.string() + "' 2>&1";
  const int rc = std::system(cmd.c_str());
  const std::string seen = read_text(out);
  ASSERT_EQ(rc, 0) << seen << n.log();
  EXPECT_NE(
      seen.find(
          R"("plain":{"content":"Hello, world!","finish":"stop","total_tokens":6,"object":"chat.completion"})"),
      std::string::npos)
      << seen;
  EXPECT_NE(
      seen.find(
          R"("text":"Hello, world!","finish":"stop","usage":{"prompt_tokens":2,"completion_tokens":4,"total_tokens":6})"),
      std::string::npos)
      << seen;
  EXPECT_NE(seen.find(R"("errorStatus":400)"), std::string::npos) << seen;
  EXPECT_EQ(stop_node(n), 0) << n.log();
}

}  // namespace
}  // namespace wm::testing
