#include "runtime/cli/shell/command_table.hpp"

#include <algorithm>

namespace wm::shell {

namespace {

std::vector<command_spec> make_table() {
  // clang-format off
  return {
    {"help", "list commands, or describe one", "help [COMMAND]", {}},
    {"actors", "the supervision tree: state, restarts, mailbox backlog",
     "actors\n  Lists the supervision tree with each child's state and restart count, and the\n"
     "  mailbox backlog of service actors (writemagic_mailbox_backlog, sampled).", {}},
    {"doc", "documents: create, read, update, delete, list, history, search, stats, files",
     "doc new TITLE [--type TYPE] [--content TEXT | --file PATH] [--project ID]\n"
     "doc get ID [--content-only]\n"
     "doc put ID [--content TEXT | --file PATH] [--title TITLE] [--expect-version N]\n"
     "doc rm ID [--expect-version N]\n"
     "doc undelete ID               (undoes rm: the document is back as it was)\n"
     "doc ls [--offset N] [--limit N] [--project ID] [--after ID] [--deleted]\n"
     "doc history ID [--offset N] [--limit N]\n"
     "doc restore ID VERSION [--expect-version N]\n"
     "doc search QUERY [--limit N]\n"
     "doc stats ID\n"
     "doc import DIR                (its .md and .txt files, one document each; progress bar)\n"
     "doc export DIR                (every live document as DIR/<title>.md or .txt)\n"
     "  Paths are the runtime's: with --connect, on the node's machine.\n"
     "  TYPE: markdown | plain_text | html | json | yaml | code:<lang>",
     {"new", "get", "put", "rm", "undelete", "ls", "history", "restore", "search", "stats", "import",
      "export"}},
    {"ai", "AI completions, streamed to the terminal; Ctrl-C cancels the request",
     "ai complete PROMPT [--model M] [--max-tokens N] [--system TEXT] [--no-stream]\n"
     "ai rewrite (TEXT | --doc ID) [--model M] [--no-stream]\n"
     "ai summarize (TEXT | --doc ID) [--model M] [--no-stream]\n"
     "ai cancel REQUEST_ID\n"
     "  Tokens print as they arrive; Ctrl-C cancels the request, not the shell.",
     {"complete", "rewrite", "summarize", "cancel"}},
    {"providers", "AI providers: circuit breaker state and token usage", "providers", {}},
    {"metrics", "runtime metrics (Prometheus text, or JSON with --json)", "metrics [--json]", {}},
    {"send", "send a raw typed message to a named service",
     "send SERVICE MESSAGE [ARGS...]\n  `send` alone lists the services and messages.", {}},
    {"config", "the effective configuration, with where each value came from", "config", {}},
    {"shutdown", "shut the runtime down in phases (embedded: then the shell exits)", "shutdown",
     {}},
    {"quit", "leave the shell (also: exit)", "quit", {}},
  };
  // clang-format on
}

std::vector<send_target_spec> make_send_targets() {
  // clang-format off
  return {
    {"health", {{"ping", "N", "echo N back (liveness)"},
                {"mailbox", "", "the actor's mailbox size"}}},
    {"metrics", {{"scrape", "", "Prometheus text"},
                 {"scrape_json", "", "metrics as JSON"},
                 {"sample", "", "refresh the sampled gauges now"},
                 {"mailbox", "", "the actor's mailbox size"}}},
    {"shutdown", {{"status", "", "whether a shutdown has begun"},
                  {"mailbox", "", "the actor's mailbox size"}}},
    {"root", {{"children", "", "the supervision tree"}}},
    {"documents", {{"get", "ID", "the document record"},
                   {"stats", "ID", "text statistics of a document"},
                   {"mailbox", "", "the router's mailbox size"}}},
    {"gateway", {{"breaker", "", "circuit breaker reports"},
                 {"usage", "", "token usage per provider and model"},
                 {"cancel", "REQUEST_ID", "cancel an AI request in flight"},
                 {"mailbox", "", "the gateway's mailbox size"}}},
    {"cluster", {{"members", "", "each member's address and state (a node in a cluster)"}}},
  };
  // clang-format on
}

void add_matches(std::vector<std::string>& out, std::string_view prefix, std::string_view word) {
  if (word.substr(0, prefix.size()) == prefix) out.emplace_back(word);
}

// Words of the current command in `before` (after its last ';'), split on blanks only:
// good enough for choosing candidates, and never fails on a half-typed quote.
std::vector<std::string_view> current_words(std::string_view before) {
  auto semi = before.find_last_of(";\n");
  if (semi != std::string_view::npos) before.remove_prefix(semi + 1);
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < before.size()) {
    while (i < before.size() && (before[i] == ' ' || before[i] == '\t')) ++i;
    size_t start = i;
    while (i < before.size() && before[i] != ' ' && before[i] != '\t') ++i;
    if (i > start) words.push_back(before.substr(start, i - start));
  }
  return words;
}

}  // namespace

const std::vector<command_spec>& command_table() {
  static const auto table = make_table();
  return table;
}

const command_spec* find_command(std::string_view name) {
  if (name == "exit") name = "quit";
  for (const auto& spec : command_table())
    if (spec.name == name) return &spec;
  return nullptr;
}

std::string help_overview() {
  std::string out = "commands:\n";
  for (const auto& spec : command_table()) {
    std::string name{spec.name};
    name.resize(std::max<size_t>(name.size(), 11), ' ');
    out += "  " + name + std::string{spec.summary} + "\n";
  }
  out +=
      "`help COMMAND` shows its usage. Separate commands with ';' or newlines; quote with ''\n"
      "or \"\"; # starts a comment.\n";
  return out;
}

std::string help_for(std::string_view name) {
  const auto* spec = find_command(name);
  if (!spec) return {};
  std::string out{spec->name};
  out += ": ";
  out += spec->summary;
  out += "\nusage:\n";
  std::string_view usage = spec->usage;
  while (!usage.empty()) {
    auto nl = usage.find('\n');
    out += "  ";
    out += usage.substr(0, nl);
    out += '\n';
    usage = nl == std::string_view::npos ? std::string_view{} : usage.substr(nl + 1);
  }
  if (spec->name == "send") {
    for (const auto& target : send_targets())
      for (const auto& msg : target.messages) {
        std::string line = "  send " + std::string{target.service} + " " + std::string{msg.message};
        if (!msg.args.empty()) line += " " + std::string{msg.args};
        line.resize(std::max<size_t>(line.size() + 2, 36), ' ');
        out += line + std::string{msg.summary} + "\n";
      }
  }
  return out;
}

const std::vector<send_target_spec>& send_targets() {
  static const auto targets = make_send_targets();
  return targets;
}

std::vector<std::string> complete(std::string_view before, std::string_view prefix) {
  std::vector<std::string> out;
  auto words = current_words(before);
  if (words.empty()) {
    for (const auto& spec : command_table()) add_matches(out, prefix, spec.name);
    add_matches(out, prefix, "exit");
  } else if (words.size() == 1) {
    const auto* spec = find_command(words[0]);
    if (spec && spec->name == "help") {
      for (const auto& s : command_table()) add_matches(out, prefix, s.name);
    } else if (spec && spec->name == "send") {
      for (const auto& t : send_targets()) add_matches(out, prefix, t.service);
    } else if (spec) {
      for (auto sub : spec->subcommands) add_matches(out, prefix, sub);
    }
  } else if (words.size() == 2 && words[0] == "send") {
    for (const auto& t : send_targets())
      if (t.service == words[1])
        for (const auto& m : t.messages) add_matches(out, prefix, m.message);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace wm::shell
