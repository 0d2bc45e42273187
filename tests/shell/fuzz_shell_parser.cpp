// Fuzz target for the shell's command parser. Asserts: no crash; an error is invalid_input
// with a position inside the input; whatever parses survives render -> parse unchanged.
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
