#include "mobile/src/bridge_actor.hpp"

#include <caf/all.hpp>

#include "actors/common/stray_messages.hpp"
#include "messages/ai.hpp"
#include "messages/interfaces.hpp"
#include "messages/service_names.hpp"

namespace wm::mobile {

namespace {

caf::behavior bridge(caf::event_based_actor* self, std::shared_ptr<stream_table> streams) {
  self->set_default_handler(drop_stray_message);
  return {
      [self](bridge_job_ptr& job) { job->run(self); },
      [self, streams](completion_chunk& chunk) {
        auto id = chunk.request_id;
        if (streams->chunk(id, std::move(chunk.text)) != chunk_outcome::overflow) return;
        // Its stream has ended: stop the transfer too (the gateway's answer is ignored).
        if (auto gateway = self->home_system().registry().get(services::gateway))
          caf::anon_send(caf::actor_cast<gateway_actor>(gateway), cancel_atom::value,
                         std::move(id));
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
