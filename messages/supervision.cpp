#include "messages/supervision.hpp"

namespace wm {

const char* to_string(restart_strategy x) noexcept {
  switch (x) {
    case restart_strategy::one_for_one:
      return "one_for_one";
    case restart_strategy::one_for_all:
      return "one_for_all";
    case restart_strategy::rest_for_one:
      return "rest_for_one";
  }
  return "?";
}

const char* to_string(restart_policy x) noexcept {
  switch (x) {
    case restart_policy::permanent:
      return "permanent";
    case restart_policy::transient:
      return "transient";
    case restart_policy::temporary:
      return "temporary";
  }
  return "?";
}

const char* to_string(child_state x) noexcept {
  switch (x) {
    case child_state::running:
      return "running";
    case child_state::stopped:
      return "stopped";
    case child_state::failed:
      return "failed";
  }
  return "?";
}

}  // namespace wm
