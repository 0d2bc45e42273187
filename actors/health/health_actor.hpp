#pragma once
// The health probe: a supervised child that answers pings. /readyz and the shell use it
// to see that the supervision tree is alive and the scheduler is making progress; the
// supervision-tree benchmark measures typed request/response through it.
#include <caf/actor_system.hpp>

#include "messages/interfaces.hpp"

namespace wm {

echo_actor spawn_health_actor(caf::actor_system& sys);

}  // namespace wm
