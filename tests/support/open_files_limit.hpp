#pragma once
// Raises this process's soft open-files limit to its hard limit and returns the limit now in
// force: a process that holds thousands of loopback connections (both ends, when the fake
// provider runs in the same process) needs more than the usual soft 1,024.
#include <cstddef>

namespace wm::testing {

std::size_t raise_open_files_limit();

}  // namespace wm::testing
