#pragma once
// Registers every message type and the wm error category with an actor system config.
// Call on every node: CAF needs the same names everywhere to move a type between nodes.
#include <caf/actor_system_config.hpp>

namespace wm {

void register_message_types(caf::actor_system_config& cfg);

}  // namespace wm
