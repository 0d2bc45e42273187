#pragma once
// A TCP port on 127.0.0.1 that nothing listens on right now (the kernel's pick for port
// 0), for tests that start servers and nodes; -1 if none could be had.
namespace wm::testing {

int free_port();

}  // namespace wm::testing
