#include "runtime/node/blocking_call.hpp"

#include <caf/actor_system.hpp>

#include "actors/common/stray_messages.hpp"

namespace wm {

caf::actor spawn_call_bridge(caf::actor_system& sys) {
  return sys.spawn([](caf::event_based_actor* self) -> caf::behavior {
    self->set_default_handler(drop_stray_message);
    return {[self](bridge_job_ptr& job) { job->run(self); }};
  });
}

}  // namespace wm
