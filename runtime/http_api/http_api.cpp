#include "runtime/http_api/http_api.hpp"

#include <caf/all.hpp>

#include <cstdlib>

#include "adapters/http_server/bearer_auth.hpp"
#include "adapters/http_server/listen_address.hpp"
#include "messages/interfaces.hpp"
#include "messages/service_names.hpp"
#include "runtime/config/config.hpp"
#include "runtime/logging/log.hpp"
#include "runtime/node/node.hpp"

namespace wm::http_api {

namespace {

// Node-local timer message of the drain subscriber (never crosses nodes).
using drain_tick_atom = caf::atom_constant<caf::atom("wmhttpdrn")>;

struct drain_state {
  caf::response_promise promise;
  std::chrono::steady_clock::time_point cancel_at;
  std::chrono::steady_clock::time_point give_up_at;
  bool active = false;
  bool cancelled = false;
};

// stop_intake: the server refuses new work. drain: ack once nothing is in flight; cancel
// what still runs at 60% of the phase deadline the coordinator sent (node::stop may give a
// shorter one than configured) and ack by 90% at the latest so the coordinator never has
// to cut this subscriber.
caf::behavior intake_subscriber(caf::stateful_actor<drain_state>* self, http::http_server* server) {
  return {
      [=](phase_atom, shutdown_phase phase, caf::timespan phase_deadline) -> caf::result<bool> {
        if (phase == shutdown_phase::stop_intake) {
          server->stop_intake();
          log::info("", "HTTP intake stopped ({} requests in flight)", server->in_flight());
          return true;
        }
        if (phase != shutdown_phase::drain || self->state.active) return true;
        auto now = std::chrono::steady_clock::now();
        self->state.active = true;
        self->state.cancel_at = now + phase_deadline * 6 / 10;
        self->state.give_up_at = now + phase_deadline * 9 / 10;
        self->state.promise = self->make_response_promise();
        self->send(self, drain_tick_atom::value);
        return self->state.promise;
      },
      [=](drain_tick_atom) {
        auto& st = self->state;
        const auto now = std::chrono::steady_clock::now();
        const auto left = server->in_flight();
        if (left == 0 || now >= st.give_up_at) {
          if (left != 0)
            log::warn("", "HTTP drain: {} requests still running at the deadline", left);
          else
            log::info("", "HTTP drain: no requests in flight");
          st.promise.deliver(true);
          st.active = false;
          return;
        }
        if (!st.cancelled && now >= st.cancel_at) {
          st.cancelled = true;
          log::warn("", "HTTP drain: cancelling {} in-flight requests", left);
          server->cancel_in_flight();
        }
        self->delayed_send(self, std::chrono::milliseconds(10), drain_tick_atom::value);
      },
  };
}

}  // namespace

void add_all_routes(http::http_server& server, api_context& ctx) {
  add_runtime_routes(server, ctx);
  add_document_routes(server, ctx);
  add_ai_routes(server, ctx);
  add_openai_routes(server, ctx);
}

std::vector<http::route_def> api_routes() {
  http::http_server server{http::server_options{}};
  api_context ctx;
  ctx.server = &server;
  add_all_routes(server, ctx);
  return server.routes().routes();
}

result<http_settings> http_settings_from(const config& cfg) {
  http_settings out;
  auto addr = http::parse_listen_address(cfg.get_string("http.listen"));
  if (!addr) return failure{errc::invalid_input, "http.listen: " + addr.error().message};
  out.server.listen = *addr;
  out.server.max_body_bytes = static_cast<size_t>(cfg.get_size("http.max_body_bytes"));
  out.server.max_concurrency_per_client =
      static_cast<uint32_t>(cfg.get_int("http.max_concurrency_per_client"));
  out.server.num_threads = static_cast<int>(cfg.get_int("http.threads"));
  out.request_timeout = cfg.get_duration("http.request_timeout");
  out.ai_timeout = cfg.get_duration("ai.request_deadline") + std::chrono::seconds(30);
  out.writer = ai::writer_settings_from(cfg);
  const auto& env = cfg.get_string("http.auth_token_env");
  if (!env.empty()) {
    const char* token = std::getenv(env.c_str());
    if (token == nullptr || *token == '\0')
      return failure{errc::invalid_input,
                     "http.auth_token_env names " + env + ", which is unset or empty"};
    out.server.auth_token = token;
    log::register_secret(out.server.auth_token);
  }
  if (out.server.auth_token.empty() && !http::is_loopback_host(addr->host))
    return failure{errc::invalid_input,
                   "http.listen " + cfg.get_string("http.listen") +
                       " is beyond loopback: set http.auth_token_env to the name of an environment "
                       "variable holding a bearer token (or listen on 127.0.0.1)"};
  return out;
}

result<std::unique_ptr<http_api>> http_api::start(node& n, http_settings settings) {
  std::unique_ptr<http_api> api{new http_api};
  settings.server.metrics = n.metrics_registry_ptr();
  api->server_ = std::make_unique<http::http_server>(settings.server);
  api->ctx_.n = &n;
  api->ctx_.server = api->server_.get();
  api->ctx_.timeout = settings.request_timeout;
  api->ctx_.ai_timeout = settings.ai_timeout;
  api->ctx_.writer = std::move(settings.writer);
  add_all_routes(*api->server_, api->ctx_);
  if (auto st = api->server_->start(); !st) return st.error();
  auto coordinator = n.service<shutdown_coordinator_actor>(services::shutdown);
  api->subscriber_ = n.system().spawn(intake_subscriber, api->server_.get());
  auto sub = caf::actor_cast<shutdown_subscriber_actor>(api->subscriber_);
  caf::anon_send(coordinator, subscribe_atom::value, shutdown_phase::stop_intake,
                 std::string{"http"}, sub);
  caf::anon_send(coordinator, subscribe_atom::value, shutdown_phase::drain, std::string{"http"},
                 sub);
  log::info("", "HTTP API listening on {}:{}{}", settings.server.listen.host, api->port(),
            settings.server.auth_token.empty() ? "" : " (bearer token required)");
  return api;
}

void http_api::stop() {
  if (server_) server_->stop();
  if (subscriber_) {
    caf::anon_send_exit(subscriber_, caf::exit_reason::user_shutdown);
    subscriber_ = nullptr;
  }
}

http_api::~http_api() {
  stop();
}

}  // namespace wm::http_api
