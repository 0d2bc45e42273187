// `writemagic shell`: placeholder until the shell lands (issue 7); says so plainly.
#include <cstdio>

#include "runtime/cli/commands.hpp"

namespace wm::cli {

int run_shell_command(int, char**) {
  std::fputs("writemagic shell: not available in this build yet\n", stderr);
  return exit_failure;
}

}  // namespace wm::cli
