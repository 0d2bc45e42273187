// The WM_<SECTION>__<KEY> naming rule for environment variables.
#include "runtime/config/environment.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

#include "runtime/config/schema.hpp"

namespace wm::config_env {
namespace {

TEST(ConfigEnv, DoubleUnderscoreSeparatesParts) {
  EXPECT_EQ(env_var_to_key("WM_LOG__LEVEL"), "log.level");
  EXPECT_EQ(env_var_to_key("WM_SCHEDULER__MAX_THREADS"), "scheduler.max_threads");
  EXPECT_EQ(env_var_to_key("WM_PROVIDER__OPENAI__MODEL"), "provider.openai.model");
  EXPECT_EQ(env_var_to_key("WM_PROVIDER__MY_LLM__API_KEY_ENV"), "provider.my_llm.api_key_env");
  EXPECT_EQ(env_var_to_key("WM_CAF__PORT"), "caf.port");
  EXPECT_EQ(env_var_to_key("WM_CAF__MIDDLEMAN__HEARTBEAT_INTERVAL"),
            "caf.middleman.heartbeat-interval");
}

TEST(ConfigEnv, OtherVariablesAreNotConfiguration) {
  EXPECT_FALSE(env_var_to_key("WM_OPENAI_API_KEY"));  // a secret, named by api_key_env
  EXPECT_FALSE(env_var_to_key("PATH"));
  EXPECT_FALSE(env_var_to_key("XWM_LOG__LEVEL"));
}

TEST(ConfigEnv, KeyToVariableIsTheInverse) {
  for (const auto& spec : config_schema::known_keys()) {
    auto name = key_to_env_var(spec.key);
    EXPECT_EQ(env_var_to_key(name), std::string{spec.key}) << name;
  }
  EXPECT_EQ(key_to_env_var("provider.openai.model"), "WM_PROVIDER__OPENAI__MODEL");
  EXPECT_EQ(key_to_env_var("caf.middleman.heartbeat-interval"),
            "WM_CAF__MIDDLEMAN__HEARTBEAT_INTERVAL");
}

TEST(ConfigEnv, SingleUnderscoreSpellingOfAKnownKeyIsDetected) {
  EXPECT_EQ(misspelled_env_key("WM_LOG_LEVEL"), "log.level");
  EXPECT_EQ(misspelled_env_key("WM_SCHEDULER_MAX_THREADS"), "scheduler.max_threads");
  EXPECT_EQ(misspelled_env_key("WM_PROVIDER_OPENAI_MODEL"), "provider.openai.model");
  EXPECT_EQ(misspelled_env_key("WM_PROVIDER_MY_LLM_API_KEY_ENV"), "provider.my_llm.api_key_env");
  EXPECT_FALSE(misspelled_env_key("WM_PROVIDER_MODEL"));
  EXPECT_FALSE(misspelled_env_key("WM_LOG__LEVEL"));
  EXPECT_FALSE(misspelled_env_key("WM_OPENAI_API_KEY"));
}

TEST(ConfigEnv, ReadsOnlyWmVariablesOfTheProcess) {
  ASSERT_EQ(::setenv("WM_TEST_ENV__PROBE", "yes", 1), 0);
  ASSERT_EQ(::setenv("NOT_WM_PROBE", "no", 1), 0);
  auto env = read_process_environment();
  EXPECT_EQ(env.at("WM_TEST_ENV__PROBE"), "yes");
  EXPECT_EQ(env.count("NOT_WM_PROBE"), 0u);
  for (const auto& [name, value] : env) EXPECT_EQ(name.rfind("WM_", 0), 0u) << name;
  ::unsetenv("WM_TEST_ENV__PROBE");
  ::unsetenv("NOT_WM_PROBE");
}

}  // namespace
}  // namespace wm::config_env
