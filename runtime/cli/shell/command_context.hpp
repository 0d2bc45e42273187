#pragma once
// What a shell command gets to work with, and what it gives back.
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "messages/result.hpp"
#include "runtime/cli/shell/connection.hpp"
#include "runtime/cli/shell/interrupt.hpp"
#include "runtime/config/config.hpp"

namespace wm::shell {

struct session_options {
  bool json = false;        // one JSON object per result
  bool keep_going = false;  // scripts: run on after a failing command
  bool tty_out = false;     // stdout is a terminal: progress bars, streamed tokens
};

// A command's result: `text` for people (printed as is), `json` one JSON value for --json.
struct reply {
  std::string text;
  std::string json;
};

struct command_context {
  connection& conn;
  const config& cfg;
  const session_options& opts;
  interrupt_watcher& irq;
  std::FILE* out;
  bool quit = false;  // set by quit/exit/shutdown: the session ends after this command
};

// `words[0]` is the command name.
using command_fn = result<reply> (*)(command_context& ctx, const std::vector<std::string>& words);

// Implemented per area (runtime_commands.cpp, doc_commands.cpp, ai_commands.cpp).
result<reply> cmd_help(command_context&, const std::vector<std::string>&);
result<reply> cmd_actors(command_context&, const std::vector<std::string>&);
result<reply> cmd_metrics(command_context&, const std::vector<std::string>&);
result<reply> cmd_config(command_context&, const std::vector<std::string>&);
result<reply> cmd_shutdown(command_context&, const std::vector<std::string>&);
result<reply> cmd_quit(command_context&, const std::vector<std::string>&);
result<reply> cmd_send(command_context&, const std::vector<std::string>&);
result<reply> cmd_doc(command_context&, const std::vector<std::string>&);
result<reply> cmd_ai(command_context&, const std::vector<std::string>&);
result<reply> cmd_providers(command_context&, const std::vector<std::string>&);

// Every (service, message) pair `send` can build, with its number of arguments; the table
// behind the listing, `help send` and completion (send_targets()) must name the same.
struct sendable_message {
  std::string_view service;
  std::string_view message;
  size_t arity;
};
std::vector<sendable_message> sendable_messages();

}  // namespace wm::shell
