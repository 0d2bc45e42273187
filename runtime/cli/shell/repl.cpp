#include "runtime/cli/shell/repl.hpp"

#include <editline/readline.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <system_error>
#include <vector>

#include "runtime/cli/shell/command_table.hpp"

namespace wm::shell {

namespace {

std::vector<std::string> g_candidates;
size_t g_next = 0;

char* next_candidate(const char*, int state) {
  if (state == 0) g_next = 0;
  if (g_next >= g_candidates.size()) return nullptr;
  return ::strdup(g_candidates[g_next++].c_str());
}

char** attempt_completion(const char* text, int start, int) {
  rl_attempted_completion_over = 1;  // never fall back to file names
  std::string before{rl_line_buffer, static_cast<size_t>(start)};
  g_candidates = complete(before, text);
  if (g_candidates.empty()) return nullptr;
  return rl_completion_matches(text, next_candidate);
}

}  // namespace

std::string history_path() {
  if (const char* p = std::getenv("WM_SHELL_HISTORY"); p && *p) return p;
  if (const char* home = std::getenv("HOME"); home && *home)
    return std::string{home} + "/.writemagic_history";
  return ".writemagic_history";
}

int run_repl(session& s, interrupt_watcher& irq, const std::string& prompt) {
  rl_readline_name = const_cast<char*>("writemagic");
  rl_attempted_completion_function = attempt_completion;
  rl_completion_append_character = ' ';
  using_history();
  stifle_history(2000);
  const auto path = history_path();
  read_history(path.c_str());
  std::fputs("WriteMagic shell on the ", stdout);
  std::fputs(s.conn().describe().c_str(), stdout);
  std::fputs(". `help` lists commands, Tab completes, Ctrl-D leaves.\n", stdout);
  std::fflush(stdout);
  std::string pending;  // a command continued over several lines
  continuation_scanner scanner;
  while (!s.finished()) {
    irq.clear();
    char* raw = readline(pending.empty() ? prompt.c_str() : "...> ");
    if (!raw) {
      if (irq.pending()) {  // Ctrl-C at the prompt: drop the line, keep the shell
        irq.clear();
        pending.clear();
        scanner.reset();
        std::fputc('\n', stdout);
        continue;
      }
      std::fputc('\n', stdout);
      break;  // Ctrl-D
    }
    std::string line{raw};
    std::free(raw);
    if (irq.pending()) {
      irq.clear();
      pending.clear();
      scanner.reset();
      continue;
    }
    if (line.find_first_not_of(" \t") != std::string::npos) {
      add_history(line.c_str());
      write_history(path.c_str());
    }
    pending += line;
    scanner.feed(line);
    if (scanner.needs_more()) {  // parsed once complete, not after every line
      pending += '\n';
      scanner.feed("\n");
      continue;
    }
    auto parsed = parse_script(pending);
    pending.clear();
    scanner.reset();
    if (parsed.error) {
      s.print_error(parsed.error->to_failure());
      continue;
    }
    for (const auto& cmd : parsed.commands) {
      s.execute(cmd);
      // Ctrl-C cancelled the command (if it could be); the rest of the line does not run.
      if (s.finished() || irq.pending()) break;
    }
  }
  return s.output_failed() ? 1 : 0;
}

namespace {

// Lines from a file descriptor, read with read(2) so that a SIGINT can interrupt the wait
// for input (interrupt_watcher::wait_readable) instead of looking like the end of the input.
class line_reader {
 public:
  enum class outcome { line, eof, interrupted, error };

  line_reader(int fd, interrupt_watcher& irq) : fd_(fd), irq_(irq) {}

  // The next line, with its '\n' (the last one may lack it).
  outcome next(std::string& line) {
    for (;;) {
      auto nl = buf_.find('\n', scanned_);
      if (nl != std::string::npos) {
        line.assign(buf_, start_, nl + 1 - start_);
        start_ = scanned_ = nl + 1;
        return outcome::line;
      }
      scanned_ = buf_.size();
      if (eof_) {
        if (start_ == buf_.size()) return outcome::eof;
        line.assign(buf_, start_, std::string::npos);
        start_ = scanned_ = buf_.size();
        return outcome::line;
      }
      if (start_ > 0) {  // drop what was handed out; keeps the buffer one line long
        buf_.erase(0, start_);
        scanned_ -= start_;
        start_ = 0;
      }
      if (!irq_.wait_readable(fd_)) return outcome::interrupted;
      char chunk[65536];
      auto n = ::read(fd_, chunk, sizeof chunk);
      if (n > 0) {
        buf_.append(chunk, static_cast<size_t>(n));
      } else if (n == 0) {
        eof_ = true;
      } else if (errno == EINTR || errno == EAGAIN) {
        if (irq_.pending()) return outcome::interrupted;
      } else {
        error_ = errno;
        return outcome::error;
      }
    }
  }

  int error() const noexcept { return error_; }

 private:
  int fd_;
  interrupt_watcher& irq_;
  std::string buf_;
  size_t start_ = 0;    // first byte not yet handed out
  size_t scanned_ = 0;  // bytes before this hold no '\n' past start_
  bool eof_ = false;
  int error_ = 0;
};

}  // namespace

int run_stream(session& s, int fd) {
  line_reader reader{fd, s.irq()};
  std::string pending;  // one statement, possibly over several lines
  continuation_scanner scanner;
  size_t first_line = 1;  // of `pending` in the whole input, for error positions
  std::string line;
  bool failed = false;
  for (;;) {
    if (s.irq().pending()) return s.report_interrupted();
    auto got = reader.next(line);
    if (got == line_reader::outcome::interrupted) return s.report_interrupted();
    if (got == line_reader::outcome::error) {
      s.print_error(
          failure{errc::unavailable, std::string{"cannot read the commands on stdin: "} +
                                         std::generic_category().message(reader.error())});
      return 1;
    }
    const bool eof = got == line_reader::outcome::eof;
    if (!eof) {
      pending += line;
      scanner.feed(line);
      if (scanner.needs_more()) continue;  // an open quote or a trailing backslash
    }
    if (pending.empty()) break;
    auto parsed = parse_script(pending);
    if (parsed.error) {
      auto error = *parsed.error;
      error.line += first_line - 1;  // number lines as in a script file
      s.print_error(error.to_failure());
      return 2;
    }
    first_line += static_cast<size_t>(std::count(pending.begin(), pending.end(), '\n'));
    pending.clear();
    scanner.reset();
    for (const auto& cmd : parsed.commands) {
      if (s.irq().pending()) return s.report_interrupted();
      if (!s.execute(cmd)) {
        failed = true;
        if (!s.options().keep_going || s.output_failed()) break;
      }
      if (s.finished()) break;
    }
    if (s.irq().pending()) return s.report_interrupted();
    if ((failed && !s.options().keep_going) || s.finished() || eof) break;
  }
  return failed ? 1 : 0;
}

}  // namespace wm::shell
