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

// Returns the exit code: 0, or 1 when stdout could not be written.
int run_repl(session& s, interrupt_watcher& irq, const std::string& prompt);

// Reads commands from a non-terminal file descriptor (stdin) line by line (a command may
// span lines inside quotes or after a trailing backslash) and runs each statement once it is
// complete; stops at the first failure unless keep_going, and at the next command boundary
// after a SIGINT (also while waiting for input). Parse errors name the line in the whole
// input. Returns 0, 1 (a command failed or stdout could not be written), 2 (a command did
// not parse) or 130 (interrupted).
int run_stream(session& s, int fd);

}  // namespace wm::shell
