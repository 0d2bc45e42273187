#pragma once
// What every route handler needs: the node (actor system, services) and the time budgets.
#include <chrono>
#include <functional>

#include "actors/ai/ai_settings.hpp"
#include "adapters/http_server/http_server.hpp"

namespace wm {
class node;
}

namespace wm::http_api {

struct api_context {
  node* n = nullptr;  // null only when routes are listed without a running node
  http::http_server* server = nullptr;
  std::chrono::milliseconds timeout{30'000};      // document and runtime requests
  std::chrono::milliseconds ai_timeout{150'000};  // AI requests (beyond ai.request_deadline)
  ai::writer_settings writer = ai::default_writer_settings();  // POST /v1/ai/write's prompts
};

// A request's cancellation as the bridge polls it.
inline std::function<bool()> cancel_of(const http::request& req) {
  return [&req] { return req.cancelled(); };
}

// Route groups; each adds its routes to the server (before it starts).
void add_runtime_routes(http::http_server& server, api_context& ctx);
void add_document_routes(http::http_server& server, api_context& ctx);
void add_ai_routes(http::http_server& server, api_context& ctx);
void add_openai_routes(http::http_server& server, api_context& ctx);

}  // namespace wm::http_api
