#pragma once
// One actor_system_config per test binary with every WriteMagic message type and the
// wm error category registered, for tests that build a bare caf::actor_system.
#include <caf/actor_system_config.hpp>

#include "messages/type_registry.hpp"

namespace wm::testing {

inline caf::actor_system_config& test_system_config() {
  static caf::actor_system_config cfg;
  static const bool registered = [] {
    register_message_types(cfg);
    return true;
  }();
  (void)registered;
  return cfg;
}

}  // namespace wm::testing
