#pragma once
// A TCP port on 127.0.0.1 that nothing listens on right now, for tests that start servers
// and nodes; -1 if none could be had. It is drawn below the kernel's ephemeral range
// (32768-60999 by default): a port the kernel picked for port 0 could be handed out again
// as the source port of another test's outgoing connection before the server binds it.
namespace wm::testing {

int free_port();

}  // namespace wm::testing
