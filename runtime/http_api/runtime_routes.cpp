// GET /healthz, /readyz, /metrics, /v1/runtime/actors.
#include "adapters/codecs/json_writer.hpp"
#include "messages/interfaces.hpp"
#include "messages/service_names.hpp"
#include "runtime/http_api/actor_bridge.hpp"
#include "runtime/http_api/api_context.hpp"
#include "runtime/node/node.hpp"

namespace wm::http_api {

namespace {

void write_children(codecs::json_writer& w, const std::vector<child_info>& kids) {
  w.begin_array();
  for (const auto& k : kids) {
    w.begin_object();
    w.key("name").value(k.name);
    w.key("state").value(to_string(k.state));
    w.key("restarts").value(static_cast<uint64_t>(k.restarts));
    w.key("actor_id").value(k.actor_id);
    w.key("last_exit").value(k.last_exit);
    w.key("is_supervisor").value(k.is_supervisor);
    if (k.is_supervisor) {
      w.key("children");
      write_children(w, k.children);
    }
    w.end_object();
  }
  w.end_array();
}

// The first child (depth first) that is not running, if any.
const child_info* first_unhealthy(const std::vector<child_info>& kids) {
  for (const auto& k : kids) {
    if (k.state != child_state::running) return &k;
    if (const auto* bad = first_unhealthy(k.children)) return bad;
  }
  return nullptr;
}

}  // namespace

void add_runtime_routes(http::http_server& server, api_context& ctx) {
  server.add_route("GET", "/healthz", [](http::request&, http::response& res) {
    res.send_json(200, R"({"status":"ok"})");
  });

  server.add_route("GET", "/readyz", [&ctx](http::request& req, http::response& res) {
    auto not_ready = [&](std::string why) {
      res.send_json(503, [&] {
        codecs::json_writer w;
        w.begin_object().key("status").value("unavailable").key("reason").value(why).end_object();
        return w.take();
      }());
    };
    if (!ctx.server->accepting()) return not_ready("shutting down");
    auto& sys = ctx.n->system();
    auto pong = call<uint64_t>(sys, ctx.n->service<echo_actor>(services::health), ctx.timeout,
                               cancel_of(req), ping_atom::value, uint64_t{42});
    if (!pong || *pong != 42) return not_ready("health actor does not answer");
    auto tree = call<std::vector<child_info>>(sys, ctx.n->root(), ctx.timeout, cancel_of(req),
                                              list_children_atom::value);
    if (!tree) return not_ready("supervision tree does not answer: " + tree.error().message);
    if (const auto* bad = first_unhealthy(*tree))
      return not_ready("service " + bad->name + " is " + to_string(bad->state));
    res.send_json(200, R"({"status":"ready"})");
  });

  server.add_route("GET", "/metrics", [&ctx](http::request& req, http::response& res) {
    auto text = call<std::string>(ctx.n->system(), ctx.n->service<metrics_actor>(services::metrics),
                                  ctx.timeout, cancel_of(req), scrape_atom::value);
    if (!text) return res.send_error(text.error());
    res.send(200, "text/plain; version=0.0.4; charset=utf-8", *text);
  });

  server.add_route("GET", "/v1/runtime/actors", [&ctx](http::request& req, http::response& res) {
    auto tree = call<std::vector<child_info>>(ctx.n->system(), ctx.n->root(), ctx.timeout,
                                              cancel_of(req), list_children_atom::value);
    if (!tree) return res.send_error(tree.error());
    codecs::json_writer w;
    w.begin_object().key("name").value("root").key("is_supervisor").value(true);
    w.key("children");
    write_children(w, *tree);
    w.end_object();
    res.send_json(200, w.str());
  });
}

}  // namespace wm::http_api
