// plan_route: which providers a request tries, in which order, with which model.
#include "actors/ai/route.hpp"

#include <gtest/gtest.h>

namespace wm::ai {
namespace {

std::vector<std::string> names(const std::vector<route_step>& r) {
  std::vector<std::string> out;
  for (const auto& s : r) out.push_back(s.provider);
  return out;
}

const std::vector<std::string> providers{"local", "openai", "claude"};

TEST(Route, NoProvidersNoRoute) {
  EXPECT_TRUE(plan_route({}, "", "x").empty());
}

TEST(Route, FirstProviderThenFallbackOrder) {
  auto r = plan_route(providers, "", "");
  EXPECT_EQ(names(r), (std::vector<std::string>{"local", "openai", "claude"}));
  EXPECT_EQ(r[0].model, "");
}

TEST(Route, DefaultProviderGoesFirst) {
  auto r = plan_route(providers, "claude", "");
  EXPECT_EQ(names(r), (std::vector<std::string>{"claude", "local", "openai"}));
}

TEST(Route, ModelPrefixNamesTheProviderAndOnlyTheFirstStepGetsTheModel) {
  auto r = plan_route(providers, "claude", "openai/gpt-4o");
  EXPECT_EQ(names(r), (std::vector<std::string>{"openai", "local", "claude"}));
  EXPECT_EQ(r[0].model, "gpt-4o");
  EXPECT_EQ(r[1].model, "");
  EXPECT_EQ(r[2].model, "");
}

TEST(Route, SlashModelOfNoProviderPassesThrough) {
  auto r = plan_route(providers, "", "meta-llama/Llama-3-8B");
  EXPECT_EQ(r[0].provider, "local");
  EXPECT_EQ(r[0].model, "meta-llama/Llama-3-8B");
}

TEST(Route, UnknownDefaultFallsBackToTheFirst) {
  EXPECT_EQ(plan_route(providers, "gone", "")[0].provider, "local");
}

}  // namespace
}  // namespace wm::ai
