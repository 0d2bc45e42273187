// `writemagic`: one binary, two main jobs: `writemagic node` (headless node) and
// `writemagic shell` (CLI actor shell).
#include <cstdio>
#include <cstring>
#include <exception>

#include "runtime/cli/commands.hpp"
#include "runtime/cli/version.hpp"

namespace {

constexpr const char* usage = R"(usage: writemagic <command> [options]

commands:
  node      run a headless node (HTTP API, metrics, graceful shutdown)
  shell     interactive actor shell and scripting (embedded runtime or --connect)
  version   print the version

`writemagic <command> --help` describes each command.
)";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0) {
    std::fputs(usage, argc < 2 ? stderr : stdout);
    return argc < 2 ? wm::cli::exit_usage : wm::cli::exit_ok;
  }
  try {
    if (std::strcmp(argv[1], "node") == 0) return wm::cli::run_node_command(argc - 1, argv + 1);
    if (std::strcmp(argv[1], "shell") == 0) return wm::cli::run_shell_command(argc - 1, argv + 1);
    if (std::strcmp(argv[1], "version") == 0 || std::strcmp(argv[1], "--version") == 0) {
      std::printf("writemagic %s\n", wm::version_string);
      return wm::cli::exit_ok;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "writemagic: internal error: %s\n", e.what());
    return wm::cli::exit_failure;
  }
  std::fprintf(stderr, "writemagic: unknown command '%s'\n\n%s", argv[1], usage);
  return wm::cli::exit_usage;
}
