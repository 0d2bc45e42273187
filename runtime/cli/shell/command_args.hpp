#pragma once
// Options of one shell command (`doc ls --limit 5 --deleted`): positional words, options
// with a value, and boolean flags. Pure; unknown options are errors, `--` ends options.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "messages/result.hpp"

namespace wm::shell {

struct command_args {
  std::vector<std::string> positional;
  std::map<std::string, std::string, std::less<>> values;
  std::set<std::string, std::less<>> flags;

  bool has(std::string_view flag) const { return flags.count(flag) > 0; }
  const std::string* value(std::string_view option) const;
  // An unsigned number option: nullopt when absent, failure when not a number in range.
  result<std::optional<uint64_t>> number(std::string_view option, uint64_t max) const;
};

// `words` are the command's arguments (after the command and subcommand names).
// `value_options` and `flag_options` name the accepted options, e.g. {"--limit"}.
result<command_args> parse_command_args(const std::vector<std::string>& words, size_t first,
                                        std::vector<std::string_view> value_options,
                                        std::vector<std::string_view> flag_options);

// A whole-word unsigned number within [0, max]; `what` names it in the error.
result<uint64_t> parse_number(std::string_view text, uint64_t max, std::string_view what);

}  // namespace wm::shell
