// caf.* pass-through options with the runtime's hook (wm::is_known_caf_option): values are
// read by the CAF option's own type at load, bad ones are config errors with their origin,
// the node applies exactly what was checked, and --dump-config output loads back to the
// same CAF values.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <caf/all.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "runtime/config/config.hpp"
#include "runtime/node/node.hpp"
#include "runtime/node/node_config_from.hpp"

namespace wm {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

config_sources caf_sources(std::vector<std::string> overrides = {}) {
  config_sources s;
  s.environment = config_env::env_map{};
  s.overrides = std::move(overrides);
  s.is_known_caf_option = is_known_caf_option;
  return s;
}

std::string load_error(std::string_view ini, const config_sources& s) {
  auto r = load_config_text(ini, "caf.ini", s);
  EXPECT_FALSE(r.ok()) << "loaded without error: " << ini;
  if (r.ok()) return {};
  EXPECT_EQ(r.error().code, errc::invalid_input);
  return r.error().message;
}

TEST(ConfigCafOptions, BadValuesAreConfigErrorsNamingKeyValueAndOrigin) {
  auto threads = load_error("", caf_sources({"caf.scheduler.max-threads=abc"}));
  EXPECT_THAT(threads, AllOf(HasSubstr("invalid value 'abc' for caf.scheduler.max-threads"),
                             HasSubstr("(from --set caf.scheduler.max-threads=abc)"),
                             HasSubstr("an integer")));
  auto heartbeat = load_error("[caf.middleman]\nheartbeat-interval = garbage\n", caf_sources());
  EXPECT_THAT(heartbeat,
              AllOf(HasSubstr("'garbage'"), HasSubstr("caf.middleman.heartbeat-interval"),
                    HasSubstr("caf.ini:2"), HasSubstr("timespan")));
  // A number without a unit is no timespan; a bool is true or false.
  load_error("[caf.middleman]\nheartbeat-interval = 5\n", caf_sources());
  load_error("[caf.scheduler]\nenable-profiling = yes\n", caf_sources());
  load_error("[caf.scheduler]\nmax-threads = -1\n", caf_sources());
  // CAF accepts any atom as policy and falls back to stealing; only its two policies pass.
  EXPECT_THAT(load_error("", caf_sources({"caf.scheduler.policy=sharng"})),
              HasSubstr("stealing or sharing"));
  EXPECT_THAT(load_error("", caf_sources({"caf.scheduler.policy=testing"})),
              HasSubstr("stealing or sharing"));
  // Unknown options are still named as such.
  EXPECT_THAT(load_error("", caf_sources({"caf.scheduler.max-thread=4"})),
              HasSubstr("CAF has no option 'scheduler.max-thread'"));
}

TEST(ConfigCafOptions, GoodValuesLoadBareOrQuoted) {
  auto c = load_config_text(
      "[caf.scheduler]\npolicy = sharing\nmax-threads = \"3\"\n"
      "[caf.middleman]\nheartbeat-interval = \"5s\"\nconnection-timeout = 10s\n"
      "app-identifiers = [\"wm\", \"x\"]\napp-identifier = \"say \\\"hi\\\"\"\n"
      "[caf.logger]\ncomponent-blacklist = caf, foo\n",
      "caf.ini", caf_sources());
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->caf_options().size(), 7u);
}

// What the node will give CAF for every caf.* option of a configuration.
std::vector<std::string> caf_values(const config& c) {
  std::vector<std::string> out;
  for (const auto& o : c.caf_options()) {
    auto v = caf_option_value(o.key, o.value);
    EXPECT_TRUE(v.ok()) << o.key << ": " << (v.ok() ? "" : v.error().message);
    out.push_back(o.key + " = " + (v.ok() ? caf::to_string(*v) : "?"));
  }
  return out;
}

// dump -> load gives the same CAF values, for lists, strings with quotes and durations,
// whether the source wrote them bare or quoted; and the dump is a fixed point.
TEST(ConfigCafOptions, DumpLoadsBackToTheSameCafValues) {
  auto original = load_config_text(
      "[caf.middleman]\napp-identifiers = [\"wm\", \"x\"]\n"
      "app-identifier = \"say \\\"hi\\\" \\\\ there\"\n"
      "heartbeat-interval = \"5s\"\nconnection-timeout = 1500ms\n"
      "[caf.logger]\ncomponent-blacklist = [caf, foo]\n"
      "[caf.scheduler]\npolicy = \"sharing\"\n",
      "caf.ini", caf_sources({"caf.middleman.workers=2"}));
  ASSERT_TRUE(original.ok()) << original.error().message;
  const auto values = caf_values(*original);
  EXPECT_THAT(values, ::testing::Contains(R"(middleman.app-identifiers = ["wm", "x"])"));
  EXPECT_THAT(values, ::testing::Contains(R"(middleman.app-identifier = "say \"hi\" \\ there")"));
  EXPECT_THAT(values, ::testing::Contains("middleman.heartbeat-interval = 5s"));
  EXPECT_THAT(values, ::testing::Contains("scheduler.policy = 'sharing'"));

  const auto text = dump(*original);
  auto again = load_config_text(text, "dump.ini", caf_sources());
  ASSERT_TRUE(again.ok()) << again.error().message << "\n" << text;
  EXPECT_EQ(caf_values(*again), values);
  EXPECT_EQ(dump(*again), text);
}

// The node applies what the configuration checked: a quoted timespan and a list reach CAF's
// settings with their types (CAF printed and dropped them before).
TEST(ConfigCafOptions, NodeAppliesTheCheckedValues) {
  auto c = load_config_text(
      "[caf.middleman]\nheartbeat-interval = \"5s\"\napp-identifiers = [\"wm\", \"x\"]\n"
      "[caf.scheduler]\nmax-threads = 2\n",
      "caf.ini", caf_sources());
  ASSERT_TRUE(c.ok()) << c.error().message;
  node_config nc;
  nc.logging.level = spdlog::level::warn;
  for (const auto& o : c->caf_options()) nc.caf_options.emplace_back(o.key, o.value);
  auto started = node::start(nc);
  ASSERT_TRUE(started) << started.error().message;
  const auto& sys = started.value()->system().config();
  EXPECT_EQ(caf::get_or(sys, "middleman.heartbeat-interval", caf::timespan{}),
            caf::timespan{std::chrono::seconds(5)});
  EXPECT_EQ(caf::get_or(sys, "middleman.app-identifiers", std::vector<std::string>{}),
            (std::vector<std::string>{"wm", "x"}));
  started.value()->stop();
}

// An embedder's node_config skips load_config: node::start still refuses a bad value.
TEST(ConfigCafOptions, NodeRefusesABadValueItWasGiven) {
  node_config nc;
  nc.logging.level = spdlog::level::warn;
  nc.caf_options.emplace_back("scheduler.max-threads", "abc");
  auto started = node::start(nc);
  ASSERT_FALSE(started);
  EXPECT_EQ(started.error().code, errc::invalid_input);
  EXPECT_THAT(started.error().message, AllOf(HasSubstr("scheduler.max-threads"), HasSubstr("abc")));
}

}  // namespace
}  // namespace wm
