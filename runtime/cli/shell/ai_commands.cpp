// `ai complete|rewrite|summarize|cancel` and `providers`. Completions stream: a sink actor
// prints each chunk the moment it arrives; Ctrl-C sends cancel for the request to the
// gateway (from the interrupt watcher thread) and the shell waits for the cancelled answer.
#include <caf/all.hpp>

#include <atomic>
#include <memory>
#include <random>

#include "actors/ai/ai_settings.hpp"
#include "actors/ai/ai_writer.hpp"
#include "adapters/codecs/json_writer.hpp"
#include "messages/interfaces.hpp"
#include "messages/service_names.hpp"
#include "runtime/cli/shell/ask.hpp"
#include "runtime/cli/shell/command_args.hpp"
#include "runtime/cli/shell/command_context.hpp"
#include "runtime/cli/shell/doc_access.hpp"

namespace wm::shell {

namespace {

using sink_flush_atom = ping_atom;  // the sink's barrier: answered after every earlier chunk

std::string new_request_id() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char hex[] = "0123456789abcdef";
  std::string id = "shell-";
  auto x = rng();
  for (int i = 0; i < 12; ++i, x >>= 4) id += hex[x & 15];
  return id;
}

struct sink_state {
  bool ended_with_newline = true;
  bool wrote = false;
};

// Prints chunks as they come (text mode) and answers a flush once it printed all before it.
caf::behavior printing_sink(caf::stateful_actor<sink_state>* self, std::FILE* out, bool print) {
  return {
      [=](const completion_chunk& chunk) {
        if (!print || chunk.text.empty()) return;
        std::fwrite(chunk.text.data(), 1, chunk.text.size(), out);
        std::fflush(out);
        self->state.wrote = true;
        self->state.ended_with_newline = chunk.text.back() == '\n';
      },
      [=](sink_flush_atom, uint64_t) -> uint64_t {
        return self->state.wrote && !self->state.ended_with_newline ? 1 : 0;
      },
  };
}

gateway_actor gateway_of(command_context& ctx) {
  return caf::actor_cast<gateway_actor>(ctx.conn.service(services::gateway));
}

failure gateway_missing() {
  return failure{errc::unavailable,
                 "the AI gateway is not running (configure a [provider.NAME] section)"};
}

std::string result_json(const completion_result& res) {
  codecs::json_writer w;
  w.begin_object();
  w.key("request_id").value(res.request_id);
  w.key("text").value(res.text);
  w.key("finish_reason").value(res.finish_reason);
  w.key("provider").value(res.provider);
  w.key("model").value(res.model);
  w.key("usage").begin_object();
  w.key("prompt_tokens").value(res.usage.prompt_tokens);
  w.key("completion_tokens").value(res.usage.completion_tokens);
  w.end_object();
  w.key("attempts").value(static_cast<uint64_t>(res.attempts));
  w.end_object();
  return w.take();
}

// Runs one completion, streaming to the terminal unless --json / --no-stream.
result<reply> run_completion(command_context& ctx, completion_request req, bool stream) {
  auto gateway = gateway_of(ctx);
  if (!gateway) return gateway_missing();
  auto& sys = ctx.conn.system();
  bool print = stream && !ctx.opts.json;
  req.request_id = new_request_id();
  req.stream = stream;
  auto deadline = ctx.cfg.get_duration("ai.request_deadline") + std::chrono::seconds(10);
  // Ctrl-C: tell the gateway; its answer to the request (cancelled) ends the wait below. A
  // cancel that reached the gateway before the request did found nothing to stop: it is sent
  // again once the request is out (after it in the gateway's mailbox).
  auto interrupted = std::make_shared<std::atomic<bool>>(false);
  interrupt_watcher::scope on_interrupt{ctx.irq, [gateway, interrupted, id = req.request_id] {
                                          interrupted->store(true);
                                          caf::anon_send(gateway, cancel_atom::value, id);
                                        }};
  auto cancel_if_interrupted = [&] {
    if (interrupted->load()) caf::anon_send(gateway, cancel_atom::value, req.request_id);
  };
  std::optional<result<completion_result>> outcome;
  caf::actor sink;
  {
    caf::scoped_actor self{sys};
    if (stream) {
      sink = sys.spawn(printing_sink, ctx.out, print);
      auto answer = self->request(gateway, deadline, complete_atom::value, req,
                                  caf::actor_cast<stream_sink_actor>(sink));
      cancel_if_interrupted();
      answer.receive([&](completion_result& r) { outcome.emplace(std::move(r)); },
                     [&](caf::error& e) { outcome.emplace(to_failure(e)); });
      // Every chunk reached the sink before the answer; wait until it printed them.
      self->request(sink, std::chrono::seconds(10), sink_flush_atom::value, uint64_t{0})
          .receive(
              [&](uint64_t needs_newline) {
                if (needs_newline) std::fputc('\n', ctx.out);
              },
              [&](caf::error&) {});
      self->send_exit(sink, caf::exit_reason::user_shutdown);
    } else {
      auto answer = self->request(gateway, deadline, complete_atom::value, req);
      cancel_if_interrupted();
      answer.receive([&](completion_result& r) { outcome.emplace(std::move(r)); },
                     [&](caf::error& e) { outcome.emplace(to_failure(e)); });
    }
  }
  std::fflush(ctx.out);
  auto& res = *outcome;
  if (!res) return std::move(res).error();
  if (res->finish_reason == "cancelled")
    return failure{errc::cancelled, "request " + res->request_id + " cancelled"};
  reply r;
  r.json = result_json(*res);
  if (!print) r.text = res->text;
  return r;
}

result<std::string> text_argument(command_context& ctx, const command_args& args,
                                  const std::string& usage) {
  if (const auto* id = args.value("--doc")) {
    if (!args.positional.empty())
      return failure{errc::invalid_input, "give either TEXT or --doc ID, not both"};
    return document_text(ctx, *id);
  }
  if (args.positional.size() != 1) return failure{errc::invalid_input, "usage: " + usage};
  return args.positional[0];
}

result<reply> ai_complete(command_context& ctx, const std::vector<std::string>& words) {
  static const std::string usage =
      "ai complete PROMPT [--model M] [--max-tokens N] [--system TEXT] [--no-stream]";
  auto args =
      parse_command_args(words, 2, {"--model", "--max-tokens", "--system"}, {"--no-stream"});
  if (!args) return std::move(args).error();
  if (args->positional.size() != 1)
    return failure{errc::invalid_input, "usage: " + usage + " (quote a prompt with spaces)"};
  completion_request req;
  if (const auto* m = args->value("--model")) req.model = *m;
  auto max_tokens = args->number("--max-tokens", 1'000'000);
  if (!max_tokens) return std::move(max_tokens).error();
  if (*max_tokens) req.max_tokens = static_cast<uint32_t>(**max_tokens);
  if (const auto* s = args->value("--system")) req.messages.push_back({"system", *s});
  req.messages.push_back({"user", args->positional[0]});
  return run_completion(ctx, std::move(req), !args->has("--no-stream"));
}

// continue / rewrite / summarize / proofread: the configured writing prompts
// (ai.system_prompt, ai.prompt.<op>, the text trimmed to ai.max_context_chars), streamed
// like a completion.
result<reply> ai_writing(command_context& ctx, const std::vector<std::string>& words,
                         writing_op op) {
  std::string usage = "ai " + words[1] + " (TEXT | --doc ID) [--model M] [--no-stream]";
  auto args = parse_command_args(words, 2, {"--doc", "--model"}, {"--no-stream"});
  if (!args) return std::move(args).error();
  auto text = text_argument(ctx, *args, usage);
  if (!text) return std::move(text).error();
  auto req = ai::build_writing_request(ai::writer_settings_from(ctx.cfg), op, *text);
  if (!req) return std::move(req).error();
  if (const auto* m = args->value("--model")) req->model = *m;
  return run_completion(ctx, std::move(*req), !args->has("--no-stream"));
}

result<reply> ai_cancel(command_context& ctx, const std::vector<std::string>& words) {
  auto args = parse_command_args(words, 2, {}, {});
  if (!args) return std::move(args).error();
  if (args->positional.size() != 1)
    return failure{errc::invalid_input, "usage: ai cancel REQUEST_ID"};
  auto gateway = gateway_of(ctx);
  if (!gateway) return gateway_missing();
  auto found = ask<bool>(ctx.conn.system(), gateway, std::chrono::seconds(10), cancel_atom::value,
                         args->positional[0]);
  if (!found) return std::move(found).error();
  if (!*found) return failure{errc::not_found, "no request " + args->positional[0] + " in flight"};
  return reply{"cancelled " + args->positional[0], "{\"cancelled\":true}"};
}

}  // namespace

