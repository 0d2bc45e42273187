#include "runtime/cli/shell/repl.hpp"

#include <editline/readline.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
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
  while (!s.finished()) {
    irq.clear();
    char* raw = readline(pending.empty() ? prompt.c_str() : "...> ");
    if (!raw) {
      if (irq.pending()) {  // Ctrl-C at the prompt: drop the line, keep the shell
        irq.clear();
        pending.clear();
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
      continue;
    }
    if (line.find_first_not_of(" \t") != std::string::npos) {
      add_history(line.c_str());
      write_history(path.c_str());
    }
    pending += line;
    auto parsed = parse_script(pending);
    if (parsed.error && parsed.error->incomplete) {
      pending += '\n';
      continue;
    }
    pending.clear();
    if (parsed.error) {
      s.print_error(parsed.error->to_failure());
      continue;
    }
    for (const auto& cmd : parsed.commands) {
      s.execute(cmd);
      if (s.finished()) break;
    }
  }
  return 0;
}

int run_stream(session& s, std::FILE* in) {
  std::string pending;
  char* buf = nullptr;
  size_t cap = 0;
  bool failed = false;
  int code = 0;
  for (;;) {
    auto n = ::getline(&buf, &cap, in);
    bool eof = n < 0;
    if (!eof) pending.append(buf, static_cast<size_t>(n));
    if (pending.empty()) {
      if (eof) break;
      continue;
    }
    auto parsed = parse_script(pending);
    if (parsed.error && parsed.error->incomplete && !eof) continue;
    pending.clear();
    if (parsed.error) {
      s.print_error(parsed.error->to_failure());
      code = 2;
      break;
    }
    for (const auto& cmd : parsed.commands) {
      if (!s.execute(cmd)) {
        failed = true;
        if (!s.options().keep_going) {
          code = 1;
          break;
        }
      }
      if (s.finished()) break;
    }
    if (code != 0 || s.finished() || eof) break;
  }
  std::free(buf);
  if (code == 0 && failed) code = 1;
  return code;
}

}  // namespace wm::shell
