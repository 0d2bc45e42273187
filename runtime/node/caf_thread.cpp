#include "runtime/node/caf_thread.hpp"

#include <caf/logger.hpp>

namespace wm {

void forget_actor_system_on_this_thread() noexcept {
  caf::logger::set_current_actor_system(nullptr);
}

}  // namespace wm
