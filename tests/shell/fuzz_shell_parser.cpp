// Fuzz target for the shell's command parser. Asserts: no crash; an error is invalid_input
// with a position inside the input; whatever parses survives render -> parse unchanged; the
// line-by-line continuation_scanner (REPL, stdin) agrees with the parser on whether the
// input is incomplete, however the input is split into pieces.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "runtime/cli/shell/command_parser.hpp"
#include "tests/fuzz/fuzz_checks.hpp"

using wm::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace wm::shell;
  const std::string_view text{reinterpret_cast<const char*>(data), size};
  auto out = parse_script(text);
  // Goes on in the next line: incomplete, or the last LF ends a line continuation (then the
  // text without that LF ends in an incomplete backslash).
  auto goes_on = [](std::string_view t) {
    auto incomplete = [](std::string_view u) {
      auto p = parse_script(u);
      return p.error && p.error->incomplete;
    };
    return incomplete(t) ||
           (!t.empty() && t.back() == '\n' && incomplete(t.substr(0, t.size() - 1)));
  };
  const bool expected = goes_on(text);
  continuation_scanner whole;
  whole.feed(text);
  check(whole.needs_more() == expected);
  continuation_scanner by_line;  // as the stdin reader feeds it, line by line
  size_t start = 0;
  while (start < text.size()) {
    auto nl = text.find('\n', start);
    size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    by_line.feed(text.substr(start, end - start));
    check(by_line.needs_more() == goes_on(text.substr(0, end)));
    start = end;
  }
  check(by_line.needs_more() == expected);
  if (out.error) {
    check(out.commands.empty());
    check(out.error->line >= 1 && out.error->column >= 1);
    auto f = out.error->to_failure();
    check(f.code == wm::errc::invalid_input && !f.message.empty());
    return 0;
  }
  for (const auto& cmd : out.commands) {
    check(!cmd.words.empty());
    auto again = parse_commands(render_command(cmd.words));
    check(again.ok() && again->size() == 1 && (*again)[0].words == cmd.words);
  }
  return 0;
}
