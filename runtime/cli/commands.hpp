#pragma once
// The subcommands of the `writemagic` binary. Each returns the process exit code.
//
// Exit codes (documented in README.md):
//   0  success / clean shutdown
//   1  runtime failure (a service failed, a command failed)
//   2  usage or configuration error
//   3  shutdown finished but some subscriber was cut at its deadline
//   130 forced exit on a second SIGINT/SIGTERM
namespace wm::cli {

inline constexpr int exit_ok = 0;
inline constexpr int exit_failure = 1;
inline constexpr int exit_usage = 2;
inline constexpr int exit_unclean_shutdown = 3;
inline constexpr int exit_forced = 130;

int run_node_command(int argc, char** argv);
int run_shell_command(int argc, char** argv);

}  // namespace wm::cli
