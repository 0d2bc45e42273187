// Durations, sizes, integers, booleans, endpoints: parsing, canonical spelling, ranges.
#include "runtime/config/values.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "runtime/config/schema.hpp"

namespace wm::config_values {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

TEST(ConfigValues, Durations) {
  EXPECT_EQ(parse_duration("250ms"), 250ms);
  EXPECT_EQ(parse_duration("5s"), 5s);
  EXPECT_EQ(parse_duration("2min"), 2min);
  EXPECT_EQ(parse_duration("1h"), 1h);
  EXPECT_EQ(parse_duration("0"), 0ms);
  EXPECT_FALSE(parse_duration("5"));  // a unit is required (except for 0)
  EXPECT_FALSE(parse_duration("5 s"));
  EXPECT_FALSE(parse_duration("5m"));  // ambiguous: minutes are "min"
  EXPECT_FALSE(parse_duration("-5s"));
  EXPECT_FALSE(parse_duration("1.5s"));
  EXPECT_FALSE(parse_duration("s"));
  EXPECT_FALSE(parse_duration(""));
  EXPECT_FALSE(parse_duration("9999999999999999h"));  // overflow
}

TEST(ConfigValues, DurationCanonicalSpelling) {
  EXPECT_EQ(format_duration(250ms), "250ms");
  EXPECT_EQ(format_duration(5000ms), "5s");
  EXPECT_EQ(format_duration(90s), "90s");
  EXPECT_EQ(format_duration(120s), "2min");
  EXPECT_EQ(format_duration(3600s), "1h");
  EXPECT_EQ(format_duration(0ms), "0ms");
  for (auto text : {"250ms", "5s", "2min", "1h", "1001ms", "61s"})
    EXPECT_EQ(format_duration(*parse_duration(text)), text);
}

TEST(ConfigValues, Sizes) {
  EXPECT_EQ(parse_size("512B"), 512);
  EXPECT_EQ(parse_size("512"), 512);
  EXPECT_EQ(parse_size("64KiB"), 64 * 1024);
  EXPECT_EQ(parse_size("10MiB"), 10 * 1024 * 1024);
  EXPECT_EQ(parse_size("1GiB"), int64_t{1} << 30);
  EXPECT_FALSE(parse_size("10MB"));  // decimal units are not accepted: say what you mean
  EXPECT_FALSE(parse_size("10 MiB"));
  EXPECT_FALSE(parse_size("-1"));
  EXPECT_FALSE(parse_size("99999999999TiB"));
  EXPECT_EQ(format_size(40 * 1024 * 1024), "40MiB");
  EXPECT_EQ(format_size(1000), "1000B");
  EXPECT_EQ(format_size(1536), "1536B");
  EXPECT_EQ(format_size(2048), "2KiB");
}

TEST(ConfigValues, IntegersAndBooleans) {
  EXPECT_EQ(parse_int("42"), 42);
  EXPECT_EQ(parse_int("-7"), -7);
  EXPECT_FALSE(parse_int("+7"));
  EXPECT_FALSE(parse_int("4 2"));
  EXPECT_FALSE(parse_int("0x10"));
  EXPECT_FALSE(parse_int("99999999999999999999"));
  EXPECT_EQ(parse_bool("true"), true);
  EXPECT_EQ(parse_bool("false"), false);
  EXPECT_FALSE(parse_bool("yes"));
  EXPECT_FALSE(parse_bool("True"));
}

TEST(ConfigValues, Endpoints) {
  EXPECT_TRUE(is_valid_endpoint("127.0.0.1:8080"));
  EXPECT_TRUE(is_valid_endpoint("localhost:0"));
  EXPECT_TRUE(is_valid_endpoint("[::1]:443"));
  EXPECT_FALSE(is_valid_endpoint("127.0.0.1"));
  EXPECT_FALSE(is_valid_endpoint(":80"));
  EXPECT_FALSE(is_valid_endpoint("host:65536"));
  EXPECT_FALSE(is_valid_endpoint("host:port"));
  EXPECT_FALSE(is_valid_endpoint("ho st:80"));
}

TEST(ConfigValues, CheckValueAgainstSpec) {
  const auto* threads = config_schema::find_key_spec("scheduler.max_threads");
  ASSERT_NE(threads, nullptr);
  EXPECT_EQ(check_value(*threads, "4")->number, 4);
  auto too_big = check_value(*threads, "100000");
  ASSERT_FALSE(too_big.ok());
  EXPECT_THAT(too_big.error().message, HasSubstr("an integer in 0..256"));

  const auto* idle = config_schema::find_key_spec("documents.idle_passivation");
  ASSERT_NE(idle, nullptr);
  auto v = check_value(*idle, "120s");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->text, "2min");  // canonical
  EXPECT_EQ(v->number, 120'000);
  EXPECT_THAT(check_value(*idle, "10ms").error().message, HasSubstr("in 1s..24h"));

  const auto* level = config_schema::find_key_spec("log.level");
  EXPECT_THAT(check_value(*level, "loud").error().message,
              HasSubstr("one of trace|debug|info|warn|error|off"));

  const auto* body = config_schema::find_key_spec("http.max_body_bytes");
  EXPECT_EQ(check_value(*body, "1048576")->text, "1MiB");
  EXPECT_THAT(check_value(*body, "2GiB").error().message, HasSubstr("a size like"));
}

TEST(ConfigSchema, EveryDefaultFitsItsType) {
  for (const auto& spec : config_schema::known_keys()) {
    auto v = check_value(spec, spec.default_value);
    ASSERT_TRUE(v.ok()) << spec.key << ": " << v.error().message;
    EXPECT_EQ(v->text, spec.default_value) << spec.key << " default is not canonical";
    EXPECT_FALSE(spec.description.empty()) << spec.key;
  }
}

TEST(ConfigSchema, ProviderKeysNeedAValidName) {
  EXPECT_NE(config_schema::find_key_spec("provider.openai.model"), nullptr);
  EXPECT_NE(config_schema::find_key_spec("provider.my_local_llm.kind"), nullptr);
  EXPECT_EQ(config_schema::find_key_spec("provider.OpenAI.model"), nullptr);
  EXPECT_EQ(config_schema::find_key_spec("provider.a__b.model"), nullptr);
  EXPECT_EQ(config_schema::find_key_spec("provider.openai.colour"), nullptr);
  EXPECT_EQ(config_schema::find_key_spec("provider.openai"), nullptr);
  EXPECT_EQ(config_schema::find_key_spec("provider.*.model"), nullptr);
}

TEST(ConfigSchema, CafPassthroughKeys) {
  EXPECT_TRUE(config_schema::is_caf_passthrough_key("caf.scheduler.max-threads"));
  EXPECT_FALSE(config_schema::is_caf_passthrough_key("caf.port"));
  EXPECT_FALSE(config_schema::is_caf_passthrough_key("caf."));
  EXPECT_FALSE(config_schema::is_caf_passthrough_key("scheduler.policy"));
  EXPECT_NE(config_schema::find_key_spec("caf.port"), nullptr);
  EXPECT_EQ(config_schema::find_key_spec("caf.scheduler.max-threads"), nullptr);
}

}  // namespace
}  // namespace wm::config_values
