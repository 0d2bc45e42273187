// The shell's runtime commands: help, actors, metrics, config, shutdown, quit.
#include <map>
#include <string>

#include "adapters/codecs/json_writer.hpp"
#include "messages/interfaces.hpp"
#include "messages/service_names.hpp"
#include "runtime/cli/shell/ask.hpp"
#include "runtime/cli/shell/command_args.hpp"
#include "runtime/cli/shell/command_context.hpp"
#include "runtime/cli/shell/command_table.hpp"
#include "runtime/cli/shell/prometheus_lines.hpp"

namespace wm::shell {

namespace {

constexpr auto timeout = std::chrono::seconds(30);

status no_arguments(const std::vector<std::string>& words, size_t first = 1) {
  auto args = parse_command_args(words, first, {}, {});
  if (!args) return args.error();
  if (!args->positional.empty())
    return failure{errc::invalid_input, words[0] + " takes no arguments"};
  return {};
}

void tree_text(std::string& out, const std::vector<child_info>& kids,
               const std::map<std::string, double>& backlog, const std::string& indent) {
  for (size_t i = 0; i < kids.size(); ++i) {
    const auto& kid = kids[i];
    bool last = i + 1 == kids.size();
    std::string line = indent + (last ? "`- " : "|- ") + kid.name;
    line.resize(std::max<size_t>(line.size() + 1, 28), ' ');
    line += to_string(kid.state);
    line.resize(std::max<size_t>(line.size() + 1, 38), ' ');
    line += "restarts " + std::to_string(kid.restarts);
    if (auto it = backlog.find(kid.name); it != backlog.end())
      line += "  mailbox " + std::to_string(static_cast<uint64_t>(it->second));
    if (kid.is_supervisor) line += "  (supervisor)";
    if (!kid.last_exit.empty()) line += "  last exit: " + kid.last_exit;
    out += line + "\n";
    tree_text(out, kid.children, backlog, indent + (last ? "   " : "|  "));
  }
}

void tree_json(codecs::json_writer& w, const std::vector<child_info>& kids,
               const std::map<std::string, double>& backlog) {
  w.begin_array();
  for (const auto& kid : kids) {
    w.begin_object();
    w.key("name").value(kid.name);
    w.key("state").value(to_string(kid.state));
    w.key("restarts").value(static_cast<uint64_t>(kid.restarts));
    w.key("actor_id").value(kid.actor_id);
    w.key("supervisor").value(kid.is_supervisor);
    w.key("last_exit").value(kid.last_exit);
    w.key("mailbox");
    if (auto it = backlog.find(kid.name); it != backlog.end())
      w.value(static_cast<uint64_t>(it->second));
    else
      w.null();
    w.key("children");
    tree_json(w, kid.children, backlog);
    w.end_object();
  }
  w.end_array();
}

// dump()'s INI text, each value followed by a comment saying where it came from; still
// valid INI (a comment after a value is allowed).
std::string config_text(const config& cfg) {
  std::map<std::string, std::string, std::less<>> origins;
  for (const auto& s : cfg.settings()) origins[s.key] = s.origin;
  for (const auto& o : cfg.caf_options())
    origins[std::string{config_schema::caf_prefix} + o.key] = o.origin;
  const std::string ini = dump(cfg);
  std::string out;
  std::string section;
  size_t start = 0;
  while (start < ini.size()) {
    auto nl = ini.find('\n', start);
    if (nl == std::string::npos) nl = ini.size();
    std::string_view line{ini.data() + start, nl - start};
    start = nl + 1;
    out += line;
    if (line.size() > 2 && line.front() == '[' && line.back() == ']') {
      section = std::string{line.substr(1, line.size() - 2)};
    } else if (auto eq = line.find(" = ");
               eq != std::string_view::npos && !line.empty() && line.front() != '#') {
      auto it = origins.find(section + "." + std::string{line.substr(0, eq)});
      if (it != origins.end() && !it->second.empty()) out += "  # " + it->second;
    }
    out += '\n';
  }
  return out;
}

}  // namespace

result<reply> cmd_help(command_context&, const std::vector<std::string>& words) {
  if (words.size() > 2) return failure{errc::invalid_input, "usage: help [COMMAND]"};
  reply r;
  codecs::json_writer w;
  if (words.size() == 1) {
    r.text = help_overview();
    w.begin_array();
    for (const auto& spec : command_table())
      w.begin_object().key("name").value(spec.name).key("summary").value(spec.summary).end_object();
    w.end_array();
  } else {
    r.text = help_for(words[1]);
    if (r.text.empty())
      return failure{errc::not_found, "no command '" + words[1] + "' (try `help`)"};
    w.begin_object().key("name").value(words[1]).key("help").value(r.text).end_object();
  }
  r.json = w.take();
  return r;
}

result<reply> cmd_actors(command_context& ctx, const std::vector<std::string>& words) {
  if (auto st = no_arguments(words); !st) return st.error();
  auto kids = ctx.conn.tree();
  if (!kids) return std::move(kids).error();
  // The backlog gauges are sampled by the metrics actor (metrics.sample_interval).
  std::map<std::string, double> backlog;
  auto metrics = caf::actor_cast<metrics_actor>(ctx.conn.service(services::metrics));
  if (auto text = ask<std::string>(ctx.conn.system(), metrics, timeout, scrape_atom::value))
    backlog = samples_by_label(*text, "writemagic_mailbox_backlog", "actor");
  reply r;
  r.text = "root (" + ctx.conn.describe() + ")\n";
  tree_text(r.text, *kids, backlog, "");
  codecs::json_writer w;
  w.begin_object().key("children");
  tree_json(w, *kids, backlog);
  w.end_object();
  r.json = w.take();
  return r;
}

result<reply> cmd_metrics(command_context& ctx, const std::vector<std::string>& words) {
  auto args = parse_command_args(words, 1, {}, {"--json"});
  if (!args) return std::move(args).error();
  if (!args->positional.empty()) return failure{errc::invalid_input, "usage: metrics [--json]"};
  auto metrics = caf::actor_cast<metrics_actor>(ctx.conn.service(services::metrics));
  bool as_json = args->has("--json") || ctx.opts.json;
  reply r;
  if (as_json) {
    auto json = ask<std::string>(ctx.conn.system(), metrics, timeout, scrape_json_atom::value);
    if (!json) return std::move(json).error();
    r.text = *json;
    r.json = std::move(*json);
  } else {
    auto text = ask<std::string>(ctx.conn.system(), metrics, timeout, scrape_atom::value);
    if (!text) return std::move(text).error();
    r.text = std::move(*text);
  }
  return r;
}

result<reply> cmd_config(command_context& ctx, const std::vector<std::string>& words) {
  if (auto st = no_arguments(words); !st) return st.error();
  reply r;
  if (ctx.conn.remote())
    r.text = "# the shell's own configuration (a node does not expose its configuration)\n";
  r.text += config_text(ctx.cfg);
  codecs::json_writer w;
  w.begin_object().key("settings").begin_array();
  for (const auto& s : ctx.cfg.settings())
    w.begin_object()
        .key("key")
        .value(s.key)
        .key("value")
        .value(s.value)
        .key("origin")
        .value(s.origin)
        .end_object();
  w.end_array().key("caf").begin_array();
  for (const auto& o : ctx.cfg.caf_options())
    w.begin_object()
        .key("key")
        .value(o.key)
        .key("value")
        .value(o.value)
        .key("origin")
        .value(o.origin)
        .end_object();
  w.end_array().key("remote").value(ctx.conn.remote()).end_object();
  r.json = w.take();
  return r;
}

result<reply> cmd_shutdown(command_context& ctx, const std::vector<std::string>& words) {
  if (auto st = no_arguments(words); !st) return st.error();
  auto report = ctx.conn.shutdown();
  if (!report) return std::move(report).error();
  // Embedded: nothing is left to talk to. Remote: the node goes away.
  ctx.quit = true;
  reply r;
  r.text = std::string{"shutdown "} + (report->clean ? "clean" : "NOT clean") + " in " +
           std::to_string(report->total_ms) + " ms\n";
  codecs::json_writer w;
  w.begin_object().key("clean").value(report->clean).key("total_ms").value(report->total_ms);
  w.key("steps").begin_array();
  for (const auto& step : report->steps) {
    r.text += std::string{"  "} + to_string(step.phase) + " " + step.subscriber + ": " +
              to_string(step.outcome) + " after " + std::to_string(step.elapsed_ms) + " ms\n";
    w.begin_object().key("phase").value(to_string(step.phase));
    w.key("subscriber").value(step.subscriber).key("outcome").value(to_string(step.outcome));
    w.key("elapsed_ms").value(step.elapsed_ms).end_object();
  }
  w.end_array().end_object();
  r.json = w.take();
  return r;
}

result<reply> cmd_quit(command_context& ctx, const std::vector<std::string>& words) {
  if (auto st = no_arguments(words); !st) return st.error();
  ctx.quit = true;
  return reply{"", "{\"quit\":true}"};
}

}  // namespace wm::shell