result<reply> cmd_ai(command_context& ctx, const std::vector<std::string>& words) {
  if (words.size() < 2)
    return failure{errc::invalid_input,
                   "usage: ai complete|continue|rewrite|summarize|proofread|cancel ..."};
  const auto& sub = words[1];
  if (sub == "complete") return ai_complete(ctx, words);
  if (auto op = ai::writing_op_named(sub)) return ai_writing(ctx, words, *op);
  if (sub == "cancel") return ai_cancel(ctx, words);
  return failure{errc::invalid_input, "unknown subcommand 'ai " + sub + "' (complete, " +
                                          ai::writing_op_names() + "; cancel)"};
}

result<reply> cmd_providers(command_context& ctx, const std::vector<std::string>& words) {
  if (words.size() != 1) return failure{errc::invalid_input, "usage: providers"};
  if (!ctx.conn.remote() && ctx.cfg.providers().empty())
    return reply{
        "no providers configured (add a [provider.NAME] section or --set "
        "provider.NAME.kind=openai)\n",
        "{\"providers\":[],\"usage\":[]}"};
  auto gateway = gateway_of(ctx);
  if (!gateway) return gateway_missing();
  auto& sys = ctx.conn.system();
  auto breakers =
      ask<std::vector<breaker_report>>(sys, gateway, std::chrono::seconds(10), breaker_atom::value);
  if (!breakers) return std::move(breakers).error();
  auto usage =
      ask<std::vector<usage_report>>(sys, gateway, std::chrono::seconds(10), usage_atom::value);
  if (!usage) return std::move(usage).error();
  reply r;
  codecs::json_writer w;
  w.begin_object().key("providers").begin_array();
  for (const auto& b : *breakers) {
    char line[512];
    std::snprintf(line, sizeof line,
                  "%-12s breaker %-9s calls %u failures %u (%.0f%%) slow %u in-a-row %u "
                  "refused %llu retry tokens %.1f",
                  b.provider.c_str(), b.state.c_str(), b.calls, b.failures, b.failure_rate,
                  b.slow_calls, b.consecutive_failures,
                  static_cast<unsigned long long>(b.not_permitted), b.retry_tokens);
    r.text += line;
    if (b.state == "open") r.text += " (reopens in " + std::to_string(b.open_remaining_ms) + " ms)";
    if (!b.last_open_reason.empty()) r.text += " last opened: " + b.last_open_reason;
    r.text += "\n";
    w.begin_object();
    w.key("provider").value(b.provider).key("state").value(b.state);
    w.key("calls").value(static_cast<uint64_t>(b.calls));
    w.key("failures").value(static_cast<uint64_t>(b.failures));
    w.key("slow_calls").value(static_cast<uint64_t>(b.slow_calls));
    w.key("failure_rate").value(b.failure_rate).key("slow_call_rate").value(b.slow_call_rate);
    w.key("consecutive_failures").value(static_cast<uint64_t>(b.consecutive_failures));
    w.key("transitions").value(b.transitions).key("not_permitted").value(b.not_permitted);
    w.key("open_remaining_ms").value(b.open_remaining_ms);
    w.key("last_open_reason").value(b.last_open_reason);
    w.key("retry_tokens").value(b.retry_tokens).key("retries_denied").value(b.retries_denied);
    w.end_object();
  }
  w.end_array().key("usage").begin_array();
  if (usage->empty()) r.text += "usage: none yet\n";
  for (const auto& u : *usage) {
    r.text += "usage " + u.provider + "/" + u.model + ": " + std::to_string(u.requests) +
              " requests, " + std::to_string(u.usage.prompt_tokens) + " prompt + " +
              std::to_string(u.usage.completion_tokens) + " completion tokens\n";
    w.begin_object().key("provider").value(u.provider).key("model").value(u.model);
    w.key("requests").value(u.requests);
    w.key("prompt_tokens").value(u.usage.prompt_tokens);
    w.key("completion_tokens").value(u.usage.completion_tokens);
    w.end_object();
  }
  w.end_array().end_object();
  r.json = w.take();
  return r;
}

}  // namespace wm::shell
