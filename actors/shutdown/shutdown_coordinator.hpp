#pragma once
// The shutdown coordinator: actors subscribe with a phase; a shutdown runs the phases in
// order (stop_intake, drain, flush, close), asks every subscriber of a phase to finish
// within the phase deadline (sent along, so a subscriber can plan its cut-off within it),
// kills the ones that miss it, and reports what finished and what was cut. A second shutdown
// request while one runs gets the same report.
#include <caf/actor_system.hpp>

#include "messages/interfaces.hpp"

namespace wm {

shutdown_coordinator_actor spawn_shutdown_coordinator(caf::actor_system& sys);

}  // namespace wm
