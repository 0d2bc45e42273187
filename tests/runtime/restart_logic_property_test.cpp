// Property tests for the supervisor's pure state: restart plans and restart intensity.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>

#include "actors/supervision/restart_intensity.hpp"
#include "actors/supervision/restart_plan.hpp"

namespace wm {
namespace {

rc::Gen<restart_policy> gen_policy() {
  return rc::gen::element(restart_policy::permanent, restart_policy::transient,
                          restart_policy::temporary);
}

rc::Gen<restart_strategy> gen_strategy() {
  return rc::gen::element(restart_strategy::one_for_one, restart_strategy::one_for_all,
                          restart_strategy::rest_for_one);
}

RC_GTEST_PROP(restart_plan_property, plans_follow_the_strategy, ()) {
  auto policies = *rc::gen::nonEmpty(rc::gen::container<std::vector<restart_policy>>(gen_policy()));
  auto failed = *rc::gen::inRange<size_t>(0, policies.size());
  auto strategy = *gen_strategy();
  auto abnormal = *rc::gen::arbitrary<bool>();
  auto plan = plan_restart(strategy, policies, failed, abnormal);

  if (!should_restart(policies[failed], abnormal)) {
    RC_ASSERT(plan.to_start.empty());
    RC_ASSERT(plan.to_stop.empty());
    return;
  }
  // The failed child always comes back, and is never "stopped" (it is already dead).
  RC_ASSERT(std::count(plan.to_start.begin(), plan.to_start.end(), failed) == 1);
  RC_ASSERT(std::count(plan.to_stop.begin(), plan.to_stop.end(), failed) == 0);
  // Starts run in start order, stops in reverse order.
  RC_ASSERT(std::is_sorted(plan.to_start.begin(), plan.to_start.end()));
  RC_ASSERT(std::is_sorted(plan.to_stop.rbegin(), plan.to_stop.rend()));
  for (auto i : plan.to_start) RC_ASSERT(i == failed || policies[i] != restart_policy::temporary);
  switch (strategy) {
    case restart_strategy::one_for_one:
      RC_ASSERT(plan.to_stop.empty());
      RC_ASSERT(plan.to_start.size() == 1u);
      break;
    case restart_strategy::one_for_all:
      RC_ASSERT(plan.to_stop.size() == policies.size() - 1);
      break;
    case restart_strategy::rest_for_one:
      RC_ASSERT(plan.to_stop.size() == policies.size() - failed - 1);
      for (auto i : plan.to_stop) RC_ASSERT(i > failed);
      for (auto i : plan.to_start) RC_ASSERT(i >= failed);
      break;
  }
}

RC_GTEST_PROP(restart_intensity_property, allows_exactly_max_restarts_per_window, ()) {
  auto max = *rc::gen::inRange<uint32_t>(0, 6);
  auto window_ms = *rc::gen::inRange<int>(1, 1000);
  auto gaps = *rc::gen::container<std::vector<int>>(rc::gen::inRange(0, 400));
  restart_intensity intensity{max, std::chrono::milliseconds(window_ms)};
  restart_intensity::clock::time_point now{};
  std::vector<restart_intensity::clock::time_point> history;
  for (auto gap : gaps) {
    now += std::chrono::milliseconds(gap);
    history.push_back(now);
    auto in_window = std::count_if(history.begin(), history.end(), [&](auto t) {
      return now - t < std::chrono::milliseconds(window_ms);
    });
    RC_ASSERT(intensity.record(now) == (static_cast<uint32_t>(in_window) <= max));
  }
}

}  // namespace
}  // namespace wm
