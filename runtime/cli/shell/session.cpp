#include "runtime/cli/shell/session.hpp"

#include <algorithm>
#include <cerrno>
#include <string>
#include <system_error>
#include <utility>

#include "adapters/codecs/json_writer.hpp"
#include "runtime/cli/shell/command_table.hpp"
#include "runtime/errors/error_body.hpp"
#include "runtime/logging/log.hpp"

namespace wm::shell {

namespace {

struct entry {
  std::string_view name;
  command_fn fn;
};

constexpr entry dispatch[] = {
    {"help", cmd_help}, {"actors", cmd_actors},       {"doc", cmd_doc},
    {"ai", cmd_ai},     {"providers", cmd_providers}, {"metrics", cmd_metrics},
    {"send", cmd_send}, {"config", cmd_config},       {"shutdown", cmd_shutdown},
    {"quit", cmd_quit},
};

std::string command_label(const std::vector<std::string>& words, const command_spec* spec) {
  std::string label{spec ? spec->name : std::string_view{words[0]}};
  if (spec && words.size() > 1 &&
      std::find(spec->subcommands.begin(), spec->subcommands.end(), words[1]) !=
          spec->subcommands.end())
    label += " " + words[1];
  return label;
}

}  // namespace

session::session(std::unique_ptr<connection> conn, config cfg, session_options opts,
                 interrupt_watcher& irq, std::FILE* out, std::FILE* err)
    : conn_(std::move(conn)), cfg_(std::move(cfg)), opts_(opts), irq_(irq), out_(out), err_(err) {}

bool session::write_out(std::string_view text) {
  if (output_failed_) return false;
  if (text.empty() || std::fwrite(text.data(), 1, text.size(), out_) == text.size()) return true;
  out_errno_ = errno;
  return flush_out();
}

bool session::flush_out() {
  if (output_failed_) return false;
  int flushed = std::fflush(out_);
  if (flushed == 0 && !std::ferror(out_)) return true;
  if (flushed != 0 || out_errno_ == 0) out_errno_ = errno;
  output_failed_ = true;
  finished_ = true;  // nothing more can be shown; stop the script or the REPL
  std::string message = "cannot write to standard output";
  if (out_errno_ != 0) message += ": " + std::generic_category().message(out_errno_);
  write_error_line(errc::unavailable, message);
  return false;
}

// "error: <code>: <message>" on stderr, written whole: a message may quote a word with a NUL
// byte in it (shown as \0).
void session::write_error_line(errc code, std::string_view message) {
  std::string line = "error: ";
  line += to_string(code);
  line += ": ";
  for (char c : message) {
    if (c == '\0')
      line += "\\0";
    else
      line += c;
  }
  line += '\n';
  std::fwrite(line.data(), 1, line.size(), err_);
  std::fflush(err_);
}

void session::print_error(const failure& f) {
  if (opts_.json) {
    auto body = error_body_json(f, "");
    body += '\n';
    if (write_out(body)) flush_out();
  } else {
    flush_out();
    write_error_line(f.code, log::redact(f.message));
  }
}

int session::report_interrupted() {
  flush_out();
  write_error_line(errc::cancelled, "interrupted (SIGINT); the remaining commands did not run");
  return exit_interrupted;
}

status session::execute(const parsed_command& cmd) {
  const auto& words = cmd.words;
  const auto* spec = find_command(words[0]);
  command_fn fn = nullptr;
  if (spec)
    for (const auto& e : dispatch)
      if (e.name == spec->name) fn = e.fn;
  if (!fn) {
    failure f{errc::invalid_input, "unknown command '" + words[0] + "' (try `help`)"};
    print_error(f);
    return f;
  }
  command_context ctx{*conn_, cfg_, opts_, irq_, out_};
  result<reply> r = failure{errc::internal, "no result"};
  try {
    r = fn(ctx, words);
  } catch (const std::exception& e) {
    // A bug, not a user error; still one line, never a stack trace.
    r = failure{errc::internal, std::string{"command failed: "} + e.what()};
  }
  if (ctx.quit) finished_ = true;
  if (!r) {
    print_error(r.error());
    return r.error();
  }
  bool written = true;
  if (opts_.json) {
    codecs::json_writer w;
    w.begin_object().key("command").value(command_label(words, spec));
    w.key("result").raw(r->json.empty() ? std::string_view{"null"} : std::string_view{r->json});
    w.end_object();
    written = write_out(w.str()) && write_out("\n");
  } else if (!r->text.empty()) {
    written = write_out(r->text) && (r->text.back() == '\n' || write_out("\n"));
  }
  // Also catches what a command streamed to stdout itself (ai tokens, progress bars).
  if (!written || !flush_out())
    return failure{errc::unavailable, "cannot write to standard output"};
  return {};
}

int session::run_script(std::string_view text) {
  auto parsed = parse_script(text);
  if (parsed.error) {
    print_error(parsed.error->to_failure());
    return 2;
  }
  bool failed = false;
  for (const auto& cmd : parsed.commands) {
    if (irq_.pending()) return report_interrupted();
    if (finished_) break;
    if (!execute(cmd)) {
      failed = true;
      if (!opts_.keep_going || output_failed_) break;
    }
  }
  // A SIGINT during the last command (which it cancelled, if it could) still counts.
  if (irq_.pending()) return report_interrupted();
  return failed ? 1 : 0;
}

}  // namespace wm::shell
