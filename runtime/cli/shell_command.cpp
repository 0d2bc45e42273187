// `writemagic shell`: the CLI actor shell. An embedded runtime on a data dir, or a running
// node over CAF's network layer (--connect). Interactive REPL on a terminal; scripting with
// -c, a script file, or commands on stdin.
//
// The embedded runtime starts from the server profile's defaults (threads, limits, store
// settings are a node's) but is not a server: it never starts the HTTP API nor publishes on
// caf.port, and it logs warnings only unless log.level is set explicitly, so the shell's
// own output stays readable.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <utility>

#include "adapters/files/whole_file.hpp"
#include "runtime/cli/commands.hpp"
#include "runtime/cli/config_args.hpp"
#include "runtime/cli/shell/connection.hpp"
#include "runtime/cli/shell/interrupt.hpp"
#include "runtime/cli/shell/repl.hpp"
#include "runtime/cli/shell/session.hpp"
#include "runtime/cli/version.hpp"

namespace wm::cli {

namespace {

constexpr const char* shell_usage = R"(usage: writemagic shell [options] [SCRIPT-FILE]

The WriteMagic actor shell. Without -c or a script file it reads commands from stdin when
stdin is not a terminal, and is an interactive REPL (history, Tab completion) when it is.

options:
  --data-dir DIR      embedded runtime on this data dir (runtime.data_dir)
  --connect HOST:PORT talk to a running node (its caf.port) instead of an embedded runtime
  -c "CMD; CMD"       run these commands and exit
  --keep-going        scripts: run on after a failing command (exit code still 1)
  --json              one JSON object per result, errors as {"error":{...}} (for jq)
  --config FILE       configuration file (INI; see config/writemagic.ini)
  --profile NAME      mobile | server (default: server)
  --set KEY=VALUE     any configuration key
  --dump-config       print the effective configuration and exit
  --help              this text

`help` inside the shell lists its commands. History: $WM_SHELL_HISTORY or ~/.writemagic_history.
exit codes: 0 ok, 1 a command failed (or the runtime did not start, or stdout could not be
            written), 2 usage error or a script that does not parse, 130 interrupted:
            SIGINT (Ctrl-C) stops a script or stdin at the next command boundary, after
            cancelling the running command where it can (ai)
)";

int usage_error(const std::string& message) {
  std::fprintf(stderr, "writemagic shell: %s (see --help)\n", message.c_str());
  return exit_usage;
}

}  // namespace

int run_shell_command(int argc, char** argv) {
  auto args = parse_config_args(argc, argv, "server");
  if (!args) return usage_error(args.error().message);
  std::optional<std::string> connect;  // given at all, even as "" (an error, not "embedded")
  std::optional<std::string> commands;
  std::optional<std::string> script_file;
  shell::session_options opts;
  for (size_t i = 0; i < args->rest.size(); ++i) {
    const auto& arg = args->rest[i];
    auto next = [&](std::string& into) {
      if (i + 1 >= args->rest.size()) return false;
      into = args->rest[++i];
      return true;
    };
    if (arg == "--help" || arg == "-h") {
      std::fputs(shell_usage, stdout);
      return exit_ok;
    } else if (arg == "--version") {
      std::printf("writemagic %s\n", version_string);
      return exit_ok;
    } else if (arg == "--connect") {
      std::string endpoint;
      if (!next(endpoint) || endpoint.empty()) return usage_error("--connect needs HOST:PORT");
      if (connect) return usage_error("--connect given twice");
      connect = std::move(endpoint);
    } else if (arg == "-c") {
      std::string text;
      if (!next(text)) return usage_error("-c needs commands");
      if (commands) return usage_error("-c given twice");
      commands = std::move(text);
    } else if (arg == "--keep-going") {
      opts.keep_going = true;
    } else if (arg == "--json") {
      opts.json = true;
    } else if (!arg.empty() && arg[0] == '-' && arg != "-") {
      return usage_error("unknown option '" + arg + "'");
    } else if (!script_file) {
      script_file = arg;
    } else {
      return usage_error("more than one script file");
    }
  }
  if (commands && script_file) return usage_error("give -c or a script file, not both");

  auto cfg = load_from_args(*args);
  if (!cfg) return usage_error(cfg.error().message);
  if (args->dump_config) {
    std::fputs(dump(*cfg).c_str(), stdout);
    return exit_ok;
  }

  std::optional<std::string> script_text;
  if (script_file && *script_file != "-") {
    auto text = files::read_whole_file(*script_file, "script file");
    if (!text) return usage_error(text.error().message);
    script_text = std::move(*text);
  } else if (commands) {
    script_text = *commands;
  }
  bool interactive = !script_text && !(script_file && *script_file == "-") && ::isatty(0);
  opts.tty_out = ::isatty(1);

  std::optional<std::pair<std::string, uint16_t>> endpoint;
  if (connect) {
    auto parsed = shell::parse_endpoint(*connect);
    if (!parsed) return usage_error("--connect: " + parsed.error().message);
    endpoint.emplace(parsed->first, parsed->second);
  }

  // Installed before the runtime starts: a SIGINT while it starts stops the shell before
  // its first command (exit 130) instead of killing it half-way.
  shell::interrupt_watcher irq;
  result<std::unique_ptr<shell::connection>> conn = failure{errc::internal, ""};
  std::string prompt = "wm> ";
  if (endpoint) {
    conn = shell::connect_remote(endpoint->first, endpoint->second, *cfg);
    prompt = "wm@" + *connect + "> ";
  } else {
    conn = shell::open_embedded(*cfg);
  }
  if (!conn) {
    std::fprintf(stderr, "error: %s: %s\n", std::string{to_string(conn.error().code)}.c_str(),
                 conn.error().message.c_str());
    return exit_failure;
  }
  int code = exit_ok;
  {
    shell::session s{std::move(*conn), std::move(*cfg), opts, irq};
    if (script_text)
      code = s.run_script(*script_text);
    else if (interactive)
      code = shell::run_repl(s, irq, prompt);
    else
      code = shell::run_stream(s, STDIN_FILENO);
  }
  return code;
}

}  // namespace wm::cli
