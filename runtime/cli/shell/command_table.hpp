#pragma once
// What the shell knows about its commands, as data: names, subcommands, usage and help
// text, and tab completion over them. Pure (no actors), so help and completion are tested
// without a runtime.
#include <string>
#include <string_view>
#include <vector>

namespace wm::shell {

struct command_spec {
  std::string_view name;
  std::string_view summary;                   // one line for `help`
  std::string_view usage;                     // usage lines for `help <name>`
  std::vector<std::string_view> subcommands;  // empty: none
};

const std::vector<command_spec>& command_table();

// nullptr when there is no such command (aliases such as `exit` resolve to their command).
const command_spec* find_command(std::string_view name);

// `help` with no argument: every command with its summary.
std::string help_overview();

// `help <name>`: the command's usage; empty when unknown.
std::string help_for(std::string_view name);

// Messages `send` can build, per service name (`send health ping 5`).
struct send_message_spec {
  std::string_view message;
  std::string_view args;  // e.g. "N" or ""
  std::string_view summary;
};
struct send_target_spec {
  std::string_view service;
  std::vector<send_message_spec> messages;
};
const std::vector<send_target_spec>& send_targets();

// Completion candidates for the word being typed. `before` is the line up to the start of
// that word, `prefix` the part of the word already typed. Candidates start with `prefix`
// and are sorted; empty when nothing applies.
std::vector<std::string> complete(std::string_view before, std::string_view prefix);

}  // namespace wm::shell
