#pragma once
// Two wm::node instances in one process that talked over CAF's middleman can block
// forever in ~actor_system (await_detached_threads; CAF 0.17 issue #1196, fixed in later
// CAF releases). In-process cluster tests therefore stop their nodes (shutdown phases
// run, the store is flushed and closed) and park them instead of destroying them; the
// test binary ends with std::_Exit (in_process_main.cpp), so nothing waits for them.
// Processes are not affected the same way: `writemagic node` bounds that wait itself.
#include <memory>

#include "runtime/node/node.hpp"

namespace wm::testing {

void park(std::unique_ptr<node> n);

}  // namespace wm::testing
