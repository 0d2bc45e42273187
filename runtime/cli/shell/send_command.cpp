// `send SERVICE MESSAGE [ARGS]`: raw typed messages by name. Each entry of the table builds
// one message of a service's typed interface and renders the typed reply, so the compiler
// still checks every message against the interface.
#include <functional>

#include "adapters/codecs/json_writer.hpp"
#include "messages/cluster.hpp"
#include "messages/interfaces.hpp"
#include "messages/service_names.hpp"
#include "runtime/cli/shell/ask.hpp"
#include "runtime/cli/shell/command_args.hpp"
#include "runtime/cli/shell/command_context.hpp"
#include "runtime/cli/shell/command_table.hpp"

namespace wm::shell {

namespace {

constexpr auto timeout = std::chrono::seconds(30);

using args_t = std::vector<std::string>;
using handler = std::function<result<reply>(command_context&, const args_t&)>;

struct sender {
  std::string_view service;
  std::string_view message;
  size_t arity;
  handler run;
};

reply number_reply(uint64_t n) {
  return {std::to_string(n), std::to_string(n)};
}
reply bool_reply(bool b) {
  return {b ? "true" : "false", b ? "true" : "false"};
}
reply text_reply(std::string s) {
  codecs::json_writer w;
  w.value(s);
  return {std::move(s), w.take()};
}

template <class Handle>
Handle lookup(command_context& ctx, caf::atom_value name) {
  return caf::actor_cast<Handle>(ctx.conn.service(name));
}

template <class R>
result<reply> map_reply(result<R> r, reply (*render)(R)) {
  if (!r) return std::move(r).error();
  return render(std::move(*r));
}

const std::vector<sender>& senders() {
  static const std::vector<sender> table = {
      {"health", "ping", 1,
       [](command_context& ctx, const args_t& a) -> result<reply> {
         auto n = parse_number(a[0], UINT64_MAX, "N");
         if (!n) return std::move(n).error();
         auto h = lookup<echo_actor>(ctx, services::health);
         return map_reply(ask<uint64_t>(ctx.conn.system(), h, timeout, ping_atom::value, *n),
                          number_reply);
       }},
      {"health", "mailbox", 0,
       [](command_context& ctx, const args_t&) -> result<reply> {
         auto h = lookup<echo_actor>(ctx, services::health);
         return map_reply(ask<uint64_t>(ctx.conn.system(), h, timeout, mailbox_atom::value),
                          number_reply);
       }},
      {"metrics", "scrape", 0,
       [](command_context& ctx, const args_t&) -> result<reply> {
         auto h = lookup<metrics_actor>(ctx, services::metrics);
         return map_reply(ask<std::string>(ctx.conn.system(), h, timeout, scrape_atom::value),
                          text_reply);
       }},
      {"metrics", "scrape_json", 0,
       [](command_context& ctx, const args_t&) -> result<reply> {
         auto h = lookup<metrics_actor>(ctx, services::metrics);
         auto r = ask<std::string>(ctx.conn.system(), h, timeout, scrape_json_atom::value);
         if (!r) return std::move(r).error();
         return reply{*r, *r};
       }},
      {"metrics", "sample", 0,
       [](command_context& ctx, const args_t&) -> result<reply> {
         auto h = lookup<metrics_actor>(ctx, services::metrics);
         if (!h) return failure{errc::unavailable, "service not running"};
         caf::anon_send(h, sample_atom::value);
         return reply{"sent", "{\"sent\":true}"};
       }},
      {"metrics", "mailbox", 0,
       [](command_context& ctx, const args_t&) -> result<reply> {
         auto h = lookup<metrics_actor>(ctx, services::metrics);
         return map_reply(ask<uint64_t>(ctx.conn.system(), h, timeout, mailbox_atom::value),
                          number_reply);
       }},
      {"shutdown", "status", 0,
       [](command_context& ctx, const args_t&) -> result<reply> {
         auto h = lookup<shutdown_coordinator_actor>(ctx, services::shutdown);
         return map_reply(ask<bool>(ctx.conn.system(), h, timeout, status_atom::value), bool_reply);
       }},
      {"shutdown", "mailbox", 0,
       [](command_context& ctx, const args_t&) -> result<reply> {
         auto h = lookup<shutdown_coordinator_actor>(ctx, services::shutdown);
         return map_reply(ask<uint64_t>(ctx.conn.system(), h, timeout, mailbox_atom::value),
                          number_reply);
       }},
      {"documents", "get", 1,
       [](command_context& ctx, const args_t& a) -> result<reply> {
         auto h = lookup<documents_actor>(ctx, services::documents);
         auto d = ask<document>(ctx.conn.system(), h, timeout, get_atom::value, a[0]);
         if (!d) return std::move(d).error();
         codecs::json_writer w;
         w.begin_object().key("id").value(d->id).key("title").value(d->title);
         w.key("version").value(d->version).key("content").value(d->content).end_object();
         return reply{d->id + " v" + std::to_string(d->version) + " " + d->title, w.take()};
       }},
      {"documents", "stats", 1,
       [](command_context& ctx, const args_t& a) -> result<reply> {
         auto h = lookup<documents_actor>(ctx, services::documents);
         auto st = ask<text_stats>(ctx.conn.system(), h, timeout, stats_atom::value, a[0]);
         if (!st) return std::move(st).error();
         codecs::json_writer w;
         w.begin_object().key("words").value(st->words).key("characters").value(st->characters);
         w.key("sentences").value(st->sentences).end_object();
         return reply{"words " + std::to_string(st->words) + " characters " +
                          std::to_string(st->characters) + " sentences " +
                          std::to_string(st->sentences),
                      w.take()};
       }},
      {"documents", "mailbox", 0,
       [](command_context& ctx, const args_t&) -> result<reply> {
         auto h = lookup<documents_actor>(ctx, services::documents);
         return map_reply(ask<uint64_t>(ctx.conn.system(), h, timeout, mailbox_atom::value),
                          number_reply);
       }},
      {"gateway", "breaker", 0,
       [](command_context& ctx, const args_t&) -> result<reply> {
         auto h = lookup<gateway_actor>(ctx, services::gateway);
         auto r =
             ask<std::vector<breaker_report>>(ctx.conn.system(), h, timeout, breaker_atom::value);
         if (!r) return std::move(r).error();
         reply out;
         codecs::json_writer w;
         w.begin_array();
         for (const auto& b : *r) {
           out.text += b.provider + " " + b.state + "\n";
           w.begin_object()
               .key("provider")
               .value(b.provider)
               .key("state")
               .value(b.state)
               .end_object();
         }
         w.end_array();
         out.json = w.take();
         return out;
       }},
      {"gateway", "usage", 0,
       [](command_context& ctx, const args_t&) -> result<reply> {
         auto h = lookup<gateway_actor>(ctx, services::gateway);
         auto r = ask<std::vector<usage_report>>(ctx.conn.system(), h, timeout, usage_atom::value);
         if (!r) return std::move(r).error();
         reply out;
         codecs::json_writer w;
         w.begin_array();
         for (const auto& u : *r) {
           out.text +=
               u.provider + "/" + u.model + " requests " + std::to_string(u.requests) + "\n";
           w.begin_object().key("provider").value(u.provider).key("model").value(u.model);
           w.key("requests").value(u.requests).end_object();
         }
         w.end_array();
         out.json = w.take();
         return out;
       }},
      {"gateway", "cancel", 1,
       [](command_context& ctx, const args_t& a) -> result<reply> {
         auto h = lookup<gateway_actor>(ctx, services::gateway);
         return map_reply(ask<bool>(ctx.conn.system(), h, timeout, cancel_atom::value, a[0]),
                          bool_reply);
       }},
      {"gateway", "mailbox", 0,
       [](command_context& ctx, const args_t&) -> result<reply> {
         auto h = lookup<gateway_actor>(ctx, services::gateway);
         return map_reply(ask<uint64_t>(ctx.conn.system(), h, timeout, mailbox_atom::value),
                          number_reply);
       }},
      {"cluster", "members", 0,
       [](command_context& ctx, const args_t&) -> result<reply> {
         auto h = ctx.conn.service(services::cluster);
         if (!h) return failure{errc::unavailable, "this node is not in a cluster"};
         auto r = ask<std::vector<member_info>>(ctx.conn.system(), h, timeout, members_atom::value);
         if (!r) return std::move(r).error();
         reply out;
         codecs::json_writer w;
         w.begin_array();
         for (const auto& m : *r) {
           out.text += m.address + " " + to_string(m.state) + (m.self ? " (this node)" : "") + "\n";
           w.begin_object().key("member").value(m.address).key("state").value(to_string(m.state));
           w.key("self").value(m.self).end_object();
         }
         w.end_array();
         out.json = w.take();
         return out;
       }},
      {"root", "children", 0,
       [](command_context& ctx, const args_t&) -> result<reply> {
         auto kids = ctx.conn.tree();
         if (!kids) return std::move(kids).error();
         reply r;
         codecs::json_writer w;
         w.begin_array();
         for (const auto& k : *kids) {
           r.text +=
               k.name + " " + to_string(k.state) + " restarts " + std::to_string(k.restarts) + "\n";
           w.begin_object().key("name").value(k.name).key("state").value(to_string(k.state));
           w.key("restarts").value(static_cast<uint64_t>(k.restarts)).end_object();
         }
         w.end_array();
         r.json = w.take();
         return r;
       }},
  };
  return table;
}

std::string listing() {
  std::string out = "services and messages (send SERVICE MESSAGE [ARGS]):\n";
  for (const auto& t : send_targets())
    for (const auto& m : t.messages) {
      std::string line = "  " + std::string{t.service} + " " + std::string{m.message};
      if (!m.args.empty()) line += " " + std::string{m.args};
      line.resize(std::max<size_t>(line.size() + 2, 30), ' ');
      out += line + std::string{m.summary} + "\n";
    }
  return out;
}

}  // namespace

std::vector<sendable_message> sendable_messages() {
  std::vector<sendable_message> out;
  for (const auto& s : senders()) out.push_back({s.service, s.message, s.arity});
  return out;
}

result<reply> cmd_send(command_context& ctx, const std::vector<std::string>& words) {
  if (words.size() == 1) return reply{listing(), "null"};
  if (words.size() < 3)
    return failure{errc::invalid_input,
                   "usage: send SERVICE MESSAGE [ARGS...] (`send` lists them)"};
  bool service_known = false;
  for (const auto& s : senders()) {
    if (s.service != words[1]) continue;
    service_known = true;
    if (s.message != words[2]) continue;
    args_t args(words.begin() + 3, words.end());
    if (args.size() != s.arity)
      return failure{errc::invalid_input, "send " + words[1] + " " + words[2] + " takes " +
                                              std::to_string(s.arity) + " argument(s), got " +
                                              std::to_string(args.size())};
    return s.run(ctx, args);
  }
  if (!service_known)
    return failure{errc::not_found, "no service '" + words[1] + "' (`send` lists them)"};
  return failure{errc::not_found,
                 "service " + words[1] + " has no message '" + words[2] + "' (`send` lists them)"};
}

}  // namespace wm::shell
