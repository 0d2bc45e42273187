#include "actors/supervision/restart_plan.hpp"

namespace wm {

bool should_restart(restart_policy policy, bool abnormal) noexcept {
  switch (policy) {
    case restart_policy::permanent:
      return true;
    case restart_policy::transient:
      return abnormal;
    case restart_policy::temporary:
      return false;
  }
  return false;
}

restart_plan plan_restart(restart_strategy strategy, const std::vector<restart_policy>& policies,
                          size_t failed, bool abnormal) {
  restart_plan plan;
  if (failed >= policies.size() || !should_restart(policies[failed], abnormal)) return plan;
  size_t first = failed;
  size_t last = failed + 1;
  if (strategy == restart_strategy::one_for_all) {
    first = 0;
    last = policies.size();
  } else if (strategy == restart_strategy::rest_for_one) {
    last = policies.size();
  }
  for (size_t i = last; i-- > first;)
    if (i != failed) plan.to_stop.push_back(i);
  for (size_t i = first; i < last; ++i)
    // Siblings stopped by the strategy come back unless they are temporary.
    if (i == failed || policies[i] != restart_policy::temporary) plan.to_start.push_back(i);
  return plan;
}

}  // namespace wm
