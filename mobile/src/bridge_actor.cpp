#include "mobile/src/bridge_actor.hpp"

#include <caf/all.hpp>

#include "actors/common/stray_messages.hpp"
#include "messages/ai.hpp"

namespace wm::mobile {

namespace {

caf::behavior bridge(caf::event_based_actor* self, std::shared_ptr<stream_table> streams) {
  self->set_default_handler(drop_stray_message);
  return {
      [self](bridge_job_ptr& job) { job->run(self); },
      [streams](completion_chunk& chunk) {
        streams->chunk(chunk.request_id, std::move(chunk.text));
      },
  };
}

}  // namespace

caf::actor spawn_bridge(caf::actor_system& sys, std::shared_ptr<stream_table> streams,
                        bool detached) {
  if (detached) return sys.spawn<caf::detached>(bridge, std::move(streams));
  return sys.spawn(bridge, std::move(streams));
}

}  // namespace wm::mobile
