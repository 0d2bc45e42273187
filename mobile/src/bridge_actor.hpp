#pragma once
// The bridge between facade threads and the actor world: one long-lived actor per runtime
// that runs the facade's blocking calls (runtime/node/blocking_call.hpp) and is also the
// stream sink of every completion the runtime starts (completion_chunk messages).
#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include <memory>

#include "mobile/src/stream_table.hpp"
#include "runtime/node/blocking_call.hpp"

namespace wm::mobile {

// detached: the bridge gets its own thread (wakes on enqueue without a scheduler worker's
// poll loop); otherwise it runs on the CAF scheduler.
caf::actor spawn_bridge(caf::actor_system& sys, std::shared_ptr<stream_table> streams,
                        bool detached);

}  // namespace wm::mobile
