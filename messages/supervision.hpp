#pragma once
// Supervision tree vocabulary: how a supervisor describes its children.
#include <caf/meta/type_name.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace wm {

// OTP restart strategies.
enum class restart_strategy : uint8_t { one_for_one, one_for_all, rest_for_one };

// When a child is restarted: permanent always, transient only after an abnormal
// exit, temporary never.
enum class restart_policy : uint8_t { permanent, transient, temporary };

enum class child_state : uint8_t { running, stopped, failed };

const char* to_string(restart_strategy x) noexcept;
const char* to_string(restart_policy x) noexcept;
const char* to_string(child_state x) noexcept;

// One node of the listed supervision tree.
struct child_info {
  std::string name;
  child_state state = child_state::running;
  uint32_t restarts = 0;
  uint64_t actor_id = 0;  // 0 when not running
  std::string last_exit;  // reason of the last exit, empty if none
  bool is_supervisor = false;
  std::vector<child_info> children;  // filled for supervisors
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, child_info& x) {
  return f(caf::meta::type_name("wm.child_info"), x.name, x.state, x.restarts, x.actor_id,
           x.last_exit, x.is_supervisor, x.children);
}

}  // namespace wm
