#include "actors/health/health_actor.hpp"

#include <caf/all.hpp>

#include "actors/common/stray_messages.hpp"

namespace wm {

namespace {

echo_actor::behavior_type health_impl(echo_actor::pointer self) {
  self->set_default_handler(drop_stray_message);
  return {
      [](ping_atom, uint64_t x) { return x; },
      [self](mailbox_atom) { return static_cast<uint64_t>(self->mailbox().size()); },
  };
}

}  // namespace

echo_actor spawn_health_actor(caf::actor_system& sys) {
  return sys.spawn(health_impl);
}

}  // namespace wm
