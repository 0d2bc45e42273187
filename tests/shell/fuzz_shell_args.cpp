// Fuzz target for a shell command's options (`doc ls --limit 5 --deleted -- --odd-title`).
// The input is split at NUL bytes into words. Asserts: no crash; a failure is invalid_input
// with a message; what parses has only known options, and written back as
// `--name=value ... --flag ... -- positional...` parses to the same options and words; a
// number option parses exactly when it is all digits within its range.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/cli/shell/command_args.hpp"
#include "tests/fuzz/fuzz_checks.hpp"

namespace {

using wm::fuzz::check;

const std::vector<std::string_view> value_options{"--limit", "--title", "--project"};
const std::vector<std::string_view> flag_options{"--deleted", "--json"};

bool known(const std::vector<std::string_view>& list, std::string_view name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

// Plain reading of a number option: digits only, at most `max` (no overflow: compared as text
// length first).
bool plain_number(std::string_view text, uint64_t max) {
  if (text.empty() ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  while (text.size() > 1 && text.front() == '0') text.remove_prefix(1);
  const std::string limit = std::to_string(max);
  return text.size() < limit.size() || (text.size() == limit.size() && text <= limit);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace wm::shell;
  const std::string_view input{reinterpret_cast<const char*>(data), size};
  std::vector<std::string> words;
  for (std::size_t start = 0;;) {
    const auto nul = input.find('\0', start);
    words.emplace_back(input.substr(start, nul - start));
    if (nul == std::string_view::npos) break;
    start = nul + 1;
  }
  auto args = parse_command_args(words, 0, value_options, flag_options);
  if (!args.ok()) {
    check(args.error().code == wm::errc::invalid_input && !args.error().message.empty());
    return 0;
  }
  for (const auto& [name, value] : args->values) check(known(value_options, name));
  for (const auto& flag : args->flags) check(known(flag_options, flag));

  std::vector<std::string> written;
  for (const auto& [name, value] : args->values) written.push_back(name + "=" + value);
  for (const auto& flag : args->flags) written.push_back(flag);
  written.emplace_back("--");
  for (const auto& p : args->positional) written.push_back(p);
  auto again = parse_command_args(written, 0, value_options, flag_options);
  check(again.ok());
  check(again->values == args->values && again->flags == args->flags &&
        again->positional == args->positional);

  constexpr uint64_t max = 1000;
  auto limit = args->number("--limit", max);
  const std::string* text = args->value("--limit");
  check(limit.ok() == (text == nullptr || plain_number(*text, max)));
  if (!limit.ok()) {
    check(limit.error().code == wm::errc::invalid_input);
    check(limit.error().message.find("--limit") != std::string::npos);
  } else if (*limit) {
    check(**limit <= max && std::to_string(**limit) == std::to_string(std::stoull(*text)));
  }
  return 0;
}
