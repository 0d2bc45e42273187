#pragma once
// A supervised child that takes `delay` to end after its exit message (as the store commits
// its last group and closes the database) and writes what it did to a journal: "exit <name>"
// when asked to stop, "end <name>" when its state is gone (CAF destroys the state before the
// actor's down_msg goes out). With `ignore_exit` it never ends on its own. It throws on
// slow_stopper_crash (an exception in a handler: a crash).
#include <caf/all.hpp>

#include <chrono>
#include <memory>
#include <string>

#include "actors/supervision/supervisor.hpp"
#include "tests/support/journal.hpp"

namespace wm::testing {

using slow_stopper_crash = caf::atom_constant<caf::atom("tcrash")>;

child_spec slow_stopper_spec(std::shared_ptr<journal> log, const std::string& name,
                             std::chrono::milliseconds delay, bool ignore_exit = false);

}  // namespace wm::testing
