#pragma once
// Which children a supervisor stops and starts again when one of them exits. Pure.
#include <cstddef>
#include <vector>

#include "messages/supervision.hpp"

namespace wm {

// Whether a child with this policy comes back after an exit (abnormal: any reason
// other than a normal exit).
bool should_restart(restart_policy policy, bool abnormal) noexcept;

struct restart_plan {
  std::vector<size_t> to_stop;   // siblings to stop first, in reverse start order
  std::vector<size_t> to_start;  // children to start again, in start order
};

// `policies` holds every child's policy in start order; `failed` is the index of the
// child that exited. Children that must not come back get no entry in to_start.
restart_plan plan_restart(restart_strategy strategy, const std::vector<restart_policy>& policies,
                          size_t failed, bool abnormal);

}  // namespace wm
