#pragma once
// The node's HTTP API: the routes of runtime/http_api on the server of adapters/http_server,
// started after the node and stopped in the node's shutdown phases (stop_intake: new
// requests get 503 and /readyz says 503; drain: wait for in-flight requests, cancel them
// shortly before the phase deadline).
#include <chrono>
#include <memory>
#include <vector>

#include <caf/actor.hpp>

#include "adapters/http_server/http_server.hpp"
#include "messages/result.hpp"
#include "runtime/http_api/api_context.hpp"

namespace wm {
class config;
class node;
}  // namespace wm

namespace wm::http_api {

struct http_settings {
  http::server_options server;
  std::chrono::milliseconds request_timeout{30'000};
  std::chrono::milliseconds ai_timeout{150'000};
  ai::writer_settings writer = ai::default_writer_settings();
};

// http.* keys (and ai.request_deadline) to settings. The bearer token comes from the
// environment variable named by http.auth_token_env. Fails (invalid_input) on a bad address,
// a named variable that is unset or empty, and a non-loopback address without a token.
result<http_settings> http_settings_from(const config& cfg);

class http_api {
 public:
  // Adds the routes, starts the server and subscribes to the node's shutdown coordinator.
  static result<std::unique_ptr<http_api>> start(node& n, http_settings settings);
  ~http_api();
  http_api(const http_api&) = delete;
  http_api& operator=(const http_api&) = delete;

  uint16_t port() const noexcept { return server_->port(); }
  http::http_server& server() noexcept { return *server_; }

  // Stops the server (cancelling what still runs) and the shutdown subscriber. Call before
  // the node is destroyed; idempotent.
  void stop();

 private:
  http_api() = default;
  api_context ctx_;
  std::unique_ptr<http::http_server> server_;
  caf::actor subscriber_;
};

// The route table as the server has it, without a node (for the OpenAPI check).
std::vector<http::route_def> api_routes();

// Adds every route group to `server`.
void add_all_routes(http::http_server& server, api_context& ctx);

}  // namespace wm::http_api
