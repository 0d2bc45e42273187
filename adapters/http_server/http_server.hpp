#pragma once
// The node's HTTP server: civetweb's worker threads (one request per thread at a time) run
// a single dispatcher that, for every request and in this order,
//   1. picks the request id (client's X-Request-Id when sane, else a new one),
//   2. answers 503 once intake is stopped (except the always-open probe paths),
//   3. checks the bearer token when one is configured (constant-time compare),
//   4. takes a per-client concurrency slot (429 beyond http.max_concurrency_per_client),
//   5. reads the body up to http.max_body_bytes (413 beyond),
//   6. routes method + path (404 / 405) and runs the handler,
// then counts the request in writemagic_http_* metrics. Every response carries
// X-Request-Id; every error is the one JSON error body with wm::http_status.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/http_server/client_limiter.hpp"
#include "adapters/http_server/listen_address.hpp"
#include "adapters/http_server/reason_phrase.hpp"
#include "adapters/http_server/route_table.hpp"
#include "adapters/prometheus/metrics_registry.hpp"
#include "messages/result.hpp"

struct mg_connection;
struct mg_context;

namespace wm::http {

struct server_options {
  listen_address listen{"127.0.0.1", 8080, false};
  size_t max_body_bytes = 64u << 20;
  uint32_t max_concurrency_per_client = 16;
  // Empty: no auth. start() refuses a non-loopback address without a token.
  std::string auth_token;
  int num_threads = 64;
  std::chrono::milliseconds keep_alive_timeout{10'000};
  std::chrono::milliseconds socket_timeout{30'000};
  // Paths that skip auth, the intake stop and the client limit (liveness/readiness probes).
  std::vector<std::string> probe_paths = {"/healthz", "/readyz"};
  // Request metrics go here when set.
  std::shared_ptr<metrics_registry> metrics;
};

class http_server;

// What a handler sees of a request. Lives on the worker thread for the handler's duration.
class request {
 public:
  std::string_view method() const noexcept { return method_; }
  std::string_view path() const noexcept { return path_; }
  std::string_view query() const noexcept { return query_; }
  const std::string& body() const noexcept { return body_; }
  const std::string& request_id() const noexcept { return request_id_; }
  const std::string& route() const noexcept { return route_; }
  std::string_view client() const noexcept { return client_; }
  const path_params& params() const noexcept { return params_; }
  // The path parameter (empty if the route has none of that name).
  std::string_view param(std::string_view name) const noexcept;
  // A request header (case-insensitive name).
  std::optional<std::string_view> header(std::string_view name) const;
  // Set when the server gives up on in-flight work (shutdown deadline, server stopping):
  // long handlers and streams check it and finish early.
  bool cancelled() const noexcept;

 private:
  friend class http_server;
  mg_connection* conn_ = nullptr;
  const std::atomic<bool>* cancel_ = nullptr;
  std::string method_, path_, query_, body_, request_id_, route_, client_;
  path_params params_;
};

// How a handler answers: one send*() call, or begin_stream() + write_chunk()* + end_stream().
class response {
 public:
  // Extra headers as "Name: value" lines without CRLF.
  void send(int status, std::string_view content_type, std::string_view body,
            const std::vector<std::string>& extra_headers = {});
  void send_json(int status, std::string_view body,
                 const std::vector<std::string>& extra_headers = {});
  // The one JSON error body, status from wm::http_status(f.code).
  void send_error(const failure& f);

  // Chunked response (text/event-stream by default). False when the client is gone.
  bool begin_stream(int status = 200, std::string_view content_type = "text/event-stream");
  bool write_chunk(std::string_view data);
  void end_stream();

  bool sent() const noexcept { return started_; }
  int status() const noexcept { return status_; }
  bool client_gone() const noexcept { return broken_; }

 private:
  friend class http_server;
  bool write_all(std::string_view data);
  std::string head(int status, std::string_view content_type, std::optional<size_t> length,
                   const std::vector<std::string>& extra) const;

  mg_connection* conn_ = nullptr;
  std::string request_id_;
  std::string allow_;  // Allow header for 405
  int status_ = 0;
  bool started_ = false;
  bool streaming_ = false;
  bool ended_ = false;
  bool broken_ = false;
  bool head_only_ = false;  // a HEAD request: the head goes out, never a body byte
};

using handler = std::function<void(request&, response&)>;

class http_server {
 public:
  explicit http_server(server_options options);
  ~http_server();  // stop()
  http_server(const http_server&) = delete;
  http_server& operator=(const http_server&) = delete;

  // Before start() only.
  status add_route(std::string_view method, std::string_view pattern, handler h);

  // Binds and starts the workers. Fails on a non-loopback address without a token, a bad
  // address or a port in use.
  status start();
  uint16_t port() const noexcept { return port_; }

  // New requests (except probes) get 503 shutting_down from now on.
  void stop_intake() noexcept { accepting_.store(false); }
  bool accepting() const noexcept { return accepting_.load(); }
  // Requests currently inside the dispatcher (probes included).
  uint64_t in_flight() const noexcept { return in_flight_.load(); }
  // Flags every in-flight request as cancelled (request::cancelled()).
  void cancel_in_flight() noexcept { cancel_.store(true); }

  // Cancels in-flight work and stops civetweb (joins its workers); idempotent.
  void stop();

  const route_table& routes() const noexcept { return routes_; }
  const server_options& options() const noexcept { return options_; }

 private:
  static int on_begin_request(mg_connection* conn);
  static int on_log_message(const mg_connection* conn, const char* message);
  // Errors civetweb answers itself (a malformed request line, an unsupported HTTP version,
  // a missing Content-Length...) in the same JSON error shape as every other error.
  static int on_http_error(mg_connection* conn, int status, const char* message);
  int dispatch(mg_connection* conn);
  bool is_probe(std::string_view path) const;
  void count(const std::string& route, int status);

  server_options options_;
  route_table routes_;
  std::vector<handler> handlers_;
  client_limiter limiter_;
  mg_context* ctx_ = nullptr;
  uint16_t port_ = 0;
  std::atomic<bool> accepting_{true};
  std::atomic<bool> cancel_{false};
  std::atomic<uint64_t> in_flight_{0};

  // Metrics: handles taken once per route (histograms) or once per route+status (counters).
  prometheus::Gauge* in_flight_gauge_ = nullptr;
  std::vector<prometheus::Histogram*> durations_;  // per route index, then "unmatched"
  std::mutex counters_mu_;
  std::map<std::pair<std::string, int>, prometheus::Counter*> counters_;
};

}  // namespace wm::http
