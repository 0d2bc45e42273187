#pragma once
// An OTP-style supervisor actor: starts its children from specs, monitors them, and
// restarts them by strategy when they exit; past the restart intensity it stops every
// child and fails itself, so its own supervisor sees the failure (escalation). It stops
// its children one at a time, last started first, and ends only after the last is down.
#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "messages/interfaces.hpp"
#include "messages/supervision.hpp"

namespace wm {

class metrics_registry;

struct child_spec {
  std::string name;
  // Spawns the child. Called at start and at every restart; a fresh actor each time
  // (a crashed CAF actor is dead: restart means respawn).
  std::function<caf::actor(caf::actor_system&)> start;
  restart_policy restart = restart_policy::permanent;
  // When its supervisor stops it (a stop or a restart of siblings), the child has this long
  // to end after user_shutdown; then it is killed, and after as long again the supervisor
  // goes on without it (OTP's shutdown). A nested supervisor has no timer: it bounds its own
  // children, and supervisor_child() sets this to its stop_bound() (read, never armed).
  std::chrono::milliseconds shutdown{5000};
  bool is_supervisor = false;  // its subtree is listed under it
};

struct supervisor_spec {
  std::string name = "root";
  restart_strategy strategy = restart_strategy::one_for_one;
  uint32_t max_restarts = 3;                  // at most this many restarts ...
  std::chrono::milliseconds window{5000};     // ... within this window
  std::vector<child_spec> children;           // started in this order
  std::shared_ptr<metrics_registry> metrics;  // optional: restart counters
};

supervisor_actor spawn_supervisor(caf::actor_system& sys, supervisor_spec spec);

// The longest an ordered stop of this supervisor can take: its children stop one at a time,
// each worker within twice its shutdown time (the wait, then the kill and as long again),
// each nested supervisor within its own bound. What node::stop() waits for the root.
std::chrono::milliseconds stop_bound(const supervisor_spec& spec);

// A child spec that starts a nested supervisor.
child_spec supervisor_child(supervisor_spec spec,
                            restart_policy restart = restart_policy::permanent);

}  // namespace wm
