#pragma once
// The interactive shell: libedit (readline-compatible API) for line editing, persistent
// history in $WM_SHELL_HISTORY or ~/.writemagic_history, tab completion of commands,
// subcommands and `send` targets. Ctrl-C at the prompt drops the line; while a command
// runs it cancels that command; Ctrl-D or `quit` leaves.
#include <string>

#include "runtime/cli/shell/session.hpp"

namespace wm::shell {

// The history file the REPL reads and appends to.
std::string history_path();

// Returns the exit code (0 unless the session ended on a failure that asks for one).
int run_repl(session& s, interrupt_watcher& irq, const std::string& prompt);

// Reads commands from a non-terminal stream line by line (a command may span lines inside
// quotes or after a trailing backslash); stops at the first failure unless keep_going.
// Returns 0, 1 (a command failed) or 2 (a command did not parse).
int run_stream(session& s, std::FILE* in);

}  // namespace wm::shell
