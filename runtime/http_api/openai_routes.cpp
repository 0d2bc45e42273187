// POST /v1/chat/completions: OpenAI's request and response shapes (JSON and SSE with
// `data: [DONE]` and the usage chunk of stream_options.include_usage), served by the gateway.
#include <chrono>

#include "adapters/codecs/json_writer.hpp"
#include "messages/interfaces.hpp"
#include "messages/service_names.hpp"
#include "runtime/errors/error_body.hpp"
#include "runtime/http_api/actor_bridge.hpp"
#include "runtime/http_api/api_context.hpp"
#include "runtime/http_api/chat_body.hpp"
#include "runtime/http_api/completion_bridge.hpp"
#include "runtime/node/node.hpp"

namespace wm::http_api {

namespace {

int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void write_usage(codecs::json_writer& w, const token_usage& u) {
  w.begin_object();
  w.key("prompt_tokens").value(u.prompt_tokens);
  w.key("completion_tokens").value(u.completion_tokens);
  w.key("total_tokens").value(u.prompt_tokens + u.completion_tokens);
  w.end_object();
}

// One chat.completion.chunk. `delta` is raw JSON; finish_reason empty = null.
std::string chunk(const std::string& id, int64_t created, const std::string& model,
                  std::string_view delta, std::string_view finish_reason, bool usage_null) {
  codecs::json_writer w;
  w.begin_object();
  w.key("id").value(id).key("object").value("chat.completion.chunk");
  w.key("created").value(created).key("model").value(model);
  w.key("system_fingerprint").null();
  w.key("choices").begin_array().begin_object();
  w.key("index").value(0).key("delta").raw(delta).key("logprobs").null();
  w.key("finish_reason");
  if (finish_reason.empty())
    w.null();
  else
    w.value(finish_reason);
  w.end_object().end_array();
  if (usage_null) w.key("usage").null();
  w.end_object();
  return "data: " + w.take() + "\n\n";
}

void cancel_at_gateway(api_context& ctx, const std::string& request_id) {
  auto gw = ctx.n->service<gateway_actor>(services::gateway);
  if (gw) caf::anon_send(gw, cancel_atom::value, request_id);
}

void stream_chat(api_context& ctx, http::request& req, http::response& res,
                 const chat_request& chat, gateway_actor gateway) {
  const std::string id = "chatcmpl-" + req.request_id();
  const int64_t created = unix_now();
  const std::string& model = chat.req.model;
  auto stream = completion_stream::start(ctx.n->system(), gateway, chat.req, ctx.ai_timeout);
  if (!res.begin_stream()) return cancel_at_gateway(ctx, req.request_id());
  if (!res.write_chunk(chunk(id, created, model, R"({"role":"assistant","content":""})", "",
                             chat.include_usage)))
    return cancel_at_gateway(ctx, req.request_id());
  for (;;) {
    auto ev = stream->next(cancel_of(req));
    if (ev.cancelled) {
      cancel_at_gateway(ctx, req.request_id());
      res.write_chunk(
          "data: " +
          error_body_json({errc::shutting_down, "the node is shutting down"}, req.request_id()) +
          "\n\n");
      return;
    }
    if (!ev.text.empty()) {
      codecs::json_writer d;
      d.begin_object().key("content").value(ev.text).end_object();
      if (!res.write_chunk(chunk(id, created, model, d.str(), "", chat.include_usage)))
        return cancel_at_gateway(ctx, req.request_id());
    }
    if (!ev.final) continue;
    if (!*ev.final) {
      // OpenAI reports a failure inside a stream as a data event with an error object.
      res.write_chunk("data: " + error_body_json(ev.final->error(), req.request_id()) + "\n\n");
      return;
    }
    const auto& r = **ev.final;
    res.write_chunk(
        chunk(id, created, model, "{}", openai_finish_reason(r.finish_reason), chat.include_usage));
    if (chat.include_usage) {
      codecs::json_writer w;
      w.begin_object();
      w.key("id").value(id).key("object").value("chat.completion.chunk");
      w.key("created").value(created).key("model").value(model);
      w.key("system_fingerprint").null();
      w.key("choices").begin_array().end_array();
      w.key("usage");
      write_usage(w, r.usage);
      w.end_object();
      res.write_chunk("data: " + w.take() + "\n\n");
    }
    res.write_chunk("data: [DONE]\n\n");
    return;
  }
}

}  // namespace

void add_openai_routes(http::http_server& server, api_context& ctx) {
  server.add_route("POST", "/v1/chat/completions", [&ctx](http::request& req, http::response& res) {
    auto chat = read_chat_body(req.body());
    if (!chat) return res.send_error(chat.error());
    chat->req.request_id = req.request_id();
    auto gateway = ctx.n->service<gateway_actor>(services::gateway);
    if (!gateway) return res.send_error({errc::unavailable, "AI gateway not running"});
    if (chat->req.stream) return stream_chat(ctx, req, res, *chat, gateway);
    auto r = call<completion_result>(ctx.n->system(), gateway, ctx.ai_timeout, cancel_of(req),
                                     complete_atom::value, chat->req);
    if (!r) {
      if (r.error().code == errc::cancelled) cancel_at_gateway(ctx, req.request_id());
      return res.send_error(r.error());
    }
    codecs::json_writer w;
    w.begin_object();
    w.key("id").value("chatcmpl-" + req.request_id());
    w.key("object").value("chat.completion");
    w.key("created").value(unix_now());
    w.key("model").value(r->model.empty() ? chat->req.model : r->model);
    w.key("system_fingerprint").null();
    w.key("choices").begin_array().begin_object();
    w.key("index").value(0);
    w.key("message").begin_object();
    w.key("role").value("assistant").key("content").value(r->text).key("refusal").null();
    w.end_object();
    w.key("logprobs").null();
    w.key("finish_reason").value(openai_finish_reason(r->finish_reason));
    w.end_object().end_array();
    w.key("usage");
    write_usage(w, r->usage);
    w.end_object();
    res.send_json(200, w.str());
  });
}

}  // namespace wm::http_api
