#pragma once
// CAF 0.17 pins an actor system's logger in a thread-local of every thread that constructs
// the system or spawns an actor in it (CAF_SET_LOGGER_SYS), and ~actor_system waits until
// every such reference is gone. A thread that starts a system and leaves its destruction to
// another thread (an app opening the C facade on one thread and closing it on another)
// therefore keeps ~actor_system waiting forever. Call this on such a thread once it is done
// spawning: it drops the reference; CAF's own logging is compiled out (quiet) here.
namespace wm {

void forget_actor_system_on_this_thread() noexcept;

}  // namespace wm
