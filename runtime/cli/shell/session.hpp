#pragma once
// A shell session: runs parsed commands against a connection and prints each result, as
// text or as one JSON object per line (--json). Errors print as `error: <code>: <message>`
// on stderr, or as the one JSON error shape on stdout with --json.
#include <cstdio>
#include <memory>
#include <string_view>

#include "runtime/cli/shell/command_context.hpp"
#include "runtime/cli/shell/command_parser.hpp"

namespace wm::shell {

// The conventional exit code of a process stopped by SIGINT (128 + 2).
inline constexpr int exit_interrupted = 130;

class session {
 public:
  session(std::unique_ptr<connection> conn, config cfg, session_options opts,
          interrupt_watcher& irq, std::FILE* out = stdout, std::FILE* err = stderr);

  // Runs one command and prints its outcome.
  status execute(const parsed_command& cmd);

  // Runs a whole script (-c text, a file): stops at the first failure unless keep_going,
  // and at the next command boundary after a SIGINT. Returns the exit code: 0 ok, 1 a
  // command failed or stdout could not be written, 2 the script does not parse, 130
  // interrupted.
  int run_script(std::string_view text);

  // Prints a failure the way every error is printed.
  void print_error(const failure& f);

  // Says on stderr that a SIGINT stopped the script; returns exit_interrupted.
  int report_interrupted();

  // quit/exit/shutdown ran, or stdout can no longer be written.
  bool finished() const noexcept { return finished_; }

  // A write to stdout failed (reported once on stderr; the session is finished).
  bool output_failed() const noexcept { return output_failed_; }

  interrupt_watcher& irq() noexcept { return irq_; }

  const session_options& options() const noexcept { return opts_; }
  connection& conn() noexcept { return *conn_; }

 private:
  std::unique_ptr<connection> conn_;
  config cfg_;
  session_options opts_;
  interrupt_watcher& irq_;
  std::FILE* out_;
  std::FILE* err_;
  // Writes to stdout; false (reported once) when stdout cannot be written.
  bool write_out(std::string_view text);
  bool flush_out();
  void write_error_line(errc code, std::string_view message);

  bool finished_ = false;
  bool output_failed_ = false;
  int out_errno_ = 0;
};

}  // namespace wm::shell
