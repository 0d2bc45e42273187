// POST /v1/ai/complete and POST /v1/ai/write (JSON or SSE), POST /v1/ai/cancel/{request_id},
// GET /v1/ai/providers.

#include "actors/ai/ai_writer.hpp"
#include "adapters/codecs/json_writer.hpp"
#include "messages/interfaces.hpp"
#include "messages/service_names.hpp"
#include "runtime/errors/error_body.hpp"
#include "runtime/http_api/actor_bridge.hpp"
#include "runtime/http_api/api_context.hpp"
#include "runtime/http_api/chat_body.hpp"
#include "runtime/http_api/completion_bridge.hpp"
#include "runtime/logging/log.hpp"
#include "runtime/node/node.hpp"

namespace wm::http_api {

namespace {

void write_result(codecs::json_writer& w, const completion_result& r) {
  w.begin_object();
  w.key("request_id").value(r.request_id);
  w.key("text").value(r.text);
  w.key("finish_reason").value(r.finish_reason);
  w.key("provider").value(r.provider);
  w.key("model").value(r.model);
  w.key("usage").begin_object();
  w.key("prompt_tokens").value(r.usage.prompt_tokens);
  w.key("completion_tokens").value(r.usage.completion_tokens);
  w.key("total_tokens").value(r.usage.prompt_tokens + r.usage.completion_tokens);
  w.end_object();
  w.key("attempts").value(static_cast<uint64_t>(r.attempts));
  w.end_object();
}

std::string sse_event(std::string_view name, std::string_view data) {
  std::string out = "event: ";
  out.append(name).append("\ndata: ").append(data).append("\n\n");
  return out;
}

void cancel_at_gateway(api_context& ctx, const std::string& request_id) {
  auto gw = ctx.n->service<gateway_actor>(services::gateway);
  if (gw) caf::anon_send(gw, cancel_atom::value, request_id);
}

// Runs one completion for an HTTP request: the whole result as JSON, or (stream) SSE events
// chunk..., then done or error. The request id is the HTTP request's, so cancel finds it.
void serve_completion(api_context& ctx, http::request& req, http::response& res,
                      completion_request& creq) {
  creq.request_id = req.request_id();
  auto gateway = ctx.n->service<gateway_actor>(services::gateway);
  if (!creq.stream) {
    auto r = call<completion_result>(ctx.n->system(), gateway, ctx.ai_timeout, cancel_of(req),
                                     complete_atom::value, creq);
    if (!r) {
      if (r.error().code == errc::cancelled) cancel_at_gateway(ctx, req.request_id());
      return res.send_error(r.error());
    }
    codecs::json_writer w;
    write_result(w, *r);
    return res.send_json(200, w.str());
  }
  if (!gateway) return res.send_error({errc::unavailable, "AI gateway not running"});
  auto stream = completion_stream::start(ctx.n->system(), gateway, creq, ctx.ai_timeout);
  if (!res.begin_stream()) return cancel_at_gateway(ctx, req.request_id());
  for (;;) {
    auto ev = stream->next(cancel_of(req));
    if (ev.cancelled) {
      cancel_at_gateway(ctx, req.request_id());
      res.write_chunk(sse_event(
          "error",
          error_body_json({errc::shutting_down, "the node is shutting down"}, req.request_id())));
      return;
    }
    if (!ev.text.empty()) {
      codecs::json_writer w;
      w.begin_object().key("request_id").value(req.request_id()).key("text").value(ev.text);
      w.end_object();
      if (!res.write_chunk(sse_event("chunk", w.str()))) {
        log::info(req.request_id(), "client went away during an AI stream; cancelling");
        return cancel_at_gateway(ctx, req.request_id());
      }
    }
    if (ev.final) {
      if (*ev.final) {
        codecs::json_writer w;
        write_result(w, **ev.final);
        res.write_chunk(sse_event("done", w.str()));
      } else {
        res.write_chunk(sse_event("error", error_body_json(ev.final->error(), req.request_id())));
      }
      return;
    }
  }
}

}  // namespace

void add_ai_routes(http::http_server& server, api_context& ctx) {
  server.add_route("POST", "/v1/ai/complete", [&ctx](http::request& req, http::response& res) {
    auto creq = read_complete_body(req.body());
    if (!creq) return res.send_error(creq.error());
    serve_completion(ctx, req, res, *creq);
  });

  // A writing operation on a text or on a document's current content, through the
  // configured prompt (ai.system_prompt, ai.prompt.<operation>, ai.max_context_chars).
  server.add_route("POST", "/v1/ai/write", [&ctx](http::request& req, http::response& res) {
    auto body = read_write_body(req.body());
    if (!body) return res.send_error(body.error());
    if (!body->document_id.empty()) {
      auto doc =
          call<document>(ctx.n->system(), ctx.n->service<documents_actor>(services::documents),
                         ctx.timeout, cancel_of(req), get_atom::value, body->document_id);
      if (!doc) return res.send_error(doc.error());
      body->text = std::move(doc->content);
    }
    auto creq =
        ai::build_writing_request(ctx.writer, body->op, body->text, std::move(body->options));
    if (!creq) return res.send_error(creq.error());
    serve_completion(ctx, req, res, *creq);
  });

  server.add_route(
      "POST", "/v1/ai/cancel/{request_id}", [&ctx](http::request& req, http::response& res) {
        const std::string id{req.param("request_id")};
        auto ok = call<bool>(ctx.n->system(), ctx.n->service<gateway_actor>(services::gateway),
                             ctx.timeout, cancel_of(req), cancel_atom::value, id);
        if (!ok) return res.send_error(ok.error());
        if (!*ok) return res.send_error({errc::not_found, "no AI request in flight with id " + id});
        codecs::json_writer w;
        w.begin_object().key("request_id").value(id).key("cancelled").value(true);
        w.end_object();
        res.send_json(200, w.str());
      });

  server.add_route("GET", "/v1/ai/providers", [&ctx](http::request& req, http::response& res) {
    auto& sys = ctx.n->system();
    auto gateway = ctx.n->service<gateway_actor>(services::gateway);
    auto breakers = call<std::vector<breaker_report>>(sys, gateway, ctx.timeout, cancel_of(req),
                                                      breaker_atom::value);
    if (!breakers) return res.send_error(breakers.error());
    auto usage = call<std::vector<usage_report>>(sys, gateway, ctx.timeout, cancel_of(req),
                                                 usage_atom::value);
    if (!usage) return res.send_error(usage.error());
    codecs::json_writer w;
    w.begin_object().key("providers").begin_array();
    for (const auto& b : *breakers) {
      w.begin_object();
      w.key("provider").value(b.provider);
      w.key("breaker").begin_object();
      w.key("state").value(b.state);
      w.key("calls").value(static_cast<uint64_t>(b.calls));
      w.key("failures").value(static_cast<uint64_t>(b.failures));
      w.key("slow_calls").value(static_cast<uint64_t>(b.slow_calls));
      w.key("failure_rate").value(b.failure_rate);
      w.key("slow_call_rate").value(b.slow_call_rate);
      w.key("consecutive_failures").value(static_cast<uint64_t>(b.consecutive_failures));
      w.key("transitions").value(b.transitions);
      w.key("not_permitted").value(b.not_permitted);
      w.key("open_remaining_ms").value(b.open_remaining_ms);
      w.key("last_open_reason").value(b.last_open_reason);
      w.end_object();
      w.key("retry_budget").begin_object();
      w.key("tokens").value(b.retry_tokens);
      w.key("retries_denied").value(b.retries_denied);
      w.end_object();
      w.end_object();
    }
    w.end_array().key("usage").begin_array();
    for (const auto& u : *usage) {
      w.begin_object();
      w.key("provider").value(u.provider);
      w.key("model").value(u.model);
      w.key("requests").value(u.requests);
      w.key("prompt_tokens").value(u.usage.prompt_tokens);
      w.key("completion_tokens").value(u.usage.completion_tokens);
      w.end_object();
    }
    w.end_array().end_object();
    res.send_json(200, w.str());
  });
}

}  // namespace wm::http_api
